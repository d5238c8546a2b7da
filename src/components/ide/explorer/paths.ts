// Workspace path helpers for the IDE: paths are workspace-relative, `/`-separated, "" is the root.
// Pure, so the explorer, tabs and uploads agree on what a path is and tests can pin it down.

export function baseName(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? path : path.slice(i + 1);
}

/** "" for a top-level entry. */
export function parentOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

export function joinPath(dir: string, name: string): string {
  const clean = name.replace(/^\/+|\/+$/g, "");
  return dir === "" ? clean : clean === "" ? dir : `${dir}/${clean}`;
}

/** Every folder above `path`, outermost first: "a/b/c.txt" → ["a", "a/b"]. */
export function ancestorsOf(path: string): string[] {
  const parts = path.split("/");
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join("/"));
  return out;
}

/** `path` is `ancestor` itself or inside it ("" contains everything). */
export function isSameOrInside(path: string, ancestor: string): boolean {
  return ancestor === "" || path === ancestor || path.startsWith(`${ancestor}/`);
}

/** Where `path` ends up when `from` moves to `to`; null when the move does not touch it. */
export function movedPath(path: string, from: string, to: string): string | null {
  if (path === from) return to;
  if (from !== "" && path.startsWith(`${from}/`)) return `${to}${path.slice(from.length)}`;
  return null;
}

/** "main.py" → "py", "Makefile" → "", ".gitignore" → "" (a dot file has no extension). */
export function extensionOf(name: string): string {
  const i = name.lastIndexOf(".");
  return i <= 0 ? "" : name.slice(i + 1).toLowerCase();
}

/**
 * What is wrong with a name typed for a new or renamed entry, or null. A slash makes folders on
 * the way ("src/app.ts"), as in VS Code; empty segments and `.`/`..` are refused here so the person
 * learns at once rather than from the server.
 */
export function nameProblem(name: string, siblings: readonly string[] = [], current?: string): string | null {
  const trimmed = name.trim();
  if (trimmed === "") return "Type a name.";
  if (trimmed !== name) return "Names cannot start or end with spaces.";
  if (name.startsWith("/")) return "Type a name relative to this folder, without a leading slash.";
  const segments = name.split("/");
  if (segments.some((s) => s === "")) return "A name cannot have an empty part between slashes.";
  if (segments.some((s) => s === "." || s === "..")) return "“.” and “..” are not allowed as names.";
  if (name.includes("\0")) return "Names cannot contain a NUL character.";
  if (name !== current && siblings.includes(segments[0]!) && segments.length === 1) return `${name} already exists here. Pick another name.`;
  return null;
}

/** A free name for a copy, VS Code style: "app.ts" → "app copy.ts", then "app copy 2.ts". */
export function duplicateName(name: string, siblings: readonly string[]): string {
  const taken = new Set(siblings);
  const dot = name.lastIndexOf(".");
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : "";
  for (let n = 1; ; n++) {
    const candidate = `${stem} copy${n === 1 ? "" : ` ${n}`}${ext}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The download route for a file (as is) or a folder (as .tar.gz). */
export function downloadUrl(workspaceId: string, path: string): string {
  return `/api/workspaces/${encodeURIComponent(workspaceId)}/files/download?path=${encodeURIComponent(path)}`;
}

export function uploadUrl(workspaceId: string, dir: string): string {
  return `/api/workspaces/${encodeURIComponent(workspaceId)}/files/upload?dir=${encodeURIComponent(dir)}`;
}
