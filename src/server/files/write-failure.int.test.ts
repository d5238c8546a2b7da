// A write that fails after its temp file exists (the disk refuses the final rename) leaves the old
// content in place, no temp file behind, and the quota claim given back.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ConfinedFs, FsdError } from "~/server/storage/confined-fs";
import { failure } from "~/test/actors";
import { fileWorkspace, leftovers, removeRoots } from "./files.fixture";
import path from "node:path";

/** Counts the helper's renames; the one numbered `failOnCall` throws EIO, after noting what it was asked to do. */
const disk = { calls: 0, failOnCall: 0, tempExisted: false, failedTarget: "" };

beforeAll(() => {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with .call(this)
  const actual = ConfinedFs.prototype.rename;
  vi.spyOn(ConfinedFs.prototype, "rename").mockImplementation(async function (this: ConfinedFs, from: string, to: string, options?: { noReplace?: boolean; exchange?: boolean }) {
    if (++disk.calls === disk.failOnCall) {
      disk.tempExisted = (await this.statOrNull(from)) !== null;
      disk.failedTarget = path.posix.basename(to);
      throw new FsdError("EIO", 5, "rename", from, "i/o error (simulated)");
    }
    return actual.call(this, from, to, options);
  });
});

afterAll(removeRoots);

describe("a write failing mid-way", () => {
  it("keeps the old file, leaves no temp file, and returns the quota it claimed", async () => {
    const w = await fileWorkspace({ quotaBytes: 1000n });
    await w.as.editor.files.write({ workspaceId: w.id, path: "src/config.json", content: '{"old":true}' });
    const usage = await w.usage();

    Object.assign(disk, { calls: 0, failOnCall: 1 });
    const f = await failure(w.as.editor.files.write({ workspaceId: w.id, path: "src/config.json", content: `{"new":"${"x".repeat(500)}"}` }));
    expect(f).toMatchObject({ code: "SERVICE_UNAVAILABLE", appCode: "UNAVAILABLE", reason: "disk_error" });
    expect(disk.tempExisted).toBe(true); // the failure really came after the temp file was written

    expect(await readFile(path.join(w.root, "src/config.json"), "utf8")).toBe('{"old":true}');
    expect(await leftovers(w.root)).toEqual([]);
    expect(await w.usage()).toBe(usage);
  });

  it("leaves no half-copied folder when a copy fails at the final rename", async () => {
    const w = await fileWorkspace();
    await w.put("proj/a.txt", "a");
    await w.put("proj/sub/b.txt", "b");
    const usage = await w.usage();
    // Renames inside the copy: one per file into the temp folder, then the temp folder into place.
    Object.assign(disk, { calls: 0, failOnCall: 3 });
    expect(await failure(w.as.editor.files.copy({ workspaceId: w.id, from: "proj", to: "proj-copy" }))).toMatchObject({ appCode: "UNAVAILABLE", reason: "disk_error" });
    expect(disk.failedTarget).toBe("proj-copy");
    expect(await leftovers(w.root)).toEqual([]);
    expect(await w.as.viewer.files.exists({ workspaceId: w.id, path: "proj-copy" })).toMatchObject({ exists: false });
    expect(await w.usage()).toBe(usage);
  });
});
