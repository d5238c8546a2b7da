import { giveToSandbox } from "~/test/sandbox-owner";
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
    giveToSandbox(root);
    const prepared = await prepareWorkspace(root, { mayChown: false });
    expect(prepared.masks.sort((a, b) => a.relative.localeCompare(b.relative))).toEqual([
      { relative: ".env", kind: "file" },
      { relative: "app/.ssh", kind: "directory" },
      { relative: "app/key.pem", kind: "file" },
    ]);
  });

  it("refuses (fails closed) when there are more protected entries than it may mask, or more entries than it may walk", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "atrium-prep-"));
    dirs.push(root);
    for (let i = 0; i < 6; i++) await writeFile(path.join(root, `.env.${i}`), "S=1");
    giveToSandbox(root);
    const options = { mayChown: false };
    await expect(prepareWorkspace(root, { ...options, limits: { entries: 100, masks: 6 } })).resolves.toMatchObject({ masks: expect.any(Array) as unknown });
    await expect(prepareWorkspace(root, { ...options, limits: { entries: 100, masks: 5 } })).rejects.toMatchObject({
      code: "LIMIT_EXCEEDED",
      reason: "too_many_protected_files",
      details: { count: 6, limit: 5 },
    });
    await expect(prepareWorkspace(root, { ...options, limits: { entries: 5, masks: 100 } })).rejects.toMatchObject({ code: "LIMIT_EXCEEDED", reason: "workspace_too_large_to_mask" });
  });
});
