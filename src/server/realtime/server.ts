// socket.io on Atrium's HTTP server. The handshake resolves the same identity as HTTP (session
// cookie, `auth.token` or an Authorization header); each handler re-checks what it touches.
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { env } from "~/env";
import { clientIp } from "~/server/auth/client-ip";
import { resolveIdentity } from "~/server/auth/identity";
import { AppError, isAppError } from "~/server/errors";
import { CONTENT_KEYS, rejectHostileInput } from "~/server/http/input-hygiene";
import { refuseCrossSite } from "~/server/http/origin";
import { type Ack, type ClientToServerEvents, type InterServerEvents, type ServerToClientEvents, type SocketData, SOCKET_PATH } from "./events";
import { registerExecHandlers } from "./exec-handlers";
import { registerTaskHandlers } from "./task-handlers";
import { registerTerminalHandlers } from "./terminal-handlers";
import { errorBody, TerminalRegistry } from "./terminal-registry";
import { subscribe, userRoom } from "./workspace-bus";
import { PresenceRegistry, registerWorkspaceHandlers } from "./workspace-handlers";

const TERMINAL_CONTENT_KEYS: ReadonlySet<string> = new Set([...CONTENT_KEYS, "data"]);

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

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

  io.use((socket, next) => {
    authenticate(socket).then(
      () => next(),
      (error: unknown) => {
        const app = isAppError(error) ? error : new AppError("INTERNAL", { message: "Could not check your identity.", cause: error });
        // socket.io hands `data` to the client's connect_error listener.
        next(Object.assign(new Error(app.message), { data: app.toJSON() }));
      },
    );
  });

  io.on("connection", (socket) => {
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
  });

  // What services publish (task and snapshot progress) goes to the sockets in that room.
  const unsubscribe = subscribe((message) => {
    (io.to(message.room).emit as (event: string, payload: unknown) => boolean)(message.event, message.payload);
  });

  // Shells left running in containers would outlive the only registry that can reach them.
  const close = io.close.bind(io);
  io.close = async (fn) => {
    unsubscribe();
    await terminals.closeAll();
    return close(fn);
  };

  return io;
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
  const actor = await resolveIdentity({
    authorization: typeof token === "string" && token ? `Bearer ${token}` : (socket.handshake.headers.authorization ?? null),
    cookie: socket.handshake.headers.cookie ?? null,
  });
  if (!actor) throw new AppError("UNAUTHORIZED", { message: "Sign in, or connect with an API key in `auth.token`.", reason: "not_signed_in" });
  socket.data.actor = actor;
  socket.data.ip = ip;
}
