// Identity changes that must end access NOW, in every process: a key revoked or expired, an
// account disabled or signed out, an admin demoted, a member removed or lowered. Services call
// `publishIdentityChange` after the change is committed; it is delivered at once to this process's
// listeners and, through PostgreSQL `NOTIFY`, to every other process (one `LISTEN` connection each,
// reconnecting). A notification is a hint, never the permission: listeners re-check the current
// state in the database, so a duplicate is harmless and a missed one is caught by the re-checks
// (per socket event, and a periodic sweep).
import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import pg from "pg";
import { z } from "zod";
import { db } from "~/server/db/client";
import { runtime } from "~/server/runtime";
import { lineLogger, logger } from "~/server/observability/logger";

export const IDENTITY_CHANNEL = "atrium_identity";

export const IDENTITY_CHANGE_REASONS = [
  "api_key_revoked",
  "api_key_expired",
  "user_disabled",
  "admin_demoted",
  "member_removed",
  "role_lowered",
  "signed_out",
] as const;
export type IdentityChangeReason = (typeof IDENTITY_CHANGE_REASONS)[number];

const ZId = z.string().min(1).max(64);
export const ZIdentityChange = z.object({
  /** Dedupes the local delivery against the same change coming back through LISTEN. */
  id: z.string().min(1).max(64),
  reason: z.enum(IDENTITY_CHANGE_REASONS),
  userId: ZId,
  /** Set when the change is about one workspace (member removed, role lowered). */
  workspaceId: ZId.nullable(),
  /** Set when the change is about one key (revoked, expired). */
  apiKeyId: ZId.nullable(),
});
export type IdentityChange = z.infer<typeof ZIdentityChange>;

/** A listener also hears `resync` when notifications may have been missed (the LISTEN connection dropped). */
export type IdentitySignal = { kind: "change"; change: IdentityChange } | { kind: "resync" };

const KEY = Symbol.for("atrium.identity-events");
interface State {
  bus: EventEmitter;
  /** Recently delivered ids, so a change published here is not delivered again by LISTEN. */
  seen: Set<string>;
  listener: { users: number; stop: () => Promise<void> } | null;
}
/** On globalThis: Next's bundle (tRPC, which publishes) and server.ts (sockets, which listen) load this separately. */
function state(): State {
  const holder = globalThis as { [KEY]?: State };
  if (!holder[KEY]) {
    const bus = new EventEmitter();
    bus.setMaxListeners(0);
    holder[KEY] = { bus, seen: new Set(), listener: null };
  }
  return holder[KEY];
}

const SEEN_MAX = 1000;

function deliver(change: IdentityChange): void {
  const s = state();
  if (s.seen.has(change.id)) return;
  s.seen.add(change.id);
  if (s.seen.size > SEEN_MAX) s.seen.delete(s.seen.values().next().value!);
  s.bus.emit("signal", { kind: "change", change } satisfies IdentitySignal);
}

/** Tells every process. Never throws: the change is already committed, and the re-checks catch a lost notification. */
export async function publishIdentityChange(input: Omit<IdentityChange, "id" | "workspaceId" | "apiKeyId"> & { workspaceId?: string | null; apiKeyId?: string | null }): Promise<void> {
  const change: IdentityChange = { id: randomBytes(9).toString("base64url"), reason: input.reason, userId: input.userId, workspaceId: input.workspaceId ?? null, apiKeyId: input.apiKeyId ?? null };
  deliver(change);
  try {
    await db().$executeRaw`SELECT pg_notify(${IDENTITY_CHANNEL}, ${JSON.stringify(change)})`;
  } catch (error) {
    logger("identity").error({ err: error, reason: change.reason }, "could not notify other processes");
  }
}

/** This process only (e.g. the key-expiry watch, which every process runs for itself). */
export function deliverLocally(input: Omit<IdentityChange, "id">): void {
  deliver({ ...input, id: randomBytes(9).toString("base64url") });
}

/** Returns the unsubscribe function. */
export function onIdentitySignal(listener: (signal: IdentitySignal) => void): () => void {
  const { bus } = state();
  bus.on("signal", listener);
  return () => bus.off("signal", listener);
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

/**
 * Starts this process's LISTEN connection (shared: each caller gets a stop that releases its use;
 * the connection closes with the last). Reconnects with backoff; after every (re)connect a `resync`
 * is signalled, because notifications sent while it was down are lost.
 */
export function startIdentityListener(log: (line: string) => void = lineLogger("identity")): () => Promise<void> {
  const s = state();
  if (s.listener) {
    s.listener.users++;
  } else {
    s.listener = { users: 1, stop: runListener(log) };
  }
  let released = false;
  return async () => {
    if (released || !s.listener) return;
    released = true;
    if (--s.listener.users > 0) return;
    const { stop } = s.listener;
    s.listener = null;
    await stop();
  };
}

function runListener(log: (line: string) => void): () => Promise<void> {
  let client: pg.Client | null = null;
  let stopped = false;
  let delay = RECONNECT_MIN_MS;
  let timer: NodeJS.Timeout | null = null;
  let failures = 0;

  const schedule = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, RECONNECT_MAX_MS);
  };

  const connect = async () => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: runtime().databaseUrl });
    client = c;
    let dropped = false;
    const drop = (why: string) => {
      if (dropped) return;
      dropped = true;
      if (client === c) client = null;
      void c.end().catch(() => undefined);
      if (stopped) return;
      if (failures++ === 0) log(`LISTEN connection lost (${why}); reconnecting`);
      schedule();
    };
    c.on("error", (error) => drop(error.message));
    c.on("end", () => drop("closed"));
    c.on("notification", (message) => {
      if (message.channel !== IDENTITY_CHANNEL || !message.payload) return;
      let raw: unknown;
      try {
        raw = JSON.parse(message.payload);
      } catch {
        return;
      }
      const parsed = ZIdentityChange.safeParse(raw);
      if (parsed.success) deliver(parsed.data);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${IDENTITY_CHANNEL}`);
    } catch (error) {
      drop(error instanceof Error ? error.message : String(error));
      return;
    }
    if (stopped) {
      await c.end().catch(() => undefined);
      return;
    }
    if (failures > 0) log("LISTEN connection restored");
    failures = 0;
    delay = RECONNECT_MIN_MS;
    state().bus.emit("signal", { kind: "resync" } satisfies IdentitySignal);
  };

  void connect();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    const c = client;
    client = null;
    await c?.end().catch(() => undefined);
  };
}
