// MCP sessions of this process: one transport + McpServer per `mcp-session-id`. Per process and in
// memory (what a key has read is not: it lives in Postgres, see auth/read-before-write): a restart
// or another server process means the client initializes a new session. Kept on globalThis because Next's
// bundled route and the custom server share one process but not one module graph.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { env } from "~/env";
import type { Actor } from "~/server/auth/types";
import { logger } from "~/server/observability/logger";

let idleOverride: number | null = null;

export const MCP_SESSION_LIMITS = {
  /**
   * A session nobody has used for this long is closed (an open stream or a running call counts as
   * use): ATRIUM_MCP_SESSION_IDLE_MS, read at use so importing this module needs no configuration.
   */
  get idleMs(): number {
    return idleOverride ?? env().ATRIUM_MCP_SESSION_IDLE_MS;
  },
  /** Tests set a short timeout. */
  set idleMs(ms: number) {
    idleOverride = ms;
  },
  /** Sessions per process; past it the least recently used idle session is closed, or new ones are refused. */
  maxSessions: 500,
  /** Sessions per API key (or per signed-in person); past it that caller's least recently used one is closed. */
  maxPerCaller: 20,
};

export interface McpSession {
  id: string;
  server: McpServer;
  transport: WebStandardStreamableHTTPServerTransport;
  /** Who opened it: later requests must come from the same key (or person without a key). */
  owner: string;
  lastSeenAt: number;
  /** Requests whose response is still open (running tool calls, SSE streams). */
  active: number;
}

const KEY = Symbol.for("atrium.mcp.sessions");
type Holder = { [KEY]?: Map<string, McpSession> };

export function mcpSessions(): Map<string, McpSession> {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= new Map<string, McpSession>());
}

export function ownerOf(actor: Actor): string {
  return actor.apiKey ? `key:${actor.apiKey.id}` : `user:${actor.user.id}`;
}

export function closeSession(session: McpSession): void {
  mcpSessions().delete(session.id);
  session.server.close().catch((error: unknown) => logger("mcp").error({ err: error }, "closing a session failed"));
}

export function sweepIdle(now = Date.now()): void {
  for (const s of [...mcpSessions().values()]) {
    if (s.active === 0 && now - s.lastSeenAt > MCP_SESSION_LIMITS.idleMs) closeSession(s);
  }
}

const SWEEPER = Symbol.for("atrium.mcp.sweeper");
type SweeperHolder = { [SWEEPER]?: NodeJS.Timeout };

/**
 * Registers an initialized session and makes sure idle ones are swept on a clock. Most MCP clients
 * never send DELETE (the SDK's `close()` does not), and sweeping only when the next MCP request
 * arrives left every abandoned session (its McpServer, 16 tools and their schemas) in memory for
 * as long as nobody used MCP again. The timer runs only while sessions exist and never holds the
 * process open.
 */
export function registerSession(session: McpSession): void {
  mcpSessions().set(session.id, session);
  const holder = globalThis as SweeperHolder;
  if (holder[SWEEPER]) return;
  const every = Math.max(1000, Math.min(60_000, Math.floor(MCP_SESSION_LIMITS.idleMs / 4)));
  const timer = setInterval(() => {
    sweepIdle();
    if (mcpSessions().size === 0) {
      clearInterval(timer);
      delete holder[SWEEPER];
    }
  }, every);
  timer.unref();
  holder[SWEEPER] = timer;
}

function leastRecentlyUsed(sessions: McpSession[]): McpSession | undefined {
  const idleFirst = [...sessions].sort((a, b) => Number(a.active > 0) - Number(b.active > 0) || a.lastSeenAt - b.lastSeenAt);
  return idleFirst[0];
}

/** Makes room for one more session of `owner`; false when the process is full of busy sessions. */
export function makeRoomFor(owner: string): boolean {
  sweepIdle();
  const all = [...mcpSessions().values()];
  const mine = all.filter((s) => s.owner === owner);
  if (mine.length >= MCP_SESSION_LIMITS.maxPerCaller) {
    const victim = leastRecentlyUsed(mine);
    if (victim) closeSession(victim);
  }
  if (mcpSessions().size < MCP_SESSION_LIMITS.maxSessions) return true;
  const victim = leastRecentlyUsed([...mcpSessions().values()].filter((s) => s.active === 0));
  if (!victim) return false;
  closeSession(victim);
  return true;
}

/** Counts the request as active until its response body ends or the client goes away. */
export function trackResponse(session: McpSession, response: Response): Response {
  session.active++;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    session.active--;
    session.lastSeenAt = Date.now();
  };
  if (!response.body) {
    finish();
    return response;
  }
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = await reader.read();
        if (chunk.done) {
          finish();
          controller.close();
        } else controller.enqueue(chunk.value);
      } catch (error) {
        finish();
        controller.error(error);
      }
    },
    async cancel(reason) {
      finish();
      await reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
