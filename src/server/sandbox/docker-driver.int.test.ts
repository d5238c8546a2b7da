// The Docker driver's limits, against a real engine with the 2 MB busybox test image.
import { sandboxIdentity } from "~/server/storage/confined-fs";
import { mkdtempSync } from "node:fs";
import { chown, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "~/env";
import { sandboxConfig } from "./config";
import { DockerDriver } from "./docker-driver";
import type { SandboxHandle, SandboxSpec } from "./driver";
import { resolveLimits, type LimitOverrides } from "./presets";
import { requireDocker } from "./test-docker";
import { prepareWorkspace } from "./workspace-prep";

const hasDocker = await requireDocker();
const IMAGE = env().ATRIUM_TEST_IMAGE;
const MiB = 1024 * 1024;

describe.skipIf(!hasDocker)("docker driver", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "atrium-sbx-data-"));
  const driver = new DockerDriver(sandboxConfig({ tmpSizeBytes: 8 * MiB, homeSizeBytes: 1 * MiB, dataDir, instanceId: `driver-test-${process.pid}` }));
  const handles: SandboxHandle[] = [];
  const dirs: string[] = [];
  let dir: string;
  let box: SandboxHandle;
  const opts = { timeoutMs: 20_000, maxOutputBytes: MiB };

  async function workspaceDir(): Promise<string> {
    const d = await mkdtemp(path.join(tmpdir(), "atrium-sbx-"));
    dirs.push(d);
    await chown(d, 1000, 1000);
    return d;
  }

  async function sandbox(root: string, preset: string, overrides: LimitOverrides = {}): Promise<SandboxHandle> {
    const prepared = await prepareWorkspace(root, { mayChown: true });
    const spec: SandboxSpec = {
      sessionId: `t${Date.now().toString(36)}${handles.length}`,
      workspaceId: "test",
      image: IMAGE,
      workspaceDir: root,
      readOnly: false,
      limits: resolveLimits(preset, overrides),
      masks: prepared.masks,
      user: prepared.user,
    };
    const handle = await driver.create(spec);
    handles.push(handle);
    await driver.start(handle);
    return handle;
  }

  beforeAll(async () => {
    dir = await workspaceDir();
    await writeFile(path.join(dir, ".env"), "SECRET=hunter2\n");
    await writeFile(path.join(dir, "readme.txt"), "from the host\n");
    box = await sandbox(dir, "strict");
  });

  afterAll(async () => {
    await Promise.all(handles.map((h) => driver.destroy(h)));
    await Promise.all([...dirs, dataDir].map((d) => rm(d, { recursive: true, force: true })));
  });

  it("runs argv commands as the workspace owner, with stdin, exit codes and both streams", async () => {
    const r = await driver.exec(box, ["sh", "-c", 'id -u; cat; echo oops >&2; exit 3'], { ...opts, stdin: "piped\n" });
    expect(r).toMatchObject({ exitCode: 3, stdout: `${sandboxIdentity().uid}\npiped\n`, stderr: "oops\n", truncated: false, timedOut: false, oomKilled: false });
    expect((await driver.list()).some((s) => s.handle.id === box.id && s.running)).toBe(true);
  });

  it("shares files with the host both ways", async () => {
    const r = await driver.exec(box, ["sh", "-c", "cat /workspace/readme.txt; echo from the sandbox > /workspace/out.txt"], opts);
    expect(r.stdout).toBe("from the host\n");
    expect(await readFile(path.join(dir, "out.txt"), "utf8")).toBe("from the sandbox\n");
  });

  it("masks protected files that existed at start: empty and read-only", async () => {
    const r = await driver.exec(box, ["sh", "-c", "wc -c < /workspace/.env; echo x > /workspace/.env || echo refused"], opts);
    expect(r.stdout).toMatch(/^\s*0\nrefused\n$/);
    expect(await readFile(path.join(dir, ".env"), "utf8")).toBe("SECRET=hunter2\n");
  });

  it("has no network but loopback in a strict session", async () => {
    const r = await driver.exec(box, ["ls", "/sys/class/net"], opts);
    expect(r.stdout.trim()).toBe("lo");
    const w = await driver.exec(box, ["wget", "-T", "2", "-q", "-O", "-", "http://1.1.1.1/"], opts);
    expect(w.exitCode).not.toBe(0);
  });

  it("stops a big write at the file-size limit (50 MB in strict)", async () => {
    const r = await driver.exec(box, ["sh", "-c", "head -c 2000000000 /dev/zero > /workspace/big; echo status=$?; wc -c < /workspace/big"], opts);
    expect(r.stdout).toMatch(/status=[1-9]\d*\n\s*52428800\n/);
    await rm(path.join(dir, "big"), { force: true });
  });

  it("kills the whole process tree on timeout, backgrounded children included", async () => {
    const r = await driver.exec(box, ["sh", "-c", "sleep 300 & (sleep 301 &); sleep 302"], { ...opts, timeoutMs: 500 });
    expect(r.timedOut).toBe(true);
    const ps = await driver.exec(box, ["ps", "-o", "args"], opts);
    expect(ps.stdout).not.toMatch(/sleep 30[012]/);
  });

  it("truncates an output flood at the cap and keeps draining", async () => {
    const r = await driver.exec(box, ["sh", "-c", "head -c 5000000 /dev/zero | tr '\\0' a; echo done >&2"], { ...opts, maxOutputBytes: 64 * 1024 });
    expect(r).toMatchObject({ exitCode: 0, truncated: true, stderr: "done\n" });
    expect(r.stdout.length).toBe(64 * 1024);
  });

  it("streams chunks, then the exit", async () => {
    const stream = await driver.execStream(box, ["sh", "-c", "echo one; echo two >&2"], { timeoutMs: 10_000 });
    const seen: string[] = [];
    for await (const chunk of stream) seen.push(`${chunk.stream}:${chunk.data.toString()}`);
    expect(seen.sort()).toEqual(["stderr:two\n", "stdout:one\n"]);
    expect((await stream.exit).exitCode).toBe(0);
  });

  it("opens a TTY that echoes, resizes and exits", async () => {
    const tty = await driver.openTty(box, { cols: 100, rows: 30 });
    let seen = "";
    tty.stream.on("data", (d: Buffer) => (seen += d.toString()));
    await tty.resize(120, 40);
    tty.stream.write("stty size; echo tty-$((6*7)); exit 5\n");
    expect(await tty.exit).toBe(5);
    expect(seen).toContain("40 120");
    expect(seen).toContain("tty-42");
  });

  it("holds a fork bomb at the pids limit, kills it on timeout and recovers", async () => {
    // The shell then spins without forking: with the pid table full, `sleep` could not even start.
    const r = await driver.exec(box, ["sh", "-c", "bomb() { bomb | bomb & }; bomb; while :; do :; done"], { ...opts, timeoutMs: 2_000 });
    // This test still running means the event loop stayed free; the engine refused the forks.
    expect(r.timedOut).toBe(true);
    expect(r.stderr).toMatch(/can't fork|Resource temporarily unavailable/);
    const ps = await driver.exec(box, ["ps", "-o", "args"], opts);
    expect(ps.stdout).not.toMatch(/bomb|while/);
    expect((await driver.exec(box, ["echo", "alive"], opts)).stdout).toBe("alive\n");
  });

  it("reports a memory bomb as OOM-killed", async () => {
    const small = await sandbox(await workspaceDir(), "strict", { memoryMb: 64 });
    const r = await driver.exec(small, ["sh", "-c", 'a=aaaaaaaaaaaaaaaa; while true; do a="$a$a"; done'], opts);
    expect(r.exitCode).toBe(137);
    expect(r.oomKilled).toBe(true);
  });
});
