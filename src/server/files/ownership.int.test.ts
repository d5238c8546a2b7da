// Files the API creates belong to whoever owns their folder, so a sandbox user can change them.
import { chown, stat } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileWorkspace, removeRoots } from "./files.fixture";

afterAll(removeRoots);

describe.runIf(process.getuid?.() === 0)("ownership of new files (Atrium running as root)", () => {
  it("takes the folder owner's uid and gid for writes, new folders, uploads' parents and copies", async () => {
    const w = await fileWorkspace();
    await chown(w.root, 1000, 1000);
    await w.as.editor.files.write({ workspaceId: w.id, path: "made/by/editor.txt", content: "hi" });
    await w.as.editor.files.mkdir({ workspaceId: w.id, path: "folder" });
    await w.as.editor.files.copy({ workspaceId: w.id, from: "made", to: "made-copy" });
    for (const p of ["made", "made/by", "made/by/editor.txt", "folder", "made-copy", "made-copy/by/editor.txt"]) {
      const s = await stat(path.join(w.root, p));
      expect(`${p} ${s.uid}:${s.gid}`).toBe(`${p} 1000:1000`);
    }
  });

  it("leaves files in a root-owned folder to root", async () => {
    const w = await fileWorkspace();
    await w.as.editor.files.write({ workspaceId: w.id, path: "plain.txt", content: "hi" });
    expect((await stat(path.join(w.root, "plain.txt"))).uid).toBe((await stat(w.root)).uid);
  });
});
