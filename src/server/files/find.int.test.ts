// Listing every file for quick open: the whole tree in name order, protected and blocked paths
// left out, excluded folders skipped, symlinks never followed, and the cap reported.
import { symlink } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { failure } from "~/test/actors";
import { fileWorkspace, removeRoots } from "./files.fixture";

afterAll(removeRoots);

describe("files.find", () => {
  it("lists readable files below a folder, leaving out what the caller may not read", async () => {
    const w = await fileWorkspace({ rules: [{ pattern: "private/**", effect: "BLOCK" }] });
    await w.put("src/app.ts", "a");
    await w.put("src/lib/util.ts", "b");
    await w.put("README.md", "c");
    await w.put(".env", "SECRET=1");
    await w.put("private/plan.txt", "secret");
    await w.put("node_modules/pkg/index.js", "d");
    await symlink("/etc", path.join(w.root, "etc-link"));

    const all = await w.as.viewer.files.find({ workspaceId: w.id });
    expect(all).toEqual({ files: ["README.md", "node_modules/pkg/index.js", "src/app.ts", "src/lib/util.ts"], truncated: false });

    const trimmed = await w.as.viewer.files.find({ workspaceId: w.id, exclude: ["node_modules"] });
    expect(trimmed.files).toEqual(["README.md", "src/app.ts", "src/lib/util.ts"]);

    const below = await w.as.viewer.files.find({ workspaceId: w.id, path: "src" });
    expect(below.files).toEqual(["src/app.ts", "src/lib/util.ts"]);

    const capped = await w.as.viewer.files.find({ workspaceId: w.id, maxFiles: 2 });
    expect(capped).toEqual({ files: ["README.md", "node_modules/pkg/index.js"], truncated: true });
  });

  it("refuses a blocked folder and strangers", async () => {
    const w = await fileWorkspace({ rules: [{ pattern: "private/**", effect: "BLOCK" }] });
    await w.put("private/plan.txt", "secret");
    expect(await failure(w.as.viewer.files.find({ workspaceId: w.id, path: "private" }))).toMatchObject({ appCode: "PATH_DENIED" });
    expect(await failure(w.as.stranger.files.find({ workspaceId: w.id }))).toMatchObject({ appCode: "NOT_FOUND" });
  });
});
