// socket.io on Atrium's HTTP server. The handshake resolves the same identity as HTTP (session
// cookie, `auth.token` or an Authorization header); each handler re-checks what it touches.
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { env } from "~/env";
import { clientIp } from "~/server/auth/client-ip";
import { type PresentedCredentials, resolveIdentity } from "~/server/auth/identity";
import { type IdentityChange, onIdentitySignal, startIdentityListener } from "~/server/auth/identity-events";
import { chargeKey } from "~/server/auth/key-rate-limit";
import { notSignedIn } from "~/server/auth/not-signed-in";
import { runRights, startKeyExpiryWatch } from "~/server/auth/revocation";
import { CONTENT_KEYS, rejectHostileInput } from "~/server/http/input-hygiene";
import { refuseCrossSite } from "~/server/http/origin";
import { logger } from "~/server/observability/logger";
import { metrics } from "~/server/observability/metrics";
import { type Ack, type ClientToServerEvents, type InterServerEvents, type ServerToClientEvents, type SocketData, SOCKET_PATH } from "./events";
import { CollabStore } from "~/server/collab/doc-store";
import { registerCollabHandlers } from "./collab-handlers";
import { registerExecHandlers } from "./exec-handlers";
import { onTerminalEnding } from "./terminal-endings";
import { recheckSocket, trackIdentity } from "./live-identity";
import { registerTaskHandlers } from "./task-handlers";
import { registerTerminalHandlers } from "./terminal-handlers";
import { errorBody, type RealtimeSocket, socketCtx, TerminalRegistry } from "./terminal-registry";
import { subscribe, userRoom } from "./workspace-bus";
import { PresenceRegistry, registerWorkspaceHandlers } from "./workspace-handlers";

const TERMINAL_CONTENT_KEYS: ReadonlySet<string> = new Set([...CONTENT_KEYS, "data"]);

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * Everything every socket holds is re-checked this often, whatever notifications arrived: the
 * bound on a room subscription outliving a lost notification (events re-check on their own).
 */
const SWEEP_MS = 30_000;

export function createRealtime(httpServer: HttpServer): RealtimeServer {
  // Terminals outlive the sockets that opened them (a reconnect re-attaches), not the server.
  const terminals = new TerminalRegistry();
  const presence = new PresenceRegistry();
  const io: RealtimeServer = new Server(httpServer, {
    path: SOCKET_PATH,
    serveClient: false,
    maxHttpBufferSize: 1_000_000,
    cors: { origin: false },
    // Other upgrade requests on this server (Next's hot reload) are not socket.io's to close.
    destroyUpgrade: false,
  });

  // Shared documents outlive the sockets that opened them only until the last one leaves.
  const collab = new CollabStore({
    emit: (room, event, payload, except) => {
      const target = except ? io.to(room).except(except) : io.to(room);
      (target.emit as (event: string, payload: unknown) => boolean)(event, payload);
    },
    leaveRoom: (socketId, room) => io.in(socketId).socketsLeave(room),
  });

  io.use((socket, next) => {
    authenticate(socket).then(
      () => next(),
      (error: unknown) => {
        // A database outage is UNAVAILABLE here too; socket.io hands `data` to the client's connect_error listener.
        const body = errorBody(error, "handshake");
        next(Object.assign(new Error(body.message), { data: body }));
      },
    );
  });

  io.on("connection", (socket) => {
    observeSocket(socket);
    // First: the handlers below register their re-checks with it.
    trackIdentity(socket, credentialsOf(socket));
    chargeEveryEvent(socket);
    void socket.join(userRoom(socket.data.actor.user.id));
    // Every event's payload gets the same input check as tRPC, before its handler runs.
    socket.use((packet, next) => {
      const [event, ...args] = packet;
      const ack: unknown = args.at(-1);
      const payload = typeof ack === "function" ? args.slice(0, -1) : args;
      const ctx = { actor: socket.data.actor, ip: socket.data.ip, channel: "TERMINAL" as const };
      // Keystrokes are content: Ctrl+@ or Ctrl+Space sends NUL to the terminal on purpose.
      const options = event === "terminal:input" ? { nulAllowedKeys: TERMINAL_CONTENT_KEYS } : undefined;
      rejectHostileInput(ctx, event, payload.length === 1 ? payload[0] : payload, options).then(
        () => next(),
        (error: unknown) => {
          if (typeof ack === "function") (ack as (r: Ack<never>) => void)({ ok: false, error: errorBody(error, event) });
        },
      );
    });
    socket.on("session:whoami", (ack) => {
      if (typeof ack !== "function") return;
      const { actor } = socket.data;
      ack({
        ok: true,
        data: {
          user: actor.user,
          apiKey: actor.apiKey ? { id: actor.apiKey.id, prefix: actor.apiKey.prefix, scopes: actor.apiKey.scopes } : null,
        },
      });
    });
    registerTerminalHandlers(socket, terminals);
    registerExecHandlers(socket);
    registerWorkspaceHandlers(socket, presence);
    registerTaskHandlers(socket);
    registerCollabHandlers(socket, collab);
  });

  // What services publish (task and snapshot progress) goes to the sockets in that room.
  // The document store hears file changes (the watcher) and path-rule changes in-process, as the rooms do.
  const unsubscribe = subscribe((message) => {
    (io.to(message.room).emit as (event: string, payload: unknown) => boolean)(message.event, message.payload);
    if (message.event === "files:changed") collab.filesChanged(message.payload);
    // A restore swaps the whole tree: every open document of the target re-reads its file.
    else if (message.event === "snapshot:restored") collab.filesChanged({ workspaceId: message.payload.targetWorkspaceId, changes: [], overflow: true });
    else if (message.event === "rules:changed") {
      for (const socket of io.of("/").sockets.values()) {
        if (collab.openBy(socket.id).some((d) => d.workspaceId === message.payload.workspaceId)) {
          void collab.recheckSocket(socket.id, socketCtx(socket, "UI"), message.payload.workspaceId).catch(() => undefined);
        }
      }
    }
  });

  // A service about to end shells on purpose (a restore) says why first; the exit carries it.
  const stopEndings = onTerminalEnding((ending) => terminals.markEnding(ending.workspaceId, ending.sessionIds, ending.reason));

  // Identity changes (from this process or, through LISTEN, any other) re-check the person's sockets
  // and terminals at once; a resync (the LISTEN connection was down) and the sweep re-check all.
  const recheck = (change: IdentityChange | null) => {
    const userId = change?.userId ?? null;
    for (const socket of io.of("/").sockets.values()) {
      if (userId === null || socket.data.actor.user.id === userId) void recheckSocket(socket, change);
    }
    void recheckTerminals(terminals, userId);
  };
  const stopSignals = onIdentitySignal((signal) => recheck(signal.kind === "change" ? signal.change : null));
  const stopListener = startIdentityListener();
  const stopExpiryWatch = startKeyExpiryWatch();
  const sweep = setInterval(() => recheck(null), SWEEP_MS);
  sweep.unref();

  // Shells left running in containers would outlive the only registry that can reach them.
  const close = io.close.bind(io);
  io.close = async (fn) => {
    clearInterval(sweep);
    stopSignals();
    stopExpiryWatch();
    await stopListener();
    unsubscribe();
    stopEndings();
    await terminals.closeAll();
    // Unsaved typing reaches the disk before the process goes (a restart reloads it from there).
    await collab.closeAll();
    return close(fn);
  };

  return io;
}

/**
 * Closes the live terminals of `userId` (everyone's when null) whose owner may no longer run
 * commands there through the credential that opened them: account disabled, opener key revoked or
 * expired, role below editor. Terminals outlive sockets, so no socket's re-check would reach an
 * unattached one.
 */
async function recheckTerminals(terminals: TerminalRegistry, userId: string | null): Promise<void> {
  try {
    const byOwner = new Map<string, ReturnType<TerminalRegistry["ownedBy"]>>();
    for (const term of terminals.ownedBy(userId)) byOwner.set(term.ownerUserId, [...(byOwner.get(term.ownerUserId) ?? []), term]);
    for (const [owner, owned] of byOwner) {
      const holders = owned.map((t) => ({ userId: owner, workspaceId: t.workspaceId, apiKeyId: t.openerApiKeyId }));
      const allowed = await runRights(owner, holders);
      for (const [i, term] of owned.entries()) {
        if (!allowed(holders[i]!)) await term.close().catch(() => undefined);
      }
    }
  } catch (error) {
    logger("realtime").error({ err: error }, "terminal identity re-check failed");
  }
}

/** Open connections by namespace, and every event received (named only when a handler exists: clients choose names). */
function observeSocket(socket: RealtimeSocket): void {
  const namespace = socket.nsp.name;
  const m = metrics();
  m.socketConnections.inc({ namespace });
  socket.once("disconnect", () => m.socketConnections.dec({ namespace }));
  socket.use((packet, next) => {
    const event = packet[0];
    m.socketEvents.inc({ namespace, event: typeof event === "string" && socket.eventNames().includes(event) ? event : "other" });
    next();
  });
}

/**
 * Every event of a key-authenticated socket counts against the key's budget, as each call does on
 * the other doors (the handshake counted once too). An event over the budget is dropped: its
 * acknowledgement, if it asked for one, carries RATE_LIMITED with retryAfterSeconds.
 */
function chargeEveryEvent(socket: RealtimeSocket): void {
  // Charging waits on PostgreSQL; events still reach their handlers in the order they came
  // (keystrokes), so each waits for the one before it to be let through or dropped.
  let inOrder: Promise<void> = Promise.resolve();
  socket.use((packet, next) => {
    const key = socket.data.actor.apiKey;
    if (!key) return next();
    const charged = chargeKey(key);
    inOrder = inOrder.then(() =>
      charged.then(
        () => next(),
        (error: unknown) => {
          const ack = packet.at(-1) as unknown;
          if (typeof ack === "function") (ack as (result: Ack<never>) => void)({ ok: false, error: errorBody(error, "key budget") });
        },
      ),
    );
  });
}

function credentialsOf(socket: RealtimeSocket): PresentedCredentials {
  const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
  return {
    authorization: typeof token === "string" && token ? `Bearer ${token}` : (socket.handshake.headers.authorization ?? null),
    cookie: socket.handshake.headers.cookie ?? null,
  };
}

async function authenticate(socket: RealtimeSocket): Promise<void> {
  const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
  const ip = clientIp(socket.request, env().ATRIUM_TRUST_PROXY, env().ATRIUM_TRUSTED_PROXIES);
  // A page on another site can open a WebSocket that carries Atrium's cookie (browsers send it
  // and do not apply CORS to WebSockets): a handshake signed in by cookie must come from Atrium.
  if (!(typeof token === "string" && token)) {
    const headers = socket.handshake.headers;
    const header = (name: string) => {
      const v = headers[name];
      return Array.isArray(v) ? v.join(",") : v;
    };
    const refusal = await refuseCrossSite(header, { ip, channel: "TERMINAL" }, "socket.connect");
    if (refusal) throw refusal;
  }
  const actor = await resolveIdentity(credentialsOf(socket));
  if (!actor) throw notSignedIn("socket");
  socket.data.actor = actor;
  socket.data.ip = ip;
}
