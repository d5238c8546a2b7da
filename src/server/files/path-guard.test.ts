// The path guard's pure half: spelling, protected names, path rules and roles, over the hostile
// corpus. The filesystem half (symlinks, hard links, FIFOs, races) and the audit rows are proved
// in path-guard.int.test.ts.
import { describe, expect, it } from "vitest";
import type { WorkspaceRoleName } from "~/server/auth/types";
import { explainRelative } from "./classify-path";
import { CORPUS_RULES, type Expected, hostileCorpus } from "./hostile-paths.fixture";
import { auditTargetOf, MAX_AUDIT_TARGET_CHARS } from "./path-denial";
import { classifyRelative, type FileOp, isProtectedPath, joinRelative, pathRulePatternProblem } from "./path-guard";
import { matchPathRules, ruleMatches } from "./path-rules-match";
import { protectedMatch } from "./protected-paths";
import { parseRequestedPath } from "./requested-path";

const ROOT = "/srv/atrium/workspaces/ws_1";

/** Everything the guard decides without touching the disk, in the guard's order. */
function pureVerdict(raw: string, op: FileOp, role: WorkspaceRoleName): Expected {
  const parsed = parseRequestedPath(raw, [ROOT]);
  if (!parsed.ok) return parsed.reason;
  return explainRelative(parsed.relative, CORPUS_RULES, op, role)?.reason ?? "inside";
}

describe("hostile path corpus (pure decisions)", () => {
  const corpus = hostileCorpus(ROOT);

  it("has at least 300 distinct hostile paths", () => {
    expect(new Set(corpus.map((e) => e.path)).size).toBeGreaterThanOrEqual(300);
  });

  it("refuses or accepts every path exactly as expected", () => {
    const wrong = corpus
      .map((e) => ({ ...e, got: pureVerdict(e.path, e.op ?? "read", e.role ?? "editor") }))
      .filter((e) => e.got !== e.expect)
      .map((e) => `${e.family} ${JSON.stringify(e.path.slice(0, 80))} ${e.op ?? "read"}/${e.role ?? "editor"}: expected ${e.expect}, got ${e.got}`);
    expect(wrong).toEqual([]);
  });

  it("never produces a relative path that could climb or be absolute", () => {
    for (const e of corpus) {
      const parsed = parseRequestedPath(e.path, [ROOT]);
      if (!parsed.ok) continue;
      const segments = parsed.relative === "" ? [] : parsed.relative.split("/");
      expect(parsed.relative.startsWith("/"), e.path).toBe(false);
      expect(segments.every((s) => s !== "" && s !== "." && s !== ".."), e.path).toBe(true);
      expect(parsed.relative.includes("\\") || parsed.relative.includes("\0"), e.path).toBe(false);
    }
  });
});

describe("parseRequestedPath", () => {
  it("normalizes to a root-relative POSIX path with '' for the root", () => {
    expect(parseRequestedPath(".")).toEqual({ ok: true, relative: "" });
    expect(parseRequestedPath("./src//lib/./x.ts/")).toEqual({ ok: true, relative: "src/lib/x.ts" });
    expect(parseRequestedPath("a/b/../c")).toEqual({ ok: true, relative: "a/c" });
    expect(parseRequestedPath(`${ROOT}/src/x.ts`, [ROOT])).toEqual({ ok: true, relative: "src/x.ts" });
    expect(parseRequestedPath(ROOT, [ROOT])).toEqual({ ok: true, relative: "" });
  });

  it("keeps percent-encoding and lookalikes literal", () => {
    expect(parseRequestedPath("%2e%2e%2fetc")).toEqual({ ok: true, relative: "%2e%2e%2fetc" });
    expect(parseRequestedPath("\uff0e\uff0e\uff0fetc")).toEqual({ ok: true, relative: "\uff0e\uff0e\uff0fetc" });
  });

  it("explains each refusal in words a person can act on", () => {
    const refusal = parseRequestedPath("a\\b");
    expect(refusal).toMatchObject({ ok: false, reason: "invalid_path" });
    expect(refusal.ok ? "" : refusal.message).toMatch(/Use `\/`/u);
    expect(parseRequestedPath("")).toMatchObject({ ok: false, reason: "invalid_path", message: expect.stringMatching(/Use `\.`/u) as unknown });
    expect(parseRequestedPath("../x")).toMatchObject({ ok: false, reason: "outside_workspace" });
    expect(parseRequestedPath(42)).toMatchObject({ ok: false, reason: "invalid_path" });
  });

  it("reads a leading / as the workspace root, strips a root spelling or /workspace first, and still refuses climbing", () => {
    expect(parseRequestedPath("/code.py", [ROOT])).toEqual({ ok: true, relative: "code.py" });
    expect(parseRequestedPath("/etc/passwd", [ROOT])).toEqual({ ok: true, relative: "etc/passwd" });
    expect(parseRequestedPath(`${ROOT}/x`, [ROOT])).toEqual({ ok: true, relative: "x" });
    expect(parseRequestedPath("/real/ws/x", [ROOT, "/real/ws"])).toEqual({ ok: true, relative: "x" });
    expect(parseRequestedPath("/workspace/src/a.ts", [ROOT])).toEqual({ ok: true, relative: "src/a.ts" });
    expect(parseRequestedPath("/workspace", [ROOT])).toEqual({ ok: true, relative: "" });
    expect(parseRequestedPath("/workspaces/a", [ROOT])).toEqual({ ok: true, relative: "workspaces/a" });
    for (const climb of ["/../x", "/workspace/../../x", `${ROOT}/../x`, "/a/../../x"]) {
      expect(parseRequestedPath(climb, [ROOT]), climb).toMatchObject({ ok: false, reason: "outside_workspace" });
    }
  });
});

describe("protected paths", () => {
  it("covers the issue's list and the documented extras, at any depth, case-insensitively", () => {
    for (const p of [".env", ".env.local", "a/.ENV", "credentials.json", "secrets.yaml", "secrets.yml", "k.pem", "id_rsa", "id_ed25519.pub", ".ssh/x", ".aws/config", ".config/gcloud/x", ".git", ".git/HEAD", "w/.git/config", ".gnupg/x", ".netrc", ".git-credentials", ".pgpass", "a.ppk", "a.p12", "a.pfx"]) {
      expect(isProtectedPath(p), p).toBe(true);
    }
    for (const p of [".gitignore", ".github/x", ".gitattributes", "README.md", "env/x", ".config/x", "gcloud", "src/.envelope", ""]) {
      expect(isProtectedPath(p), p).toBe(false);
    }
  });

  it("names the protected entry and says why", () => {
    expect(protectedMatch("app/.git/objects/ab")).toMatchObject({ kind: "git", entry: "app/.git" });
    expect(protectedMatch("home/.config/gcloud/creds")).toMatchObject({ kind: "cloud", entry: "home/.config/gcloud" });
    expect(explainRelative(".env", [], "read", "owner")?.message).toBe("This path is protected (.env files hold secrets); Atrium never reads or writes it through the API.");
  });
});

describe("path rules", () => {
  it("match unanchored patterns at any depth and anchored ones at the root only", () => {
    expect(ruleMatches("*.pem", "a/b/c.pem")).toBe(true);
    expect(ruleMatches("secrets/**", "x/secrets/y")).toBe(true);
    expect(ruleMatches("/secrets/**", "x/secrets/y")).toBe(false);
    expect(ruleMatches("/secrets/**", "secrets/y")).toBe(true);
    expect(ruleMatches("./secrets", "secrets/y")).toBe(true);
  });

  it("cover a matched folder's whole subtree, including the folder itself", () => {
    for (const pattern of ["build", "build/", "build/**", "/build"]) {
      expect(ruleMatches(pattern, "build"), pattern).toBe(true);
      expect(ruleMatches(pattern, "build/a/b.js"), pattern).toBe(true);
      expect(ruleMatches(pattern, "builder/a.js"), pattern).toBe(false);
    }
  });

  it("match dot-files and ignore case, and never match the root", () => {
    expect(ruleMatches("*.key", ".hidden.key")).toBe(true);
    expect(ruleMatches("Secrets/**", "secrets/x")).toBe(true);
    expect(ruleMatches("**", "")).toBe(false);
    expect(matchPathRules("", [{ pattern: "**", effect: "BLOCK" }]).block).toBeNull();
  });

  it("treat `!` literally and compare unparseable globs literally instead of never matching", () => {
    expect(ruleMatches("!keep", "other")).toBe(false);
    expect(ruleMatches("!keep", "!keep")).toBe(true);
    expect(ruleMatches("a{", "x/a{")).toBe(true);
    expect(ruleMatches("a{", "x/ab")).toBe(false);
  });

  it("report BLOCK before READ_ONLY, whatever the rule order", () => {
    const rules = [
      { pattern: "data/**", effect: "READ_ONLY" as const },
      { pattern: "*.db", effect: "BLOCK" as const },
    ];
    expect(classifyRelative("data/x.db", rules, "read", "owner")).toBe("blocked_path");
    expect(classifyRelative("data/x.csv", rules, "write", "owner")).toBe("read_only");
    expect(classifyRelative("data/x.csv", rules, "execute", "owner")).toBeNull();
  });

  it("validates patterns before they are saved", () => {
    expect(pathRulePatternProblem("secrets/**")).toBeNull();
    expect(pathRulePatternProblem("*.{pem,key}")).toBeNull();
    expect(pathRulePatternProblem("")).toMatch(/needs a pattern/u);
    expect(pathRulePatternProblem("/")).toMatch(/root itself/u);
    expect(pathRulePatternProblem("a{")).toMatch(/not a valid glob/u);
    expect(pathRulePatternProblem("!x")).toMatch(/Negated/u);
    expect(pathRulePatternProblem("../x")).toMatch(/\.\./u);
    expect(pathRulePatternProblem("a\\b")).toMatch(/backslashes/u);
    expect(pathRulePatternProblem("a\nb")).toMatch(/control/u);
    expect(pathRulePatternProblem("x".repeat(300))).toMatch(/at most/u);
  });
});

describe("classifyRelative", () => {
  it("applies protected names, rules, role and root checks in the guard's order", () => {
    expect(classifyRelative(".env", [], "read", "owner")).toBe("critical_file");
    expect(classifyRelative("src/a.ts", [], "write", "viewer")).toBe("permission_denied");
    expect(classifyRelative("src/a.ts", [], "list", "viewer")).toBeNull();
    expect(classifyRelative("", [], "delete", "owner")).toBe("invalid_path");
    expect(classifyRelative("", [], "list", "viewer")).toBeNull();
  });

  it("refuses relative paths that are not normalized-safe instead of trusting them", () => {
    expect(classifyRelative("../x", [], "read", "owner")).toBe("outside_workspace");
    expect(classifyRelative("/etc/passwd", [], "read", "owner")).toBe("outside_workspace");
    expect(classifyRelative("a\nb", [], "read", "owner")).toBe("invalid_path");
    expect(classifyRelative("a/../.env", [], "read", "owner")).toBe("critical_file");
  });

  it("builds child paths from the '' root", () => {
    expect(joinRelative("", "a")).toBe("a");
    expect(joinRelative("a", "b")).toBe("a/b");
  });
});

describe("auditTargetOf", () => {
  it("stores ordinary paths verbatim", () => {
    expect(auditTargetOf("../../etc/passwd")).toEqual({ target: "../../etc/passwd", details: {} });
  });

  it("JSON-escapes what Postgres text cannot hold, so the row is always written", () => {
    expect(auditTargetOf("a\0b")).toEqual({ target: '"a\\u0000b"', details: { targetEncoding: "json" } });
    expect(auditTargetOf("x\ud800")).toEqual({ target: '"x\\ud800"', details: { targetEncoding: "json" } });
  });

  it("truncates huge paths and keeps their length and hash", () => {
    const { target, details } = auditTargetOf("x".repeat(100_000));
    expect(target.length).toBe(MAX_AUDIT_TARGET_CHARS + 1);
    expect(details).toMatchObject({ targetEncoding: "truncated", targetLength: 100_000, targetSha256: expect.stringMatching(/^[0-9a-f]{64}$/u) as unknown });
  });
});
