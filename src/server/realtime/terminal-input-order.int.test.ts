// Keystrokes reach the shell in the order they were typed, also when the write check's short cache
// has run out and every keystroke of a burst needs a database round trip (the race a person hits
// when they type fast after a pause on a loaded server). Real socket.io client, Postgres and
// Docker; the one thing staged is the latency: the first check of each burst is made slow, as a
// busy database makes one query slower than the next.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import { resolveWorkspaceAccess } from "~/server/auth/workspace-access";
import { sandboxConfig } from "~/server/sandbox/config";
import { configureSandbox } from "~/server/sandbox/service";
import { createSession, stopSessionById } from "~/server/sandbox/sessions";
import { requireDocker } from "~/server/sandbox/test-docker";
import { makeTeam, removeDataDir, teamWorkspace } from "~/server/workspaces/test-helpers";
import { sessionCookie } from "~/test/actors";
import { type ClientSocket, connectSocket, startRealtimeServer } from "~/test/realtime-server";
import type * as WorkspaceAccessModule from "~/server/auth/workspace-access";
import type { RealtimeServer } from "./server";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

/** Extra milliseconds for the next access checks, one entry per call (then none). */
const latency = vi.hoisted(() => ({ next: [] as number[] }));
vi.mock("~/server/auth/workspace-access", async (importOriginal) => {
  const real = await importOriginal<typeof WorkspaceAccessModule>();
  return {
    ...real,
    resolveWorkspaceAccess: async (...args: Parameters<typeof real.resolveWorkspaceAccess>) => {
      const delay = latency.next.shift() ?? 0;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      return real.resolveWorkspaceAccess(...args);
    },
  };
});

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
await requireDocker([TEST_IMAGE]);
const MB = 1024 * 1024;

describe("terminal input order", () => {
  let io: RealtimeServer;
  let url: string;
  let socket: ClientSocket | null = null;
  let sessionId: string | null = null;

  beforeAll(async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 * MB, homeSizeBytes: 1 * MB, instanceId: `terminal-order-test-${process.pid}` }));
    ({ io, url } = await startRealtimeServer());
  });
  afterAll(async () => {
    socket?.close();
    if (sessionId) await stopSessionById(sessionId, "test_cleanup").catch(() => undefined);
    await io.close();
    await removeDataDir();
  });

  it("a burst typed after the write check expired arrives in order", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team, { template: "empty" });
    const ctx = { actor: { user: team.editor, apiKey: null }, ip: null, channel: "UI" as const };
    sessionId = (await createSession(ctx, await resolveWorkspaceAccess(ctx, ws.id, "editor", "exec"), { overrides: { network: false } })).id;
    socket = connectSocket(url, await sessionCookie(team.editor.id));
    await new Promise<void>((resolve, reject) => {
      socket!.once("connect", resolve);
      socket!.once("connect_error", reject);
    });
    let output = "";
    socket.on("terminal:output", ({ data }) => {
      output += Buffer.from(data instanceof ArrayBuffer ? data : data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)).toString("latin1");
    });
    const opened = await socket.emitWithAck("terminal:open", { workspaceId: ws.id, sessionId, cols: 200, rows: 24 });
    if (!opened.ok) throw new Error(JSON.stringify(opened.error));
    const { terminalId } = opened.data;
    const until = async (needle: string) => {
      const deadline = Date.now() + 10_000;
      while (!output.includes(needle) && Date.now() < deadline) await sleep(20);
      // Out of order, the shell got another line: say what it got.
      expect(output).toContain(needle);
    };
    await until("$");

    const text = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    for (let round = 0; round < 3; round++) {
      // Past the write check's cache (2 s): the next keystrokes each need a fresh check, and the
      // first of them is the slow one.
      await sleep(2_300);
      latency.next = [300];
      const marker = `r${round}-${text}`;
      // One event per character, all sent at once, as xterm sends fast typing.
      const acks = [...`echo ${marker}\r`].map((ch) => socket!.emitWithAck("terminal:input", { terminalId, data: ch }));
      const results = (await Promise.all(acks)) as { ok: boolean }[];
      expect(results.every((r) => r.ok)).toBe(true);
      // The shell echoes the line as typed, then prints it once more.
      await until(`${marker}\r\n${marker}`);
    }
  });
});
