// GET /api/v1/workspaces/{id}/events over a real HTTP server (the REST door, as server.ts serves
// it) with real Postgres and a real watcher on disk: filters by kind and glob, Last-Event-ID
// resume, `reset` when too old or unknown, per-subscriber path filtering of replayed events, who
// may follow (stranger, key without `read`), and the stream ending when the key is revoked or
// the member removed.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import { handleRestRequest } from "~/server/agent/rest/handler";
import { resolveWorkspaceAccess } from "~/server/auth/workspace-access";
import { sandboxConfig } from "~/server/sandbox/config";
import { configureSandbox } from "~/server/sandbox/service";
import { createSession, stopSessionById } from "~/server/sandbox/sessions";
import { requireDocker } from "~/server/sandbox/test-docker";
import { hashKey } from "~/server/auth/api-keys";
import { db } from "~/server/db/client";
import { publish, workspaceRoom } from "~/server/realtime/workspace-bus";
import { makeTeam, removeDataDir, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";
import { lastAudit, makeKey } from "~/test/actors";
import { openApiDocument } from "~/server/agent/rest/openapi";
import { bridgeTo } from "~/test/http-bridge";
import { createResponseValidator } from "~/test/openapi-validate";

const { BUFFER } = vi.hoisted(() => ({ BUFFER: 10 }));
vi.mock("~/env", async (importOriginal) => {
  const withData = (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal());
  return { ...withData, env: () => ({ ...withData.env(), ATRIUM_EVENTS_BUFFER: BUFFER, ATRIUM_WATCH_IDLE_MS: 300 }) };
});

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
await requireDocker([TEST_IMAGE]);

const bridge = bridgeTo(handleRestRequest);

const conforms = createResponseValidator(openApiDocument());

interface SseEvent {
  id: string | null;
  event: string;
  data: Record<string, unknown>;
}

/** A real HTTP client reading the stream frame by frame. */
class Stream {
  readonly events: SseEvent[] = [];
  ended = false;
  private readonly waiters = new Set<() => void>();
  private readonly abort = new AbortController();
  status = 0;

  static async open(url: string, key: string, lastEventId?: string): Promise<Stream> {
    const s = new Stream();
    const res = await fetch(url, { headers: { authorization: `Bearer ${key}`, accept: "text/event-stream", ...(lastEventId ? { "last-event-id": lastEventId } : {}) }, signal: s.abort.signal });
    s.status = res.status;
    // Every answer, stream or refusal, is the one /api/v1/openapi.json documents.
    const problems = conforms({ method: "GET", url, status: res.status, contentType: res.headers.get("content-type"), body: res.status === 200 ? "" : await res.clone().text() });
    if (problems.length > 0) throw new Error(`the response does not match the OpenAPI document: ${problems.join("; ")}`);
    if (res.status !== 200) {
      s.events.push({ id: null, event: "http-error", data: (await res.json()) as Record<string, unknown> });
      s.ended = true;
      return s;
    }
    void s.read(res.body!);
    await s.until((e) => e.event === "ready");
    return s;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const fields = new Map<string, string>();
          for (const line of block.split("\n")) {
            if (line.startsWith(":") || !line.includes(":")) continue;
            const i = line.indexOf(":");
            fields.set(line.slice(0, i), line.slice(i + 1).trimStart());
          }
          if (!fields.has("event")) continue;
          this.events.push({ id: fields.get("id") ?? null, event: fields.get("event")!, data: JSON.parse(fields.get("data") ?? "null") as Record<string, unknown> });
          this.wake();
        }
      }
    } catch {
      // Aborted by the test.
    }
    this.ended = true;
    this.wake();
  }

  private wake() {
    for (const w of [...this.waiters]) w();
  }

  until(test: (e: SseEvent) => boolean): Promise<SseEvent> {
    return new Promise((resolve) => {
      const check = () => {
        const found = this.events.find(test);
        if (!found) return;
        this.waiters.delete(check);
        resolve(found);
      };
      this.waiters.add(check);
      check();
    });
  }

  whenEnded(): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (!this.ended) return;
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
      check();
    });
  }

  paths(): string[] {
    return this.events.filter((e) => e.event === "files:changed").flatMap((e) => (e.data.changes as { path: string }[]).map((c) => c.path));
  }

  close() {
    this.abort.abort();
  }
}

const hasChange = (p: string) => (e: SseEvent) => e.event === "files:changed" && (e.data.changes as { path: string }[]).some((c) => c.path === p);

describe("workspace event stream (SSE)", () => {
  let http: Server;
  let base: string;
  let team: Team;
  let wsId: string;
  let root: string;
  let viewerKey: string;
  const streams: Stream[] = [];

  const url = (query = "") => `${base}/api/v1/workspaces/${wsId}/events${query}`;
  async function open(query = "", key = viewerKey, lastEventId?: string) {
    const s = await Stream.open(url(query), key, lastEventId);
    streams.push(s);
    return s;
  }

  beforeAll(async () => {
    http = createServer((req, res) => void bridge(req, res));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    team = await makeTeam();
    wsId = (await teamWorkspace(team, { template: "empty" })).id;
    root = (await db().workspace.findUniqueOrThrow({ where: { id: wsId }, select: { rootPath: true } })).rootPath;
    viewerKey = await makeKey(team.viewer, { scopes: ["read"] });
    await mkdir(path.join(root, "src"));
  });

  afterEach(() => {
    for (const s of streams) s.close();
  });

  afterAll(async () => {
    for (const s of streams) s.close();
    http?.closeAllConnections();
    await new Promise((resolve) => http?.close(resolve));
    await removeDataDir();
  });

  it("refuses strangers (404) and keys without `read` (403), audited; bad filters are a 400", async () => {
    const stranger = await open("", await makeKey(team.stranger, { scopes: ["read"] }));
    expect(stranger.status).toBe(404);
    expect(await lastAudit({ actorUserId: team.stranger.id, action: "workspace.events" })).toMatchObject({ outcome: "DENIED", reason: "not_a_member" });
    const execOnly = await open("", await makeKey(team.viewer, { scopes: ["exec"] }));
    expect(execOnly.status).toBe(403);
    expect(execOnly.events[0]?.data).toMatchObject({ error: { code: "FORBIDDEN", reason: "missing_scope" } });
    const bad = await open("?kinds=files,bogus");
    expect(bad.status).toBe(400);
    expect(bad.events[0]?.data).toMatchObject({ error: { code: "INVALID_INPUT" } });
  });

  it("filters by kind and path glob, with an id on every event", async () => {
    const s = await open("?kinds=files&paths=src/**");
    const all = await open();
    await writeFile(path.join(root, "other.txt"), "x");
    await writeFile(path.join(root, "src/a.ts"), "x");
    publish(workspaceRoom(wsId), "task:changed", { workspaceId: wsId, taskId: "t1", status: "QUEUED" });
    await s.until(hasChange("src/a.ts"));
    await all.until(hasChange("src/a.ts"));
    await all.until((e) => e.event === "task:changed");
    expect(s.paths()).not.toContain("other.txt");
    expect(all.paths()).toContain("other.txt");
    expect(s.events.some((e) => e.event === "task:changed")).toBe(false);
    expect(s.events.filter((e) => e.event !== "ready").every((e) => e.id !== null)).toBe(true);
  });

  it("resumes after Last-Event-ID with what was missed, and never replays paths blocked since", async () => {
    const follower = await open();
    await writeFile(path.join(root, "before.txt"), "x");
    const before = await follower.until(hasChange("before.txt"));
    const first = await open();
    first.close();
    await writeFile(path.join(root, "missed.txt"), "x");
    await mkdir(path.join(root, "later"));
    await writeFile(path.join(root, "later/secret.txt"), "x");
    await follower.until(hasChange("later/secret.txt"));
    // The rule comes after the events were logged: a resuming subscriber must not get them.
    await team.as.owner.pathRules.create({ workspaceId: wsId, pattern: "later/**", effect: "block" });
    const resumed = await open("", viewerKey, before.id!);
    const ready = await resumed.until((e) => e.event === "ready");
    const replayed = resumed.events.slice(0, resumed.events.indexOf(ready)).flatMap((e) => (e.event === "files:changed" ? (e.data.changes as { path: string }[]).map((c) => c.path) : []));
    expect(replayed).toContain("missed.txt");
    expect(replayed).not.toContain("before.txt");
    expect(replayed.filter((p) => p.startsWith("later/"))).toEqual([]);
  });

  it("sends `reset` when the id is older than the buffer keeps, or unknown", async () => {
    const follower = await open();
    await writeFile(path.join(root, "old-0.txt"), "x");
    const old = await follower.until(hasChange("old-0.txt"));
    // More than BUFFER events after it (published straight to the bus: one event each).
    for (let i = 0; i < BUFFER + 2; i++) publish(workspaceRoom(wsId), "task:changed", { workspaceId: wsId, taskId: `t-${i}`, status: "QUEUED" });
    await follower.until((e) => e.event === "task:changed" && e.data.taskId === `t-${BUFFER + 1}`);
    const tooOld = await open("", viewerKey, old.id!);
    expect(tooOld.events[0]).toMatchObject({ event: "reset", data: { reason: "too_old" } });
    const unknown = await open("", viewerKey, "deadbeef.1");
    expect(unknown.events[0]).toMatchObject({ event: "reset", data: { reason: "unknown_id" } });
  });

  it("streams sandbox sessions starting and stopping (kinds=sessions)", async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: `events-test-${process.pid}`, maxOutputBytes: 10_000 }));
    const s = await open("?kinds=sessions");
    const ctx = { actor: { user: team.editor, apiKey: null }, ip: null, channel: "UI" as const };
    const session = await createSession(ctx, await resolveWorkspaceAccess(ctx, wsId, "editor", "exec"), {});
    await s.until((e) => e.event === "session:changed" && e.data.sessionId === session.id && e.data.status === "RUNNING");
    await stopSessionById(session.id, "test_cleanup");
    await s.until((e) => e.event === "session:changed" && e.data.sessionId === session.id && e.data.status === "STOPPED");
    expect(s.events.filter((e) => e.event !== "ready").every((e) => e.event === "session:changed")).toBe(true);
  });

  it("ends with `revoked` when the key is revoked", async () => {
    const key = await makeKey(team.viewer, { scopes: ["read"] });
    const s = await open("", key);
    const keyId = (await db().apiKey.findUniqueOrThrow({ where: { secretHash: hashKey(key) } })).id;
    await team.as.viewer.apiKeys.revoke({ id: keyId });
    const revoked = await s.until((e) => e.event === "revoked");
    expect(revoked.data).toMatchObject({ code: "UNAUTHORIZED" });
    await s.whenEnded();
  });

  it("ends with `revoked` when the member is removed", async () => {
    const other = await teamWorkspace(team, { template: "empty" });
    const key = await makeKey(team.editor, { scopes: ["read"] });
    const s = await Stream.open(`${base}/api/v1/workspaces/${other.id}/events`, key);
    streams.push(s);
    await team.as.owner.members.remove({ workspaceId: other.id, userId: team.editor.id });
    const revoked = await s.until((e) => e.event === "revoked");
    expect(revoked.data).toMatchObject({ code: "NOT_FOUND" });
    await s.whenEnded();
  });
});
