// Socket handlers for interactive terminals. Every event re-checks the caller against THE
// terminal's workspace (resolveWorkspaceAccess) before touching it; ids are unguessable but are
// never the permission. Owners type; members watch read-only where the owner shared; strangers
// and unshared terminals look the same: NOT_FOUND.
import { z } from "zod";
import * as audit from "~/server/audit/audit";
import { resolveWorkspaceAccess, type WorkspaceAccess } from "~/server/auth/workspace-access";
import { AppError, isAppError } from "~/server/errors";
import { getSessionRow, touchSession, type ActorContext } from "~/server/sandbox/sessions";
import { openTerminal } from "~/server/sandbox/terminal";
import { TERMINAL_LIMITS, type TerminalAttached, type TerminalSummary } from "./events";
import { type LiveTerminal, parseInput, type RealtimeSocket, respond, socketCtx, type TerminalRegistry } from "./terminal-registry";
import { onRecheck } from "./live-identity";
import { workspaceRoom } from "./workspace-bus";

/** Terminals one person may have open at once in this process, across sessions. */
const MAX_TERMINALS_PER_USER = 32;
/** Typed-ahead input Docker has not taken yet; past it input is refused rather than buffered. */
const MAX_INPUT_BACKLOG = 1024 * 1024;
/**
 * How long a successful write check is trusted for keystrokes (one DB lookup per keystroke is
 * waste). Short, because it is how long a lowered role could keep typing if a notification were
 * lost; identity changes clear it at once.
 */
const WRITE_CHECK_TTL_MS = 2_000;
/** At most one audit row per socket and terminal for repeated typing into a read-only terminal. */
const READ_ONLY_AUDIT_EVERY_MS = 10_000;
const IDLE_TOUCH_EVERY_MS = 60_000;

const ZId = z.string().min(1).max(64);
const ZSize = { cols: z.number().int().min(TERMINAL_LIMITS.minSize).max(TERMINAL_LIMITS.maxCols), rows: z.number().int().min(TERMINAL_LIMITS.minSize).max(TERMINAL_LIMITS.maxRows) };
const ZOpen = z.object({ workspaceId: ZId, sessionId: ZId, ...ZSize });
const ZList = z.object({ workspaceId: ZId });
const ZRef = z.object({ terminalId: ZId });
const ZInput = z.object({
  terminalId: ZId,
  data: z.string().refine((s) => Buffer.byteLength(s, "utf8") <= TERMINAL_LIMITS.maxInputChars, `at most ${TERMINAL_LIMITS.maxInputChars} bytes per event; send a paste in pieces`),
});
const ZResize = z.object({ terminalId: ZId, ...ZSize });
const ZShare = z.object({ terminalId: ZId, shared: z.boolean() });

function terminalNotFound(cause?: unknown): AppError {
  return new AppError("NOT_FOUND", { message: "No such terminal, or it is not shared with you. It may have exited; open a new one.", reason: "terminal_not_found", cause });
}

/** What the caller wants to do with a terminal. */
type Want = "watch" | "write" | "share" | "close";

interface Granted {
  term: LiveTerminal;
  access: WorkspaceAccess;
  readOnly: boolean;
}

export function registerTerminalHandlers(socket: RealtimeSocket, registry: TerminalRegistry): void {
  const ctx = socketCtx(socket);
  const writeChecked = new Map<string, number>();
  const readOnlyAudited = new Map<string, number>();
  // Ids and share flags only: whoever cares re-lists, and the list re-checks access.
  const changed = (workspaceId: string) => socket.nsp.to(workspaceRoom(workspaceId)).emit("terminal:changed", { workspaceId });

  async function grant(terminalId: string, want: Want, action: string): Promise<Granted> {
    const term = registry.get(terminalId);
    if (!term) {
      await audit.denied(ctx, { action, reason: "terminal_not_found", target: terminalId, permission: want });
      throw terminalNotFound();
    }
    const isOwner = term.ownerUserId === ctx.actor.user.id;
    // The owner attaches read-write, so even their `watch` needs what typing needs.
    const [minRole, scope] = isOwner ? (["editor", "exec"] as const) : (["viewer", "read"] as const);
    let access: WorkspaceAccess;
    try {
      access = await resolveWorkspaceAccess(ctx, term.workspaceId, minRole, scope, action);
    } catch (error) {
      // Already audited; say the same as for an unknown id so ids cannot be probed.
      if (isAppError(error) && error.code === "NOT_FOUND") throw terminalNotFound(error);
      throw error;
    }
    if (isOwner) return { term, access, readOnly: false };
    // Workspace owners (and admins) may end anyone's terminal, as they may stop anyone's session.
    if (want === "close" && access.role === "owner") return { term, access, readOnly: false };
    if (!term.shared) {
      await audit.denied(ctx, { action, reason: "terminal_not_shared", target: term.id, permission: want, workspaceId: term.workspaceId });
      throw terminalNotFound();
    }
    if (want === "watch") return { term, access, readOnly: true };
    const key = `${term.id}:${action}`;
    const last = readOnlyAudited.get(key) ?? 0;
    if (Date.now() - last >= READ_ONLY_AUDIT_EVERY_MS) {
      readOnlyAudited.set(key, Date.now());
      await audit.denied(ctx, { action, reason: "read_only_terminal", target: term.id, permission: want, workspaceId: term.workspaceId });
    }
    throw new AppError("FORBIDDEN", { message: "You are watching this terminal read-only; only the person who opened it can type.", reason: "read_only_terminal" });
  }

  /** `grant(..., "write")`, with successes trusted for a few seconds (keystrokes). */
  async function writable(terminalId: string, action: string): Promise<LiveTerminal> {
    const term = registry.get(terminalId);
    const until = writeChecked.get(terminalId) ?? 0;
    if (term && until > Date.now()) return term;
    const granted = await grant(terminalId, "write", action);
    writeChecked.set(terminalId, Date.now() + WRITE_CHECK_TTL_MS);
    return granted.term;
  }

  socket.on("terminal:open", (raw, ack) =>
    respond(ack, "terminal:open", async () => {
      const input = parseInput(ZOpen, raw);
      const access = await resolveWorkspaceAccess(ctx, input.workspaceId, "editor", "exec", "terminal.open");
      await requireOwnSession(ctx, access, input.sessionId);
      if (registry.countForUser(ctx.actor.user.id) >= MAX_TERMINALS_PER_USER) {
        throw new AppError("LIMIT_EXCEEDED", { message: `You have ${MAX_TERMINALS_PER_USER} terminals open. Close some first.`, reason: "too_many_terminals" });
      }
      const tty = await openTerminal(ctx, access, { sessionId: input.sessionId, cols: input.cols, rows: input.rows });
      if (socket.disconnected) {
        // Nobody learned its id, so nobody could ever attach: do not leave a shell behind.
        await tty.close().catch(() => undefined);
        throw new AppError("CONFLICT", { message: "Disconnected while the terminal was opening.", reason: "socket_disconnected" });
      }
      const term = registry.add({ sessionId: input.sessionId, workspaceId: access.workspace.id, ownerUserId: ctx.actor.user.id, openerApiKeyId: ctx.actor.apiKey?.id ?? null, tty });
      term.attach(socket, false);
      // Registered after the registry's own exit handler, so the list is already without it.
      void tty.exit.then(
        () => changed(term.workspaceId),
        () => changed(term.workspaceId),
      );
      changed(term.workspaceId);
      return { terminalId: term.id, scrollback: "" };
    }),
  );

  socket.on("terminal:list", (raw, ack) =>
    respond(ack, "terminal:list", async (): Promise<TerminalSummary[]> => {
      const { workspaceId } = parseInput(ZList, raw);
      await resolveWorkspaceAccess(ctx, workspaceId, "viewer", "read", "terminal.list");
      const me = ctx.actor.user.id;
      return registry
        .inWorkspace(workspaceId)
        .filter((t) => t.ownerUserId === me || t.shared)
        .map((t) => ({ terminalId: t.id, sessionId: t.sessionId, ownerUserId: t.ownerUserId, mine: t.ownerUserId === me, shared: t.shared, openedAt: t.openedAt.toISOString() }));
    }),
  );

  socket.on("terminal:attach", (raw, ack) =>
    respond(ack, "terminal:attach", async (): Promise<TerminalAttached> => {
      const { terminalId } = parseInput(ZRef, raw);
      const { term, readOnly } = await grant(terminalId, "watch", "terminal.attach");
      if (term.exitCode !== null) throw terminalNotFound();
      const scrollback = term.attach(socket, readOnly);
      return { terminalId: term.id, scrollback: scrollback.toString("base64"), readOnly, shared: term.shared };
    }),
  );

  socket.on("terminal:detach", (raw, ack) =>
    respond(ack, "terminal:detach", () => {
      const { terminalId } = parseInput(ZRef, raw);
      // Only ever removes this socket's own subscription, so nothing to authorize.
      registry.get(terminalId)?.detach(socket);
      return Promise.resolve({ terminalId });
    }),
  );

  // Keystrokes reach the shell in the order they were typed: when the write check's cache has run
  // out, one keystroke waits for a database round trip, and the ones after it must not overtake it.
  let inputOrder: Promise<unknown> = Promise.resolve();
  const inOrder = <T>(work: () => Promise<T>): Promise<T> => {
    const run = inputOrder.then(work, work);
    inputOrder = run.catch(() => undefined);
    return run;
  };

  socket.on("terminal:input", (raw, ack) =>
    respond(ack, "terminal:input", () => inOrder(async () => {
      const input = parseInput(ZInput, raw);
      const term = await writable(input.terminalId, "terminal.input");
      if (term.inputBacklog > MAX_INPUT_BACKLOG) {
        throw new AppError("LIMIT_EXCEEDED", { message: "The terminal is not taking input this fast; wait a moment and send the rest.", reason: "input_backlog" });
      }
      term.write(input.data);
      if (Date.now() - term.lastTouchAt > IDLE_TOUCH_EVERY_MS) {
        term.lastTouchAt = Date.now();
        await touchSession(term.sessionId);
      }
      return null;
    })),
  );

  socket.on("terminal:resize", (raw, ack) =>
    respond(ack, "terminal:resize", async () => {
      const input = parseInput(ZResize, raw);
      const term = await writable(input.terminalId, "terminal.resize");
      await term.resize(input.cols, input.rows);
      return null;
    }),
  );

  socket.on("terminal:share", (raw, ack) =>
    respond(ack, "terminal:share", async () => {
      const input = parseInput(ZShare, raw);
      const { term } = await grant(input.terminalId, "share", "terminal.share");
      term.shared = input.shared;
      const dropped = input.shared ? [] : term.detachWatchers();
      const payload = { terminalId: term.id, shared: term.shared };
      term.broadcast("terminal:shared", payload);
      for (const s of dropped) s.emit("terminal:shared", payload);
      changed(term.workspaceId);
      return payload;
    }),
  );

  socket.on("terminal:close", (raw, ack) =>
    respond(ack, "terminal:close", async () => {
      const { terminalId } = parseInput(ZRef, raw);
      const { term } = await grant(terminalId, "close", "terminal.close");
      await term.close();
      return { terminalId };
    }),
  );

  socket.on("disconnect", () => registry.detachSocket(socket));

  // Identity changed: each attached terminal is granted again as if attaching now; what fails is
  // detached (the owner's own terminals are closed by the server's terminal re-check).
  onRecheck(socket, async (_ctx, lost) => {
    writeChecked.clear();
    for (const term of registry.attachedTo(socket)) {
      try {
        await grant(term.id, "watch", "terminal.attach");
      } catch (error) {
        // Only a refusal ends anything; a database error leaves it for the next re-check.
        if (!isAppError(error)) throw error;
        term.detach(socket);
        lost(term.workspaceId, error);
      }
    }
  });
}

/**
 * Terminals run in the caller's OWN session. openTerminal's own check (ownSessionRow) also lets
 * workspace owners through, which is right for stopping but not for typing in someone's shell, so
 * the stricter rule that exec applies (sessions are personal) is checked here first.
 */
async function requireOwnSession(ctx: ActorContext, access: WorkspaceAccess, sessionId: string): Promise<void> {
  let userId: string | null = null;
  try {
    userId = (await getSessionRow(access.workspace.id, sessionId)).userId;
  } catch (error) {
    if (!(isAppError(error) && error.code === "NOT_FOUND")) throw error;
  }
  if (userId === ctx.actor.user.id) return;
  await audit.denied(ctx, { action: "terminal.open", reason: userId ? "session_not_yours" : "session_not_found", target: sessionId, permission: "exec", workspaceId: access.workspace.id });
  throw new AppError("NOT_FOUND", { message: "No such session of yours in this workspace. Start a session, then open a terminal in it.", reason: "session_not_found" });
}
