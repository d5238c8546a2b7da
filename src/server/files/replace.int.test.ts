// Replace in files end to end through tRPC (real Postgres, real temp folders, the real confined
// helper): preview, apply, undo; path rules and protected files never changed and the refusal
// audited; viewers refused; a change after the preview (or after the replace) never clobbered;
// quota and limits typed.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "~/server/db/client";
import { callerWithKey, failure, lastAudit, makeKey } from "~/test/actors";
import { fileWorkspace, removeRoots } from "./files.fixture";
import { REPLACE_LIMITS } from "./replace";

afterAll(removeRoots);

const on = (root: string, rel: string) => readFile(path.join(root, rel), "utf8");

describe("replace in files", () => {
  it("previews every change per file with regex groups, applies the ticked files only, and undo restores exactly those", async () => {
    const w = await fileWorkspace();
    await w.put("src/a.ts", "let alpha = 1;\nlet beta = 2;\n");
    await w.put("src/b.ts", "let gamma = 3;\r\n");
    await w.put("src/c.ts", "let delta = 4;\n");
    await w.put("notes.md", "nothing here\n");
    const q = { workspaceId: w.id, query: "let (\\w+)", replacement: "const $1", regex: true };

    const preview = await w.as.editor.files.replacePreview(q);
    expect(preview.totalReplacements).toBe(4);
    expect(preview.files.map((f) => f.path)).toEqual(["src/a.ts", "src/b.ts", "src/c.ts"]);
    expect(preview.files[0]).toMatchObject({
      replacements: 2,
      readOnly: false,
      changes: [
        { line: 1, before: "let alpha = 1;", after: "const alpha = 1;" },
        { line: 2, before: "let beta = 2;", after: "const beta = 2;" },
      ],
    });
    // Nothing is written by a preview.
    expect(await on(w.root, "src/a.ts")).toBe("let alpha = 1;\nlet beta = 2;\n");

    // c.ts left unticked.
    const picked = preview.files.filter((f) => f.path !== "src/c.ts").map((f) => ({ path: f.path, version: f.version }));
    const applied = await w.as.editor.files.replaceApply({ ...q, files: picked });
    expect(applied.skipped).toEqual([]);
    expect(applied.changed.map((c) => [c.path, c.replacements])).toEqual([
      ["src/a.ts", 2],
      ["src/b.ts", 1],
    ]);
    expect(await on(w.root, "src/a.ts")).toBe("const alpha = 1;\nconst beta = 2;\n");
    expect(await on(w.root, "src/b.ts")).toBe("const gamma = 3;\r\n");
    expect(await on(w.root, "src/c.ts")).toBe("let delta = 4;\n");
    const audited = await lastAudit({ actorUserId: w.users.editor.id, action: "files.replaceApply" });
    expect(audited).toMatchObject({ outcome: "ALLOWED", target: "src/b.ts" });

    // Someone edits b.ts after the replace: undo restores a.ts and leaves b.ts, saying so.
    await w.as.owner.files.write({ workspaceId: w.id, path: "src/b.ts", content: "owner's text\n" });
    const undone = await w.as.editor.files.replaceUndo({ files: applied.changed.map((c) => ({ path: c.path, version: c.version, content: c.previousContent })), workspaceId: w.id });
    expect(undone.restored.map((r) => r.path)).toEqual(["src/a.ts"]);
    expect(undone.skipped).toMatchObject([{ path: "src/b.ts", code: "CONFLICT", reason: "version_conflict" }]);
    expect(undone.skipped[0]!.message).toMatch(/changed after the replace/);
    expect(await on(w.root, "src/a.ts")).toBe("let alpha = 1;\nlet beta = 2;\n");
    expect(await on(w.root, "src/b.ts")).toBe("owner's text\n");
  });

  it("never changes a READ_ONLY file (refusal audited) nor a blocked or protected one, even when the caller names them", async () => {
    const w = await fileWorkspace({ rules: [{ pattern: "locked/**", effect: "READ_ONLY" }, { pattern: "secret/**", effect: "BLOCK" }] });
    await w.put("open.txt", "token\n");
    await w.put("locked/ro.txt", "token\n");
    await w.put("secret/hidden.txt", "token\n");
    await w.put(".env", "token\n");
    const q = { workspaceId: w.id, query: "token", replacement: "X" };

    const preview = await w.as.owner.files.replacePreview(q);
    // Blocked and protected files are never opened by the search, so never previewed; read-only is shown as such.
    expect(preview.files.map((f) => [f.path, f.readOnly])).toEqual([
      ["open.txt", false],
      ["locked/ro.txt", true],
    ]);

    // The attacker names every file anyway, with made-up versions for the ones it cannot read.
    const files = [...preview.files.map((f) => ({ path: f.path, version: f.version })), { path: "secret/hidden.txt", version: "v1" }, { path: ".env", version: "v1" }];
    const applied = await w.as.owner.files.replaceApply({ ...q, files });
    expect(applied.changed.map((c) => c.path)).toEqual(["open.txt"]);
    expect(applied.skipped.map((s) => [s.path, s.code])).toEqual([
      ["secret/hidden.txt", "PATH_DENIED"],
      [".env", "PATH_DENIED"],
      ["locked/ro.txt", "PATH_DENIED"],
    ]);
    expect(await on(w.root, "locked/ro.txt")).toBe("token\n");
    expect(await on(w.root, "secret/hidden.txt")).toBe("token\n");
    expect(await on(w.root, ".env")).toBe("token\n");
    const refusal = await lastAudit({ actorUserId: w.users.owner.id, reason: "read_only" });
    expect(refusal).toMatchObject({ outcome: "DENIED", target: "locked/ro.txt", workspaceId: w.id });
    expect(await lastAudit({ actorUserId: w.users.owner.id, reason: "blocked_path" })).toMatchObject({ target: "secret/hidden.txt" });

    // Undo cannot be used to write into a read-only file either.
    const sneaky = await w.as.owner.files.replaceUndo({ workspaceId: w.id, files: [{ path: "locked/ro.txt", version: preview.files.find((f) => f.readOnly)!.version, content: "pwned\n" }] });
    expect(sneaky.skipped).toMatchObject([{ path: "locked/ro.txt", code: "PATH_DENIED" }]);
    expect(await on(w.root, "locked/ro.txt")).toBe("token\n");
  });

  it("refuses viewers and strangers on every replace procedure, and changes nothing", async () => {
    const w = await fileWorkspace();
    await w.put("a.txt", "token\n");
    const preview = await w.as.editor.files.replacePreview({ workspaceId: w.id, query: "token", replacement: "X" });
    const files = preview.files.map((f) => ({ path: f.path, version: f.version }));
    for (const who of ["viewer", "stranger"] as const) {
      const caller = w.as[who];
      expect(await failure(caller.files.replacePreview({ workspaceId: w.id, query: "token", replacement: "X" }))).toMatchObject({ reason: who === "viewer" ? "role_required" : "workspace_not_found" });
      expect(await failure(caller.files.replaceApply({ workspaceId: w.id, query: "token", replacement: "X", files }))).toMatchObject({ reason: who === "viewer" ? "role_required" : "workspace_not_found" });
      expect(await failure(caller.files.replaceUndo({ workspaceId: w.id, files: [{ path: "a.txt", version: files[0]!.version, content: "pwned" }] }))).toMatchObject({
        reason: who === "viewer" ? "role_required" : "workspace_not_found",
      });
    }
    expect(await on(w.root, "a.txt")).toBe("token\n");
  });

  it("skips a file changed after the preview (expectedVersion) instead of clobbering it", async () => {
    const w = await fileWorkspace();
    await w.put("a.txt", "token one\n");
    await w.put("b.txt", "token two\n");
    const q = { workspaceId: w.id, query: "token", replacement: "X" };
    const preview = await w.as.editor.files.replacePreview(q);
    // A terminal (behind the API's back) changes a.txt between the preview and the apply.
    await writeFile(path.join(w.root, "a.txt"), "token one, edited in a terminal\n");
    const applied = await w.as.editor.files.replaceApply({ ...q, files: preview.files.map((f) => ({ path: f.path, version: f.version })) });
    expect(applied.changed.map((c) => c.path)).toEqual(["b.txt"]);
    expect(applied.skipped).toMatchObject([{ path: "a.txt", code: "CONFLICT", reason: "version_conflict" }]);
    expect(await on(w.root, "a.txt")).toBe("token one, edited in a terminal\n");
    expect(await on(w.root, "b.txt")).toBe("X two\n");
  });

  it("stops at the quota: a file the replace would grow past it is skipped with QUOTA_EXCEEDED and left as it was", async () => {
    const w = await fileWorkspace({ quotaBytes: 100n });
    await w.as.editor.files.write({ workspaceId: w.id, path: "small.txt", content: "a\n" });
    await w.as.editor.files.write({ workspaceId: w.id, path: "big.txt", content: "a".repeat(40) });
    const q = { workspaceId: w.id, query: "a", replacement: "bbbb" };
    const preview = await w.as.editor.files.replacePreview(q);
    const applied = await w.as.editor.files.replaceApply({ ...q, files: preview.files.map((f) => ({ path: f.path, version: f.version })) });
    expect(applied.skipped).toMatchObject([{ path: "big.txt", code: "QUOTA_EXCEEDED", reason: "quota_exceeded" }]);
    expect(applied.changed.map((c) => c.path)).toEqual(["small.txt"]);
    expect(await on(w.root, "big.txt")).toBe("a".repeat(40));
    expect(await w.usage()).toBe(42n + 3n);
  });

  it("answers bad input and too large a replace with typed errors, writing nothing", async () => {
    const w = await fileWorkspace();
    await w.put("a.txt", "x\n");
    expect(await failure(w.as.editor.files.replacePreview({ workspaceId: w.id, query: "(a)\\1", regex: true, replacement: "" }))).toMatchObject({ appCode: "INVALID_INPUT", reason: "unsupported_regex" });
    expect(await failure(w.as.editor.files.replaceApply({ workspaceId: w.id, query: "x", replacement: "y", files: [] }))).toMatchObject({ appCode: "INVALID_INPUT" });
    const tooMany = Array.from({ length: REPLACE_LIMITS.maxFiles + 1 }, (_, i) => ({ path: `f${i}.txt`, version: "v" }));
    expect(await failure(w.as.editor.files.replaceApply({ workspaceId: w.id, query: "x", replacement: "y", files: tooMany }))).toMatchObject({ appCode: "LIMIT_EXCEEDED", reason: "too_many_files" });

    // More matching files than one replace may change: refused at preview time.
    for (let i = 0; i <= REPLACE_LIMITS.maxFiles; i++) await w.put(`many/f${String(i).padStart(3, "0")}.txt`, "needle\n");
    expect(await failure(w.as.editor.files.replacePreview({ workspaceId: w.id, query: "needle", replacement: "pin" }))).toMatchObject({ appCode: "LIMIT_EXCEEDED", reason: "too_many_files" });
    expect(await on(w.root, "many/f000.txt")).toBe("needle\n");
    expect(await db().auditEvent.count({ where: { workspaceId: w.id, action: "files.replaceApply" } })).toBe(0);
  });

  it("holds a careful key (requireReadBeforeWrite) to reading first: the preview counts as the read, a guessed version does not", async () => {
    const w = await fileWorkspace();
    await w.put("a.txt", "token\n");
    const careful = await callerWithKey(await makeKey(w.users.editor, { scopes: ["read", "write"], requireReadBeforeWrite: true }));
    const onDisk = await w.as.viewer.files.read({ workspaceId: w.id, path: "a.txt" });
    const q = { workspaceId: w.id, query: "token", replacement: "X" };
    // The version is right (someone else read it), but this key never saw the file.
    expect(await failure(careful.files.replaceApply({ ...q, files: [{ path: "a.txt", version: onDisk.version }] }))).toMatchObject({ reason: "read_before_write" });
    expect(await on(w.root, "a.txt")).toBe("token\n");

    const preview = await careful.files.replacePreview(q);
    const applied = await careful.files.replaceApply({ ...q, files: preview.files.map((f) => ({ path: f.path, version: f.version })) });
    expect(applied.changed.map((c) => c.path)).toEqual(["a.txt"]);
    const undone = await careful.files.replaceUndo({ workspaceId: w.id, files: applied.changed.map((c) => ({ path: c.path, version: c.version, content: c.previousContent })) });
    expect(undone.restored.map((r) => r.path)).toEqual(["a.txt"]);
    expect(await on(w.root, "a.txt")).toBe("token\n");
  });
});
