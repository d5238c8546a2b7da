// The exec agent against a real engine, through the Docker driver (busybox test image).
import { mkdtempSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Duplex } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "~/env";
import { docker } from "~/server/docker/client";
import { AgentConnection, AGENT_LABEL, encodeFrame, encodeStart } from "./agent-client";
import { buildAgent } from "./agent-build";
import { sandboxConfig } from "./config";
import { DockerDriver } from "./docker-driver";
import type { SandboxHandle, SandboxSpec } from "./driver";
import { resolveLimits } from "./presets";
import { requireDocker } from "./test-docker";

const hasDocker = await requireDocker();
const IMAGE = env().ATRIUM_TEST_IMAGE;
const MiB = 1024 * 1024;
const opts = { timeoutMs: 20_000, maxOutputBytes: MiB };

describe.skipIf(!hasDocker)("exec agent", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "atrium-agent-data-"));
  const config = sandboxConfig({ tmpSizeBytes: 8 * MiB, homeSizeBytes: MiB, dataDir, instanceId: `agent-test-${process.pid}` });
  let driver: DockerDriver;
  let plain: DockerDriver;
  let dir: string;
  let box: SandboxHandle;
  let plainBox: SandboxHandle;

  async function sandbox(d: DockerDriver, name: string): Promise<SandboxHandle> {
    const spec: SandboxSpec = {
      sessionId: `a${Date.now().toString(36)}${name}`,
      workspaceId: "test",
      image: IMAGE,
      workspaceDir: dir,
      readOnly: false,
      limits: resolveLimits("default", { network: false }),
      masks: [],
      user: { uid: 1000, gid: 1000 },
    };
    const handle = await d.create(spec);
    await d.start(handle);
    return handle;
  }

  beforeAll(async () => {
    const built = await buildAgent();
    driver = new DockerDriver(config, docker, built.path);
    plain = new DockerDriver(config, docker, null);
    dir = await mkdtemp(path.join(tmpdir(), "atrium-agent-ws-"));
    await chown(dir, 1000, 1000);
    [box, plainBox] = await Promise.all([sandbox(driver, "agent"), sandbox(plain, "plain")]);
  });

  afterAll(async () => {
    await Promise.all([box, plainBox].filter(Boolean).map((h) => driver.destroy(h)));
    await Promise.all([dir, dataDir].map((d) => rm(d, { recursive: true, force: true })));
  });

  it("runs the agent as the container's command, under docker-init", async () => {
    const info = await docker().getContainer(box.id).inspect();
    expect(info.Config.Labels[AGENT_LABEL]).toBe("1");
    const r = await driver.exec(box, ["sh", "-c", "cat /proc/1/comm; echo $PPID; id -u"], opts);
    expect(r).toMatchObject({ exitCode: 0, truncated: false, timedOut: false, cancelled: false, oomKilled: false });
    expect(r.stdout).toMatch(/^docker-init\n\d+\n1000\n$/);
  });

  it("round-trips echo, stdin, env, cwd and exit codes", async () => {
    expect((await driver.exec(box, ["echo", "hello", "wörld"], opts)).stdout).toBe("hello wörld\n");
    const r = await driver.exec(box, ["sh", "-c", 'cat; echo "$FOO|$HOME"; pwd; echo err >&2; exit 3'], { ...opts, stdin: "piped\n", env: { FOO: "b a r" }, cwd: "/tmp" });
    expect(r).toMatchObject({ exitCode: 3, stdout: "piped\nb a r|/home/atrium\n/tmp\n", stderr: "err\n" });
    expect((await driver.exec(box, ["pwd"], opts)).stdout).toBe("/workspace\n");
    expect((await driver.exec(box, ["sh", "-c", "kill -TERM $$"], opts)).exitCode).toBe(143);
    const missing = await driver.exec(box, ["no-such-binary"], opts);
    expect(missing.exitCode).toBe(127);
    expect(missing.stderr).toContain("no-such-binary");
    expect((await driver.exec(box, ["true"], { ...opts, cwd: "/nowhere" })).exitCode).toBe(126);
    // A backgrounded process holding the output pipes does not hold up the exit (~200 ms grace).
    const t0 = performance.now();
    expect(await driver.exec(box, ["sh", "-c", "sleep 3 & echo bg"], opts)).toMatchObject({ exitCode: 0, stdout: "bg\n" });
    expect(performance.now() - t0).toBeLessThan(2_500);
  });

  it("is binary-safe: all 256 byte values through stdin and stdout, and large stdin", async () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const stream = await driver.execStream(box, ["cat"], { timeoutMs: 10_000, stdin: Buffer.concat([all, all]) });
    const got: Buffer[] = [];
    for await (const chunk of stream) got.push(chunk.data);
    expect(Buffer.concat(got).equals(Buffer.concat([all, all]))).toBe(true);
    const big = Buffer.alloc(3 * MiB, "x");
    expect((await driver.exec(box, ["wc", "-c"], { ...opts, stdin: big })).stdout.trim()).toBe(String(3 * MiB));
  });

  it("kills the whole process tree on timeout, backgrounded children included", async () => {
    const r = await driver.exec(box, ["sh", "-c", "sleep 300 & (sleep 301 &); sleep 302"], { ...opts, timeoutMs: 500 });
    expect(r).toMatchObject({ timedOut: true, exitCode: 137, cancelled: false, oomKilled: false });
    expect((await driver.exec(box, ["ps", "-o", "args"], opts)).stdout).not.toMatch(/sleep 30[012]/);
  });

  it("cancels through an AbortSignal, the tree included", async () => {
    const ac = new AbortController();
    const running = driver.exec(box, ["sh", "-c", "sleep 310 & sleep 311"], { ...opts, signal: ac.signal });
    setTimeout(() => ac.abort(), 200);
    expect(await running).toMatchObject({ cancelled: true, timedOut: false, exitCode: 137 });
    expect((await driver.exec(box, ["ps", "-o", "args"], opts)).stdout).not.toMatch(/sleep 31[01]/);
    const stream = await driver.execStream(box, ["sleep", "312"], { timeoutMs: 10_000 });
    setTimeout(() => stream.cancel(), 100);
    expect(await stream.exit).toMatchObject({ cancelled: true });
  });

  it("caps output and reports truncated, still draining to the end", async () => {
    const r = await driver.exec(box, ["sh", "-c", "head -c 5000000 /dev/zero | tr '\\0' a; echo done >&2"], { ...opts, maxOutputBytes: 64 * 1024 });
    expect(r).toMatchObject({ exitCode: 0, truncated: true, stderr: "done\n" });
    expect(r.stdout.length).toBe(64 * 1024);
  });

  it("runs 50 commands at once, each getting its own output", async () => {
    // One pid each (echo is a builtin, then exec): 50 at once stay under the preset's 100-process limit.
    const t0 = performance.now();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => driver.exec(box, ["sh", "-c", `echo start ${i}; echo end ${i} >&2; exec sleep 0.5`], opts)));
    results.forEach((r, i) => expect(r).toMatchObject({ exitCode: 0, stdout: `start ${i}\n`, stderr: `end ${i}\n` }));
    expect(performance.now() - t0).toBeLessThan(10_000); // they overlapped: 50 x 0.5 s in a row would be 25 s
  });

  it("answers bad requests with errors and keeps serving", async () => {
    // A second attach writes straight into the agent's stdin, as a confused client would.
    const raw = (await docker().getContainer(box.id).attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as unknown as Duplex;
    let seen = Buffer.alloc(0);
    raw.on("data", (d: Buffer) => (seen = Buffer.concat([seen, d])));
    const bogus = [
      Buffer.from([0, 0, 0, 2, 9, 9]), // length below the header size
      encodeFrame(77, 5), // unknown type
      encodeFrame(1, 6, [Buffer.from([0, 0])]), // START cut short
      encodeFrame(1, 7, [Buffer.alloc(8), Buffer.from([0, 0, 0, 0]), Buffer.from([0, 0, 0, 0])]), // argc 0
      encodeStart(8, ["ec\0ho"], { timeoutMs: 0, maxOutputBytes: 0 }), // NUL inside argv
      encodeFrame(2, 999), // cancel of an unknown id
    ];
    raw.write(Buffer.concat(bogus));
    await new Promise((r) => setTimeout(r, 300));
    raw.destroy();
    expect(seen.toString("latin1")).toContain("malformed START request");
    expect(seen.toString("latin1")).toContain("unknown request type 77");
    expect((await driver.exec(box, ["echo", "still here"], opts)).stdout).toBe("still here\n");
  });

  it("re-attaches from a fresh server (new driver), even joining mid-stream", async () => {
    const flood = await driver.execStream(box, ["sh", "-c", "yes abcdefghijklmnopqrstuvwxyz | head -c 20000000"], { timeoutMs: 20_000 });
    const restarted = new DockerDriver(config, docker, "/unused");
    expect((await restarted.exec(box, ["echo", "again"], opts)).stdout).toBe("again\n");
    let bytes = 0;
    for await (const chunk of flood) bytes += chunk.data.length;
    expect(bytes).toBe(20_000_000);
    expect((await flood.exit).exitCode).toBe(0);
  });

  it("streams with backpressure: a slow reader pauses only its own command", async () => {
    const slow = await driver.execStream(box, ["sh", "-c", "yes | head -c 8000000"], { timeoutMs: 20_000 });
    const iterator = slow[Symbol.asyncIterator]();
    await iterator.next(); // then stop reading for a while
    const t0 = performance.now();
    expect((await driver.exec(box, ["echo", "unblocked"], opts)).stdout).toBe("unblocked\n");
    expect(performance.now() - t0).toBeLessThan(2_000);
    let bytes = 0;
    for (let n = await iterator.next(); !n.done; n = await iterator.next()) bytes += n.value.data.length;
    expect(bytes).toBeGreaterThan(7_000_000);
    expect((await slow.exit).exitCode).toBe(0);
  });

  it("reports a container without a running agent as not running", async () => {
    const gone = await sandbox(driver, "stopped");
    await driver.stop(gone);
    await expect(driver.exec(gone, ["true"], opts)).rejects.toMatchObject({ code: "CONFLICT" });
    await driver.destroy(gone);
  });

  it("keeps the Docker-exec fallback working (no agent binary)", async () => {
    expect((await docker().getContainer(plainBox.id).inspect()).Config.Labels[AGENT_LABEL]).toBeUndefined();
    const r = await plain.exec(plainBox, ["sh", "-c", "cat; exit 4"], { ...opts, stdin: "x" });
    expect(r).toMatchObject({ exitCode: 4, stdout: "x" });
    expect((await plain.exec(plainBox, ["sleep", "30"], { ...opts, timeoutMs: 300 })).timedOut).toBe(true);
  });

  it("exposes the connection directly (attach + PING)", async () => {
    const conn = await AgentConnection.attach(docker().getContainer(box.id));
    expect((await conn.run(["echo", "direct"], opts)).stdout).toBe("direct\n");
    conn.close(new Error("done"));
  });
});
