// A socket acts as the identity that holds NOW, not the one it had at the handshake. Three ways
// keep it current:
//   1. every incoming event first re-resolves the handshake's credentials when the last check is
//      older than RECHECK_MS (so even a missed notification cannot keep access longer than that);
//   2. an identity change (identity-events: revoked key, disabled user, sign-out, demotion,
//      removal, lowered role) re-checks the affected person's sockets at once;
//   3. a periodic sweep re-checks everything a socket holds, for pushes (room broadcasts) that no
//      event of the client's would re-check.
// A re-check that finds the identity gone tells the client why (`identity:revoked`) and
// disconnects it. Otherwise each handler module re-checks what it holds on the socket (rooms,
// followed tasks, attached terminals, running execs) through the hook it registered, drops what no
// longer holds, and the client hears one `identity:revoked` per workspace it lost something in.
import * as audit from "~/server/audit/audit";
import { resolveIdentity, type PresentedCredentials } from "~/server/auth/identity";
import type { IdentityChange } from "~/server/auth/identity-events";
import type { Actor } from "~/server/auth/types";
import { AppError, isAppError } from "~/server/errors";
import type { ActorContext } from "~/server/sandbox/sessions";
import type { IdentityRevoked } from "./events";
import { errorBody, type RealtimeSocket, socketCtx } from "./terminal-registry";
import { logger } from "~/server/observability/logger";

/** How long a socket's identity is trusted between events before its credentials are re-resolved. */
export const RECHECK_MS = 2_000;

/** Reports that the socket lost something in a workspace (one notice per workspace per re-check). */
export type LostIn = (workspaceId: string, error: unknown) => void;
/** What a handler module re-checks on a socket: called with the socket's current context. */
export type Recheck = (ctx: ActorContext, lost: LostIn) => Promise<void>;

interface Live {
  credentials: PresentedCredentials;
  checkedAt: number;
  resolving: Promise<Actor | AppError> | null;
  rechecks: Recheck[];
}

const lives = new WeakMap<RealtimeSocket, Live>();

/** Called once at connection, with the credentials the handshake presented. */
export function trackIdentity(socket: RealtimeSocket, credentials: PresentedCredentials): void {
  lives.set(socket, { credentials, checkedAt: Date.now(), resolving: null, rechecks: [] });
  // Runs before every event handler: a refused event never reaches one.
  socket.use((packet, next) => {
    const live = lives.get(socket);
    if (!live || Date.now() - live.checkedAt < RECHECK_MS) return next();
    currentIdentity(socket).then(
      (result) => {
        if (!isAppError(result)) return next();
        // The refusal goes out before the disconnect, so the client learns why this event failed.
        refuse(packet, result);
        void endSocket(socket, result, null);
      },
      (error: unknown) => refuse(packet, error),
    );
  });
}

/** Handler modules register what they hold on this socket, to be re-checked on identity changes. */
export function onRecheck(socket: RealtimeSocket, recheck: Recheck): void {
  lives.get(socket)?.rechecks.push(recheck);
}

/** Answers a refused event's acknowledgement (socket.io puts it last) with the error. */
function refuse(packet: unknown[], error: unknown): void {
  const ack = packet.at(-1);
  if (typeof ack === "function") (ack as (r: unknown) => void)({ ok: false, error: errorBody(error, "identity re-check") });
}

/**
 * Re-resolves the socket's credentials (one lookup at a time per socket): the current Actor, or
 * the UNAUTHORIZED error saying why the identity is gone (the caller ends the socket). Throws when
 * it cannot be checked now (database down), which refuses an event without ending the connection.
 */
function currentIdentity(socket: RealtimeSocket): Promise<Actor | AppError> {
  const live = lives.get(socket);
  if (!live) return Promise.resolve(socket.data.actor);
  live.resolving ??= resolveIdentity(live.credentials, { charge: false })
    .then(
      (actor): Actor | AppError => {
        if (!actor) return new AppError("UNAUTHORIZED", { message: "Your sign-in ended (signed out, or the account was disabled). Sign in again to continue.", reason: "not_signed_in" });
        socket.data.actor = actor;
        live.checkedAt = Date.now();
        return actor;
      },
      (error: unknown) => {
        if (isAppError(error) && error.code === "UNAUTHORIZED") return error;
        throw error;
      },
    )
    .finally(() => {
      live.resolving = null;
    });
  return live.resolving;
}

const GONE_MESSAGES: Record<string, string> = {
  api_key_revoked: "This API key was revoked. Create a new key to reconnect.",
  api_key_expired: "This API key expired. Create a new key to reconnect.",
  user_disabled: "Your account was disabled. Ask an administrator to enable it.",
  signed_out: "You signed out. Sign in again to continue.",
};

async function endSocket(socket: RealtimeSocket, error: AppError, cause: IdentityChange | null): Promise<void> {
  if (socket.disconnected) return;
  // A cookie that stopped resolving says only "not signed in"; the change that caused it says more.
  const reason = error.reason && error.reason !== "not_signed_in" ? error.reason : (cause?.reason ?? error.reason ?? "not_signed_in");
  const message = GONE_MESSAGES[reason] ?? error.message;
  const payload: IdentityRevoked = { reason, message, workspaceId: null, disconnected: true };
  socket.emit("identity:revoked", payload);
  socket.disconnect(true);
  await audit.denied(socketCtx(socket), { action: "socket.identity", reason, permission: "connect", details: { socketId: socket.id, ...(cause ? { change: cause.reason } : {}) } });
}

/**
 * Re-checks one socket now (an identity change for its person, or a sweep): the identity first,
 * then everything its handlers hold. Never throws; a database error leaves things for the next try.
 */
export async function recheckSocket(socket: RealtimeSocket, cause: IdentityChange | null = null): Promise<void> {
  const live = lives.get(socket);
  if (!live || socket.disconnected) return;
  try {
    // A fresh lookup, whatever the cache says: the change may have happened a moment ago, and a
    // lookup already in flight may have read the state from before it.
    if (live.resolving) await live.resolving.catch(() => undefined);
    live.checkedAt = 0;
    const result = await currentIdentity(socket);
    if (isAppError(result)) return await endSocket(socket, result, cause);
    if (socket.disconnected) return;
    const ctx = socketCtx(socket);
    const lost = new Map<string, unknown>();
    const lostIn: LostIn = (workspaceId, error) => {
      if (!lost.has(workspaceId)) lost.set(workspaceId, error);
    };
    for (const recheck of live.rechecks) await recheck(ctx, lostIn);
    for (const [workspaceId, error] of lost) {
      const reason = cause && (cause.workspaceId === workspaceId || cause.workspaceId === null) ? cause.reason : (isAppError(error) ? error.reason : undefined) ?? "access_lost";
      socket.emit("identity:revoked", {
        reason,
        message: `Your access to this workspace changed (${reason.replaceAll("_", " ")}); what you no longer may do here has ended. ${isAppError(error) ? error.message : ""}`.trim(),
        workspaceId,
        disconnected: false,
      });
    }
  } catch (error) {
    logger("realtime").error({ err: error }, `identity re-check of socket ${socket.id} failed`);
  }
}
