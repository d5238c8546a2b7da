// The server's own wiring picks the exec agent up without a restart: through the tRPC exec
// procedure and the sandbox service's default Docker driver (configured by ATRIUM_AGENT_BINARY,
// missing when the "server" starts), a session made after the agent is built runs it, and the
// session made before keeps working through Docker exec.
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import { sandboxRouter } from "~/server/api/routers/sandbox";
import { createCallerFactory, createContext, createTRPCRouter } from "~/server/api/trpc";
import type { ActorUser } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { docker } from "~/server/docker/client";
import { sessionCookie } from "~/test/actors";
import { makeTeam, teamWorkspace } from "~/server/workspaces/test-helpers";
import { AGENT_LABEL, AGENT_PATH } from "./agent-client";
import { buildAgent } from "./agent-build";
import { sandboxConfig } from "./config";
import { configureSandbox } from "./service";
import { requireDocker } from "./test-docker";

const agentBinary = vi.hoisted(() => `${process.env.TMPDIR ?? "/tmp"}/atrium-pickup-${process.pid}-${Date.now()}/atrium-agent`);
vi.mock("~/env", async (importOriginal) => {
  const withData = (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal());
  return { ...withData, env: () => ({ ...withData.env(), ATRIUM_AGENT_BINARY: agentBinary }) };
});

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
const hasDocker = await requireDocker([TEST_IMAGE]);
const createCaller = createCallerFactory(createTRPCRouter({ sandbox: sandboxRouter }));
async function sandboxAs(user: ActorUser) {
  return createCaller(await createContext({ authorization: null, cookie: await sessionCookie(user.id), ip: "203.0.113.9", channel: "UI" })).sandbox;
}

describe.skipIf(!hasDocker)("exec agent built while the server runs", () => {
  const sessions: string[] = [];
  let workspaceId = "";
  let editor: Awaited<ReturnType<typeof sandboxAs>>;

  const usesAgent = async (sessionId: string) => {
    const row = await db().sandboxSession.findUniqueOrThrow({ where: { id: sessionId } });
    return (await docker().getContainer(row.containerId!).inspect()).Config.Labels[AGENT_LABEL] === "1";
  };
  /** The exec'd shell's parent: the agent for agent sessions; outside the container for Docker exec. */
  const parentOf = async (sessionId: string) =>
    (await editor.exec({ workspaceId, sessionId, command: "cat /proc/$PPID/cmdline 2>/dev/null | tr '\\0' ' '; echo" })).stdout;

  beforeAll(async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: `pickup-svc-${process.pid}` }));
    const team = await makeTeam();
    workspaceId = (await teamWorkspace(team, { template: "empty" })).id;
    editor = await sandboxAs(team.editor);
  });

  afterAll(async () => {
    const { stopSessionById } = await import("./sessions");
    await Promise.all(sessions.map((id) => stopSessionById(id, "test_cleanup").catch(() => undefined)));
    await rm(path.dirname(agentBinary), { recursive: true, force: true });
  });

  it("uses the agent for the next session once it is built, without a restart", async () => {
    const before = await editor.exec({ workspaceId, command: ["echo", "before"] });
    sessions.push(before.sessionId);
    expect(before.stdout).toBe("before\n");
    expect(await usesAgent(before.sessionId)).toBe(false);

    await buildAgent({ output: agentBinary });

    const fresh = await editor.sessions.create({ workspaceId });
    sessions.push(fresh.id);
    expect(await usesAgent(fresh.id)).toBe(true);
    expect(await parentOf(fresh.id)).toContain(AGENT_PATH);

    // The session made before keeps its layout and still answers, through Docker exec.
    expect(await usesAgent(before.sessionId)).toBe(false);
    expect(await parentOf(before.sessionId)).not.toContain(AGENT_PATH);
  });
});
