import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { prepareWorkspace, shouldMask } from "./workspace-prep";

describe("shouldMask", () => {
  it("masks secrets but not .git", () => {
    expect(shouldMask(".env")).toBe(true);
    expect(shouldMask("app/.env.local")).toBe(true);
    expect(shouldMask("certs/server.pem")).toBe(true);
    expect(shouldMask(".ssh")).toBe(true);
    expect(shouldMask(".ssh/id_rsa")).toBe(false); // covered by masking .ssh itself
    expect(shouldMask(".git")).toBe(false);
    expect(shouldMask("src/index.ts")).toBe(false);
  });
});

describe("prepareWorkspace", () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it("finds protected entries at any depth, skipping symlinks and .git", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "atrium-prep-"));
    dirs.push(root);
    await mkdir(path.join(root, "app/.ssh"), { recursive: true });
    await mkdir(path.join(root, ".git"), { recursive: true });
    await writeFile(path.join(root, ".env"), "S=1");
    await writeFile(path.join(root, "app/key.pem"), "k");
    await writeFile(path.join(root, ".git/secrets.yaml"), "x");
    await symlink("app/key.pem", path.join(root, "link.pem"));
    const prepared = await prepareWorkspace(root, { mayChown: false });
    expect(prepared.masks.sort((a, b) => a.relative.localeCompare(b.relative))).toEqual([
      { relative: ".env", kind: "file" },
      { relative: "app/.ssh", kind: "directory" },
      { relative: "app/key.pem", kind: "file" },
    ]);
    expect(prepared.incomplete).toBe(false);
  });
});
