// README's order is `npm start`, then `npm run images` (which builds the exec agent): a driver made
// while the agent was missing must use it for the next session once it is built, without a
// restart, and the session made before keeps working on the path it was made with (Docker exec).
import { mkdtempSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { env } from "~/env";
import { docker } from "~/server/docker/client";
import { AGENT_LABEL, AGENT_PATH } from "./agent-client";
import { buildAgent } from "./agent-build";
import { sandboxConfig } from "./config";
import { agentBinaryLookup, DockerDriver } from "./docker-driver";
import type { SandboxHandle, SandboxSpec } from "./driver";
import { resolveLimits } from "./presets";
import { requireDocker } from "./test-docker";

const hasDocker = await requireDocker();
const MiB = 1024 * 1024;
const opts = { timeoutMs: 20_000, maxOutputBytes: MiB };

describe.skipIf(!hasDocker)("exec agent built after the server started", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "atrium-pickup-data-"));
  const binDir = mkdtempSync(path.join(tmpdir(), "atrium-pickup-bin-"));
  const binary = path.join(binDir, "atrium-agent");
  const config = sandboxConfig({ tmpSizeBytes: 8 * MiB, homeSizeBytes: MiB, dataDir, instanceId: `pickup-test-${process.pid}` });
  // The lookup the server's default driver uses, pointed at a path where no agent is built yet.
  const driver = new DockerDriver(config, docker, agentBinaryLookup(binary));
  const handles: SandboxHandle[] = [];
  let workspace = "";

  async function session(name: string): Promise<SandboxHandle> {
    workspace ||= await mkdtemp(path.join(tmpdir(), "atrium-pickup-ws-"));
    await chown(workspace, 1000, 1000);
    const spec: SandboxSpec = {
      sessionId: `p${Date.now().toString(36)}${name}`,
      workspaceId: "test",
      image: env().ATRIUM_TEST_IMAGE,
      workspaceDir: workspace,
      readOnly: false,
      limits: resolveLimits("default", { network: false }),
      masks: [],
      user: { uid: 1000, gid: 1000 },
    };
    const handle = await driver.create(spec);
    handles.push(handle);
    await driver.start(handle);
    return handle;
  }

  const layout = async (handle: SandboxHandle) => {
    const info = await docker().getContainer(handle.id).inspect();
    return { agent: info.Config.Labels[AGENT_LABEL] === "1", cmd: info.Config.Cmd, mounts: info.Mounts.map((m) => m.Destination) };
  };

  afterAll(async () => {
    await Promise.all(handles.map((h) => driver.destroy(h).catch(() => undefined)));
    await Promise.all([workspace, dataDir, binDir].filter(Boolean).map((d) => rm(d, { recursive: true, force: true })));
  });

  it("uses Docker exec before the agent exists and the agent for the next session after it is built", async () => {
    const before = await session("before");
    const old = await layout(before);
    expect(old.agent).toBe(false);
    expect(old.mounts).not.toContain(AGENT_PATH);
    expect((await driver.exec(before, ["echo", "before"], opts)).stdout).toBe("before\n");

    // `npm run images` / `npm run agent` while the server runs.
    await buildAgent({ output: binary });

    const after = await session("after");
    const fresh = await layout(after);
    expect(fresh.agent).toBe(true);
    expect(fresh.cmd).toEqual([AGENT_PATH]);
    expect(fresh.mounts).toContain(AGENT_PATH);
    // The agent answers: its process runs commands as children of PID 1's child, no Docker exec.
    const viaAgent = await driver.exec(after, ["sh", "-c", "cat /proc/$PPID/cmdline | tr '\\0' ' '"], opts);
    expect(viaAgent.exitCode).toBe(0);
    expect(viaAgent.stdout).toContain(AGENT_PATH);

    // The older session keeps its layout and still runs commands (through Docker exec).
    expect((await layout(before)).agent).toBe(false);
    const still = await driver.exec(before, ["sh", "-c", "cat /proc/$PPID/cmdline | tr '\\0' ' '; echo; echo ok"], opts);
    expect(still.stdout).not.toContain(AGENT_PATH);
    expect(still.stdout).toMatch(/ok\n$/);
  });
});
