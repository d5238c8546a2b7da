// The confined helper on its own: what it does, and that it cannot be led out of the workspace
// by symlinks, swaps or crafted names, and gives away no privilege.
import { createHash } from "node:crypto";
import { chmod, lstat, mkdir, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confinedFs, releaseAllConfinedFs, sandboxIdentity } from "./confined-fs";

let base: string;
let root: string;
let outside: string;

async function digest(file: string): Promise<string> {
  return createHash("sha256").update(await readFile(file)).digest("hex");
}

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), "atrium-fsd-"));
  root = path.join(base, "ws");
  outside = path.join(base, "outside");
  await mkdir(root, { mode: 0o700 });
  await mkdir(outside);
  await writeFile(path.join(outside, "secret"), "host secret", { mode: 0o600 });
  if (process.getuid?.() === 0) {
    const { chown } = await import("node:fs/promises");
    const id = sandboxIdentity();
    await chown(root, id.uid, id.gid);
  }
});

afterAll(async () => {
  await releaseAllConfinedFs();
  await rm(base, { recursive: true, force: true });
});

describe("the confined file helper", () => {
  it("writes, reads, lists, walks, renames and removes inside the workspace", async () => {
    const fs = confinedFs(root);
    await fs.mkdir("a/b", { parents: true });
    const created = await fs.open("a/b/f.txt", { write: true, create: true, exclusive: true, mode: 0o640 });
    await created.handle.writeFile("hello");
    await created.handle.close();
    const opened = await fs.open("a/b/f.txt");
    expect(await opened.handle.readFile("utf8")).toBe("hello");
    await opened.handle.close();
    expect((await fs.stat("a/b/f.txt")).mode).toBe(0o640);
    expect((await fs.list("a/b")).map((e) => e.name)).toEqual(["f.txt"]);
    expect((await fs.walk("", { max: 100 })).map((e) => e.inner).sort()).toEqual(["a", "a/b", "a/b/f.txt"]);
    await fs.rename("a/b/f.txt", "a/g.txt", { noReplace: true });
    expect(await fs.statOrNull("a/b/f.txt")).toBeNull();
    expect(await fs.removeTree("a")).toBe(3);
    expect(await fs.list("")).toEqual([]);
  });

  it("creates files as the sandbox uid and never with setuid, setgid or sticky bits", async () => {
    const fs = confinedFs(root);
    const created = await fs.open("suid", { write: true, create: true, exclusive: true, mode: 0o7777 });
    await created.handle.close();
    const st = await lstat(path.join(root, "suid"));
    expect(st.mode & 0o7000).toBe(0);
    if (process.getuid?.() === 0) expect([st.uid, st.gid]).toEqual([sandboxIdentity().uid, sandboxIdentity().gid]);
    await fs.chmod("suid", 0o4755);
    expect((await lstat(path.join(root, "suid"))).mode & 0o7777).toBe(0o755);
    await fs.unlink("suid");
  });

  it("runs chrooted into the workspace, as the sandbox uid, with no capabilities", async () => {
    if (process.getuid?.() !== 0) return;
    const fs = confinedFs(root);
    await fs.stat("");
    const pid = await findHelperPid();
    expect(await readlink(`/proc/${pid}/root`)).toBe(await realpathOf(root));
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const uid = sandboxIdentity().uid;
    expect(status).toMatch(new RegExp(`^Uid:\\s+${uid}\\s+${uid}\\s+${uid}\\s+${uid}$`, "m"));
    expect(status).toMatch(/^CapEff:\s+0+$/m);
    expect(status).toMatch(/^CapPrm:\s+0+$/m);
    expect(status).toMatch(/^NoNewPrivs:\s+1$/m);
    expect(status).toMatch(/^Groups:\s*$/m);
  });

  it("never follows a symlink: not on the way, not at the end, not to leave the tree", async () => {
    const fs = confinedFs(root);
    await symlink(outside, path.join(root, "out"));
    await symlink("/etc", path.join(root, "etc"));
    await symlink(path.join(outside, "secret"), path.join(root, "secret-link"));
    for (const attempt of [() => fs.open("out/secret"), () => fs.open("secret-link"), () => fs.list("out"), () => fs.walk("out", { max: 10 }), () => fs.open("etc/passwd")]) {
      const code = await attempt().then(
        () => "opened",
        (error: unknown) => (error as { code?: string }).code,
      );
      expect(code).toBe("ELOOP");
    }
    for (const attempt of [
      () => fs.open("out/new", { write: true, create: true }),
      () => fs.mkdir("out/dir"),
      () => fs.rename("secret-link", "moved"),
      () => fs.symlink("x", "out/link"),
    ]) {
      await attempt().catch(() => undefined);
    }
    // Renaming the link itself is fine (it is just a name); nothing appeared outside.
    expect((await lstat(path.join(root, "moved"))).isSymbolicLink()).toBe(true);
    await expect(stat(path.join(outside, "new"))).rejects.toMatchObject({ code: "ENOENT" });
    await expect(stat(path.join(outside, "dir"))).rejects.toMatchObject({ code: "ENOENT" });
    // Removing a tree that holds links removes the links, never what they point to.
    await fs.mkdir("tree");
    await symlink(outside, path.join(root, "tree", "to-outside"));
    await fs.removeTree("tree");
    expect(await readFile(path.join(outside, "secret"), "utf8")).toBe("host secret");
    for (const name of ["out", "etc", "moved"]) await fs.unlink(name);
  });

  it("refuses names that could leave the root, and special files", async () => {
    const fs = confinedFs(root);
    for (const bad of ["..", "../outside/secret", "a/../../x", "/etc/passwd", "./x", "a//b"]) {
      await expect(fs.stat(bad)).rejects.toMatchObject({ code: "EINVAL" });
    }
    const { execFileSync } = await import("node:child_process");
    execFileSync("mkfifo", [path.join(root, "fifo")]);
    await expect(fs.open("fifo")).rejects.toMatchObject({ code: "EINVAL" });
    await fs.unlink("fifo");
  });

  it("holds while another process swaps folders for symlinks to the host (RENAME_EXCHANGE)", async () => {
    const fs = confinedFs(root);
    const before = await digest(path.join(outside, "secret"));
    await fs.mkdir("race");
    await symlink(outside, path.join(root, "race-link"));
    const { spawn } = await import("node:child_process");
    // Swaps race <-> race-link as fast as it can for two seconds.
    const swapper = spawn("python3", ["-c", `
import ctypes, os, time
libc = ctypes.CDLL(None, use_errno=True)
end = time.time() + 2
while time.time() < end:
    libc.syscall(316, -100, b"${root}/race", -100, b"${root}/race-link", 2)
`]);
    let escaped = 0;
    const deadline = Date.now() + 2000;
    while (Date.now() < deadline) {
      await fs.open("race/secret").then(async (f) => {
        escaped++;
        await f.handle.close();
      }, () => undefined);
      await fs.open("race/new", { write: true, create: true, mode: 0o644 }).then((f) => f.handle.close(), () => undefined);
      await fs.removeTree("race/sub").catch(() => undefined);
      await fs.mkdir("race/sub").catch(() => undefined);
    }
    await new Promise((resolve) => swapper.on("exit", resolve));
    expect(escaped).toBe(0);
    expect(await digest(path.join(outside, "secret"))).toBe(before);
    expect((await lstat(path.join(outside, "secret"))).uid).toBe(process.getuid?.() ?? 0);
    await expect(stat(path.join(outside, "new"))).rejects.toMatchObject({ code: "ENOENT" });
    await expect(stat(path.join(outside, "sub"))).rejects.toMatchObject({ code: "ENOENT" });
    await chmod(outside, 0o755);
  });
});

async function realpathOf(p: string): Promise<string> {
  const { realpath } = await import("node:fs/promises");
  return realpath(p);
}

/** The helper serving `root` (its /proc/<pid>/root is the workspace). */
async function findHelperPid(): Promise<number> {
  const { readdir } = await import("node:fs/promises");
  const want = await realpathOf(root);
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const cmd = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    if (!cmd.includes("atrium-fsd")) continue;
    const at = await readlink(`/proc/${entry}/root`).catch(() => "");
    if (at === want) return Number(entry);
  }
  throw new Error("no helper found");
}
