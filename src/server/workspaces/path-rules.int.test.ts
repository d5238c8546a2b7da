// Path rules: validation, duplicates, owners only, and previews that match what the guard enforces.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { failure, lastAudit } from "~/test/actors";
import { makeTeam, removeDataDir, teamWorkspace } from "./test-helpers";

vi.mock("~/env", async (importOriginal) => (await import("./test-data-dir")).withTempDataDir(await importOriginal()));
afterAll(removeDataDir);

async function fill(root: string, files: string[]) {
  for (const f of files) {
    await mkdir(path.dirname(path.join(root, f)), { recursive: true });
    await writeFile(path.join(root, f), f);
  }
}

describe("pathRules", () => {
  it("owners create, list and delete rules; members can read them; audited", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team);
    const rule = await team.as.owner.pathRules.create({ workspaceId: ws.id, pattern: "secrets/**", effect: "block" });
    const ro = await team.as.owner.pathRules.create({ workspaceId: ws.id, pattern: " *.lock ", effect: "read_only" });
    expect(rule).toMatchObject({ pattern: "secrets/**", effect: "block", createdBy: { id: team.owner.id } });
    expect(ro).toMatchObject({ pattern: "*.lock", effect: "read_only" });
    expect((await team.as.viewer.pathRules.list({ workspaceId: ws.id })).map((r) => r.pattern)).toEqual(["secrets/**", "*.lock"]);
    expect(await lastAudit({ actorUserId: team.owner.id, action: "pathRules.create" })).toMatchObject({ outcome: "ALLOWED", target: "*.lock" });
    await expect(team.as.owner.pathRules.delete({ workspaceId: ws.id, ruleId: rule.id })).resolves.toEqual({ deleted: true, id: rule.id });
    expect((await team.as.owner.workspaces.get({ workspaceId: ws.id })).pathRuleCount).toBe(1);
  });

  it("refuses bad globs (INVALID_INPUT bad_glob) and duplicates (CONFLICT duplicate_rule)", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team);
    for (const pattern of ["[z-a]", "secrets/[", "*.{pem,key", "../etc/**", "a/../b", "a\\b", "!secrets", "/", "./"]) {
      const err = await failure(team.as.owner.pathRules.create({ workspaceId: ws.id, pattern, effect: "block" }));
      expect([pattern, err.code, err.reason]).toEqual([pattern, "UNPROCESSABLE_CONTENT", "bad_glob"]);
    }
    expect(await failure(team.as.owner.pathRules.create({ workspaceId: ws.id, pattern: "x".repeat(300), effect: "block" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failure(team.as.owner.pathRules.create({ workspaceId: ws.id, pattern: "   ", effect: "block" }))).toMatchObject({ code: "BAD_REQUEST" });
    await team.as.owner.pathRules.create({ workspaceId: ws.id, pattern: "*.pem", effect: "block" });
    const dup = await failure(team.as.owner.pathRules.create({ workspaceId: ws.id, pattern: "*.pem", effect: "read_only" }));
    expect(dup).toMatchObject({ code: "CONFLICT", reason: "duplicate_rule" });
    expect(dup.message).toMatch(/Delete it first/);
  });

  it("is for owners; a rule id from another workspace is NOT_FOUND", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team);
    const other = await teamWorkspace(team);
    expect(await failure(team.as.editor.pathRules.create({ workspaceId: ws.id, pattern: "*.pem", effect: "block" }))).toMatchObject({ code: "FORBIDDEN", reason: "role_required" });
    expect(await failure(team.as.editor.pathRules.preview({ workspaceId: ws.id, pattern: "*.pem" }))).toMatchObject({ code: "FORBIDDEN" });
    const foreign = await team.as.owner.pathRules.create({ workspaceId: other.id, pattern: "*.pem", effect: "block" });
    expect(await failure(team.as.owner.pathRules.delete({ workspaceId: ws.id, ruleId: foreign.id }))).toMatchObject({ code: "NOT_FOUND", reason: "rule_not_found" });
  });

  it("previews which existing paths a pattern covers, with the guard's semantics", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team, { template: "empty" });
    await fill(ws.rootPath, ["secrets/a.key", "secrets/deep/b.key", "app/secrets/c", "x.pem", "nested/dir/y.PEM", "README.md", "notsecrets/d"]);
    const preview = (pattern: string) => team.as.owner.pathRules.preview({ workspaceId: ws.id, pattern }).then((p) => p.matches.map((m) => `${m.type}:${m.path}`).sort());
    // Unanchored, case-insensitive, dot-files included.
    expect(await preview("*.pem")).toEqual(["file:nested/dir/y.PEM", "file:x.pem"]);
    // A matching folder stands for its subtree.
    expect(await preview("secrets/**")).toEqual(["directory:app/secrets", "directory:secrets"]);
    // A leading slash anchors at the root.
    expect(await preview("/secrets")).toEqual(["directory:secrets"]);
    expect(await preview("*.nothing")).toEqual([]);
    const full = await team.as.owner.pathRules.preview({ workspaceId: ws.id, pattern: "**/*.key" });
    expect(full).toMatchObject({ truncated: false });
    expect(full.scanned).toBeGreaterThanOrEqual(10);
    expect(await failure(team.as.owner.pathRules.preview({ workspaceId: ws.id, pattern: "[z-a]" }))).toMatchObject({ reason: "bad_glob" });
  });

  it("cannot preview an archived workspace (its files are in the archive)", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team);
    await team.as.owner.workspaces.archive({ workspaceId: ws.id });
    expect(await failure(team.as.owner.pathRules.preview({ workspaceId: ws.id, pattern: "*.py" }))).toMatchObject({ code: "CONFLICT", reason: "workspace_archived" });
  });
});
