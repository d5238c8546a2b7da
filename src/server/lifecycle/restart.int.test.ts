// Shutdown and restart of a REAL server process (server.ts, production build, like the hostile
// suite): SIGTERM drains (in-flight REST exec and MCP tool call answer 200, new connections are
// refused, a task that outlives the grace is re-queued, exit 0 within the grace); a second server
// on the same database and data dir adopts the sandbox left running (same container, exec works),
// removes a stray container of its own instance and never touches another instance's; with
// ATRIUM_SANDBOXES_ON_SHUTDOWN=stop no container of the instance survives the shutdown.
import { existsSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Atrium } from "../../../bench/support/server";
import { openTerminal } from "../../../hostile/support/context";
import { env } from "~/env";
import { docker } from "~/server/docker/client";
import { requireDocker } from "~/server/sandbox/test-docker";
import { connectRefused } from "~/test/connect-refused";

const IMAGE = env().ATRIUM_TEST_IMAGE;
const hasDocker = await requireDocker([IMAGE]);
const GRACE_MS = 8000;
const UNTIL = { timeout: 60_000, interval: 200 };

interface Session {
  id: string;
  status: string;
  stopReason: string | null;
}
interface Task {
  id: string;
  status: string;
  attempt: number;
  failureReason: string | null;
}
interface Exec {
  exitCode: number;
  stdout: string;
}

describe.skipIf(!hasDocker)("a real server across SIGTERM and restart", () => {
  const server = new Atrium({
    name: "lifecycle",
    env: {
      ATRIUM_RUNTIME_IMAGE: IMAGE,
      ATRIUM_SHUTDOWN_GRACE_MS: String(GRACE_MS),
      // No network: nothing here needs one, and no firewall rules go into the host's tables.
      ATRIUM_SANDBOX_PRESETS: JSON.stringify({ default: { network: false } }),
      ATRIUM_SANDBOX_FIREWALL: "off",
    },
  });
  const foreign: string[] = [];

  beforeAll(async () => {
    await server.init();
  }, 600_000);

  afterAll(async () => {
    for (const id of foreign) await docker().getContainer(id).remove({ force: true }).catch(() => undefined);
    await server.dispose();
  }, 120_000);

  /** A container labelled like a sandbox of `instance` (the server's own, or another installation's). */
  async function labelled(instance: string, sessionId: string): Promise<string> {
    const c = await docker().createContainer({
      Image: IMAGE,
      Cmd: ["sleep", "600"],
      Labels: { "atrium.managed": "1", "atrium.instance": instance, "atrium.session": sessionId, "atrium.workspace": "none" },
      HostConfig: { NetworkMode: "none" },
    });
    await c.start();
    return c.id;
  }
  const exists = (id: string) => docker().getContainer(id).inspect().then(() => true, () => false);
  async function sessionRow(wsId: string, id: string): Promise<Session | undefined> {
    const list = await server.ok<{ items: Session[] }>("GET", `/workspaces/${wsId}/sessions?includeStopped=true`);
    return list.items.find((s) => s.id === id);
  }
  const ownContainers = async () => (await docker().listContainers({ all: true, filters: { label: [`atrium.instance=${server.instanceId}`] } })).map((c) => c.Id);

  it("drains on SIGTERM, then a restarted server adopts the running sandbox and removes strays", async () => {
    // The probes: live touches nothing; ready checks the database and the migrations.
    expect(await server.http("GET", "/api/health/live", undefined, {})).toMatchObject({ status: 200, body: { status: "live" } });
    expect(await server.http("GET", "/api/health/ready", undefined, {})).toMatchObject({ status: 200, body: { status: "ready" } });
    const wsId = await server.workspace("lifecycle");
    const session = await server.ok<Session>("POST", `/workspaces/${wsId}/sessions`, {});
    // A file in the container's own /tmp: only the same container has it after the restart.
    expect(await server.ok<Exec>("POST", `/workspaces/${wsId}/exec`, { command: "echo mine > /tmp/marker && hostname", sessionId: session.id })).toMatchObject({ exitCode: 0 });
    const task = await server.ok<Task>("POST", `/workspaces/${wsId}/tasks`, { command: "sleep 300", maxRetries: 0 });
    await vi.waitFor(async () => expect(await server.ok<Task>("GET", `/tasks/${task.id}`)).toMatchObject({ status: "RUNNING" }), UNTIL);

    const mcp = new Client({ name: "lifecycle-test", version: "1.0.0" });
    await mcp.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/api/mcp`), { requestInit: { headers: { Authorization: `Bearer ${server.adminKey}` } } }));

    // Two slow calls in flight when SIGTERM arrives; each writes a file when it has started.
    const root = path.join(server.dataDir, "workspaces", wsId);
    const exec = server.rest<Exec>("POST", `/workspaces/${wsId}/exec`, { command: "touch /workspace/rest-started; sleep 3; echo rest-done", sessionId: session.id });
    const tool = mcp.callTool({ name: "execute_command", arguments: { workspaceId: wsId, command: "touch /workspace/mcp-started; sleep 3; echo mcp-done" } });
    await vi.waitFor(() => expect(existsSync(path.join(root, "rest-started")) && existsSync(path.join(root, "mcp-started"))).toBe(true), UNTIL);

    // A terminal open across the shutdown: its client is told, then reopens one after the restart.
    const before = await openTerminal(server, wsId, session.id);
    const closing = new Promise<unknown>((resolve) => before.socket.once("server:closing", resolve));
    const child = server.child!;
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const signalled = Date.now();
    child.kill("SIGTERM");
    // New connections are refused while the two calls are still running.
    await vi.waitFor(async () => expect(await connectRefused(server.port)).toBe(true), { timeout: 2000, interval: 50 });
    const rest = await exec;
    expect(rest.status).toBe(200);
    expect(rest.body).toMatchObject({ exitCode: 0, stdout: "rest-done\n" });
    const toolResult = (await tool) as { isError?: boolean; content: { type: string; text: string }[] };
    expect(toolResult.isError ?? false).toBe(false);
    expect(toolResult.content[0]?.text).toContain("mcp-done");
    expect(await exited).toBe(0);
    expect(await closing).toMatchObject({ reason: expect.any(String) as unknown });
    before.socket.close();
    // Within the grace (plus the time to close the database and Next): not the 30 s force timer.
    expect(Date.now() - signalled).toBeLessThan(GRACE_MS + 15_000);
    await mcp.close().catch(() => undefined);
    const log = await server.log();
    expect(log).toContain("re-queued 1 running task(s)");

    // Meanwhile: a stray container of this instance (no session row), and one of another installation.
    const stray = await labelled(server.instanceId, "no-such-session");
    const other = await labelled(`other-${server.instanceId}`, session.id);
    foreign.push(other);

    await server.start();
    // The session is still RUNNING in the same container, and exec works at once.
    expect(await sessionRow(wsId, session.id)).toMatchObject({ status: "RUNNING" });
    expect(await server.ok<Exec>("POST", `/workspaces/${wsId}/exec`, { command: "cat /tmp/marker", sessionId: session.id })).toMatchObject({ exitCode: 0, stdout: "mine\n" });
    expect(await server.log()).toMatch(/sandboxes adopted: 1 sessions/);
    const after = await openTerminal(server, wsId, session.id);
    after.send("cat /tmp/marker\n");
    await after.until((text) => text.includes("mine"), "the marker written before the restart", 30_000);
    after.socket.close();
    expect(await exists(stray)).toBe(false);
    expect(await exists(other)).toBe(true);
    // The re-queued task (not FAILED, its attempt not counted) runs again on the new server.
    await vi.waitFor(async () => expect(await server.ok<Task>("GET", `/tasks/${task.id}`)).toMatchObject({ status: "RUNNING", attempt: 1 }), UNTIL);
    await server.ok("POST", `/tasks/${task.id}/cancel`, {});
  }, 300_000);

  it("with ATRIUM_SANDBOXES_ON_SHUTDOWN=stop, no container of the instance survives the shutdown", async () => {
    await server.stop();
    server.options.env = { ...server.options.env, ATRIUM_SANDBOXES_ON_SHUTDOWN: "stop" };
    await server.start();
    const wsId = await server.workspace("stop-mode");
    const session = await server.ok<Session>("POST", `/workspaces/${wsId}/sessions`, {});
    expect((await ownContainers()).length).toBeGreaterThan(0);
    const exited = new Promise<number | null>((resolve) => server.child!.once("exit", (code) => resolve(code)));
    server.child!.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(await ownContainers()).toEqual([]);
    await server.start();
    expect(await sessionRow(wsId, session.id)).toMatchObject({ status: "STOPPED", stopReason: "server_shutdown" });
  }, 300_000);
});
