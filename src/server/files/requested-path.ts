// Turns the path a caller sent into a normalized POSIX path relative to the workspace root, or
// says why it can never name a file inside the workspace. Pure: no filesystem, no audit.
//
// The input is taken literally, byte for byte as a JS string:
// - Percent-encoding is NOT decoded: `%2e%2e%2f` is a file name, never a traversal. HTTP layers
//   decode once; whatever is left (`%252e` → `%2e`) stays literal here.
// - Only `/` separates folders. A backslash is refused outright rather than kept as a literal
//   character: Windows clients, zip/tar tools and shells downstream would read it as a separator.
// - Unicode lookalikes (fullwidth `．．／`, one-dot leader `․`, division slash `∕`…) are ordinary
//   characters in a name. Nothing here applies NFKC, so they can never turn into `..` or `/`.
// - Control characters, invisible format characters (zero-width, bidi overrides) and lone UTF-16
//   surrogates are refused: they make two different names look the same in listings and logs,
//   and a lone surrogate has no UTF-8 encoding at all (overlong UTF-8 cannot reach us: the
//   decoder turns it into U+FFFD, an ordinary character).
// - `..` may not step above the root even temporarily (`../ws/x` is refused although it would
//   land back inside): a path that needs to leave the workspace to name something is suspect.
// - A leading `/` means the workspace root, as the persistent-workspaces API's clients send paths
//   (`/code.py`): the workspace is the caller's whole filesystem. Three spellings are stripped
//   first, longest match wins: the host root (as registered, or its real path), and the sandbox's
//   mount `/workspace`, so a path copied from a command's output (`/workspace/src/x.ts`) names
//   the same file. Whatever is left is relative and checked like any other path, so `..` still
//   cannot climb above the root (`/../etc/passwd` is refused, `/etc/passwd` is `etc/passwd`
//   inside the workspace). A top-level folder literally named `workspace` stays reachable as
//   `workspace/…` (no leading slash).

export type SyntaxDenyReason = "invalid_path" | "outside_workspace";

export type SyntaxVerdict = { ok: true; relative: string } | { ok: false; reason: SyntaxDenyReason; message: string };

/** Linux PATH_MAX and NAME_MAX, in bytes of UTF-8. */
export const MAX_PATH_BYTES = 4096;
export const MAX_NAME_BYTES = 255;

/** Where sandboxes see the workspace (src/server/sandbox/cwd.ts); a leading `/workspace/` names the same files. */
export const SANDBOX_MOUNT = "/workspace";

/** The root of the workspace as a relative path. `GuardedPath.relative` uses it too. */
export const ROOT_RELATIVE = "";

/** `parent/name` for relative paths, where the root is `""`. */
export function joinRelative(parent: string, name: string): string {
  return parent === ROOT_RELATIVE ? name : `${parent}/${name}`;
}

// Zero-width and joiner characters, bidi marks/overrides/isolates (incl. the Arabic letter mark), word joiner and invisible
// operators, line/paragraph separators, BOM, soft hyphen, Mongolian vowel separator, interlinear
// annotation marks. Listed explicitly (not by Unicode category) so the set is easy to review.
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/u;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

const invalid = (message: string): SyntaxVerdict => ({ ok: false, reason: "invalid_path", message });
const outside = (message: string): SyntaxVerdict => ({ ok: false, reason: "outside_workspace", message });

const OUTSIDE_DOTDOT = "This path climbs above the workspace root with `..`. Use a path relative to the workspace root, without leading `..`.";

/** Checks the characters and length of a path; null when they are acceptable. */
export function characterProblem(raw: string): string | null {
  if (raw.length === 0) return "The path is empty. Use `.` for the workspace root.";
  if (raw.includes("\0")) return "The path contains a null byte. Remove it and try again.";
  if (hasControlCharacter(raw)) return "The path contains a control character (newline, tab, escape…). File names in Atrium cannot contain them.";
  if (LONE_SURROGATE.test(raw)) return "The path is not valid Unicode (it holds a lone UTF-16 surrogate). Send it as proper UTF-8.";
  if (INVISIBLE.test(raw)) return "The path contains an invisible formatting character (zero-width space, direction override…), which can disguise a name. Remove it.";
  if (raw.includes("\\")) return "Backslashes are not allowed in paths. Use `/` to separate folders.";
  if (Buffer.byteLength(raw, "utf8") > MAX_PATH_BYTES) return `The path is longer than ${MAX_PATH_BYTES} bytes. Use a shorter path.`;
  return null;
}

function segmentsOf(p: string): string[] {
  return p.split("/").filter((s) => s !== "" && s !== ".");
}

/** Resolves `.`/`..` in relative segments without ever going above the start. */
function collapse(segments: readonly string[]): string[] | null {
  const out: string[] = [];
  for (const s of segments) {
    if (s === "..") {
      if (out.length === 0) return null;
      out.pop();
    } else {
      out.push(s);
    }
  }
  return out;
}

/** The segments of `raw` after the longest matching root prefix, or null when no root is a literal prefix. */
function stripRoot(raw: string, roots: readonly string[]): string[] | null {
  const asked = segmentsOf(raw);
  for (const root of [...roots].sort((a, b) => segmentsOf(b).length - segmentsOf(a).length)) {
    if (!root.startsWith("/")) continue;
    const rootSegments = segmentsOf(root);
    if (rootSegments.includes("..")) continue;
    if (rootSegments.length > asked.length) continue;
    if (rootSegments.every((s, i) => asked[i] === s)) return asked.slice(rootSegments.length);
  }
  return null;
}

/**
 * Normalizes `raw` to a path relative to the root (`""` for the root itself), or explains why it
 * is refused. `roots` are the absolute spellings of the root that an absolute input may start with.
 */
export function parseRequestedPath(raw: unknown, roots: readonly string[] = []): SyntaxVerdict {
  if (typeof raw !== "string") return invalid("A path must be a string.");
  const problem = characterProblem(raw);
  if (problem) return invalid(problem);

  // Not stripping a prefix is fine: the rest is read relative to the root, never as a host path.
  const segments = raw.startsWith("/") ? (stripRoot(raw, [...roots, SANDBOX_MOUNT]) ?? segmentsOf(raw)) : segmentsOf(raw);
  const collapsed = collapse(segments);
  if (!collapsed) return outside(OUTSIDE_DOTDOT);
  for (const name of collapsed) {
    if (Buffer.byteLength(name, "utf8") > MAX_NAME_BYTES) return invalid(`A name in this path is longer than ${MAX_NAME_BYTES} bytes. Use a shorter name.`);
  }
  return { ok: true, relative: collapsed.join("/") };
}
