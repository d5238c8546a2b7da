// Exec round trip and session-ready latency, in interleaved rounds so machine noise hits every
// variant alike. Ratios are against the `docker` CLI measured in the same run (the CLI is fine
// here: this is a bench, not server code). Not part of `npm test`.
//   npx tsx bench/exec.bench.ts [--rounds 40] [--ready-rounds 8] [--image atrium/test:busybox]
import { execFile } from "node:child_process";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { docker } from "~/server/docker/client";
import { buildAgent } from "~/server/sandbox/agent-build";
import { sandboxConfig } from "~/server/sandbox/config";
import { DockerDriver } from "~/server/sandbox/docker-driver";
import type { SandboxHandle, SandboxSpec } from "~/server/sandbox/driver";
import { resolveLimits } from "~/server/sandbox/presets";
import { interleaved, machine, stats, table } from "./harness";

const run = promisify(execFile);
const { values } = parseArgs({ options: { rounds: { type: "string", default: "40" }, "ready-rounds": { type: "string", default: "8" }, image: { type: "string", default: "atrium/test:busybox" } } });
const ROUNDS = Number(values.rounds);
const READY_ROUNDS = Number(values["ready-rounds"]);
const IMAGE = values.image;
const OPTS = { timeoutMs: 30_000, maxOutputBytes: 1 << 20 };

async function main(): Promise<void> {
  const agentBinary = (await buildAgent()).path;
  const dataDir = await mkdtemp(path.join(tmpdir(), "atrium-bench-"));
  const workspace = await mkdtemp(path.join(tmpdir(), "atrium-bench-ws-"));
  await chown(workspace, 1000, 1000);
  const config = sandboxConfig({ dataDir, instanceId: `bench-${process.pid}`, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20 });
  const withAgent = new DockerDriver(config, docker, agentBinary);
  const withoutAgent = new DockerDriver(config, docker, null);
  const handles: { driver: DockerDriver; handle: SandboxHandle }[] = [];
  let seq = 0;
  const spec = (): SandboxSpec => ({
    sessionId: `bench${process.pid}x${seq++}`,
    workspaceId: "bench",
    image: IMAGE,
    workspaceDir: workspace,
    readOnly: false,
    limits: resolveLimits("default", {}),
    masks: [],
    user: { uid: 1000, gid: 1000 },
  });
  const session = async (driver: DockerDriver) => {
    const handle = await driver.create(spec());
    handles.push({ driver, handle });
    await driver.start(handle);
    return handle;
  };
  try {
    const a = await session(withAgent);
    const b = await session(withoutAgent);
    const container = docker().getContainer(b.id);
    const exec = await interleaved(
      {
        "driver + agent": async () => void (await withAgent.exec(a, ["true"], OPTS)),
        "driver, Docker exec": async () => void (await withoutAgent.exec(b, ["true"], OPTS)),
        "dockerode exec": async () => {
          const e = await container.exec({ Cmd: ["true"], AttachStdout: true, AttachStderr: true });
          const socket = await e.start({ hijack: true, stdin: false });
          socket.resume();
          await new Promise<void>((resolve) => socket.once("close", () => resolve()));
          await e.inspect();
        },
        "docker exec CLI": async () => void (await run("docker", ["exec", b.id, "true"])),
      },
      ROUNDS,
    );
    const ready = await interleaved(
      {
        "ready, agent": async () => {
          const h = await session(withAgent);
          await withAgent.exec(h, ["true"], OPTS);
          void withAgent.destroy(h); // removal is not part of "ready"
        },
        "ready, Docker exec": async () => {
          const h = await session(withoutAgent);
          await withoutAgent.exec(h, ["true"], OPTS);
          void withoutAgent.destroy(h);
        },
        "docker run --rm CLI": async () => void (await run("docker", ["run", "--rm", "--network", "none", IMAGE, "true"])),
      },
      READY_ROUNDS,
    );
    report({ ...exec, ...ready }, "docker exec CLI", "docker run --rm CLI", Object.keys(exec));
  } finally {
    await Promise.all(handles.map(({ driver, handle }) => driver.destroy(handle)));
    await Promise.all([dataDir, workspace].map((d) => rm(d, { recursive: true, force: true })));
  }
}

function report(samples: Record<string, number[]>, execBase: string, readyBase: string, execNames: string[]): void {
  const s = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v)]));
  const rows = Object.entries(s).map(([name, st]) => {
    const base = s[execNames.includes(name) ? execBase : readyBase]!;
    return [name, String(st.n), st.median.toFixed(1), st.p95.toFixed(1), (st.median / base.median).toFixed(2) + "x"];
  });
  console.log(`\nexec bench ${new Date().toISOString()} (${machine()}; image ${IMAGE})`);
  console.log(table(["variant", "n", "median ms", "p95 ms", "vs CLI (median)"], rows));
  console.log(
    JSON.stringify({
      bench: "exec",
      date: new Date().toISOString(),
      cores: cpus().length,
      image: IMAGE,
      results: Object.fromEntries(Object.entries(s).map(([k, v]) => [k, { medianMs: +v.median.toFixed(2), p95Ms: +v.p95.toFixed(2), n: v.n }])),
      ratios: {
        execAgentVsCli: +(s["driver + agent"]!.median / s[execBase]!.median).toFixed(3),
        execDockerVsCli: +(s["driver, Docker exec"]!.median / s[execBase]!.median).toFixed(3),
        readyAgentVsDockerRun: +(s["ready, agent"]!.median / s[readyBase]!.median).toFixed(3),
      },
    }),
  );
}

await main();
