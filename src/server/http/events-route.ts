// GET /api/v1/workspaces/{id}/events (and /api/workspaces/{id}/events for the browser's cookie):
// the workspace's events as Server-Sent Events, for agents that react to builds, tests and edits.
// Viewer+ with the `read` scope. Each event has an `id:`; Last-Event-ID resumes from the bounded
// per-workspace ring (event-log.ts) or gets a `reset` when it is too old. The stream holds the
// workspace's watcher, re-checks the caller's identity and membership every few seconds (and at
// once on an identity change: revoked key, removed member), and ends with a `revoked` event when
// they no longer hold. File changes are filtered for THIS subscriber: the path rules as they are
// now, then the caller's own `paths` globs.
import picomatch from "picomatch";
import { z } from "zod";
import { resolveIdentity, type PresentedCredentials } from "~/server/auth/identity";
import { onIdentitySignal } from "~/server/auth/identity-events";
import type { RequestContext } from "~/server/auth/types";
import { resolveWorkspaceAccess } from "~/server/auth/workspace-access";
import { AppError, invalidInput, isAppError, toErrorBody } from "~/server/errors";
import { loadGuardTarget, type GuardTarget } from "~/server/files/path-guard";
import { drainingSince } from "~/server/lifecycle/draining";
import { logger } from "~/server/observability/logger";
import type { FilesChanged } from "~/server/realtime/events";
import { EVENT_KINDS, type EventKind, type LoggedEvent, subscribeLog } from "~/server/watch/event-log";
import { readable } from "~/server/watch/coalesce";
import { holdWatch } from "~/server/watch/registry";
import { type RouteHandler, withWorkspaceRoute } from "./workspace-route";

/** A comment line this often keeps proxies and load balancers from closing an idle stream. */
export const KEEPALIVE_MS = 15_000;
/** How often the caller's identity, membership and the path rules are re-checked. */
export const RECHECK_MS = 2_000;
const MAX_GLOBS = 20;

/** A comma-separated query value as a list. */
const commaList = z
  .string()
  .max(4000)
  .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean));

export const ZEventsQuery = z.object({
  kinds: commaList.pipe(z.array(z.enum(EVENT_KINDS)).max(EVENT_KINDS.length)).optional(),
  paths: commaList.pipe(z.array(z.string().min(1).max(500)).max(MAX_GLOBS)).optional(),
  lastEventId: z.string().max(64).optional(),
});

/** One SSE frame. `data` is one JSON line (JSON never contains a raw newline). */
function frame(event: string, data: unknown, id?: string): string {
  return `${id ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export const eventsRoute: RouteHandler<{ workspaceId: string }> = withWorkspaceRoute<{ workspaceId: string }>(
  { minRole: "viewer", scope: "read", action: "workspace.events" },
  async ({ req, url, ctx, workspace }) => {
    const parsed = ZEventsQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) throw invalidInput(parsed.error);
    const kinds = new Set<EventKind>(parsed.data.kinds?.length ? parsed.data.kinds : EVENT_KINDS);
    const globs = parsed.data.paths ?? [];
    const matchesGlob = globs.length > 0 ? picomatch(globs, { dot: true }) : () => true;
    const lastEventId = req.headers.get("last-event-id") ?? parsed.data.lastEventId ?? null;
    const credentials: PresentedCredentials = { authorization: req.headers.get("authorization"), cookie: req.headers.get("cookie") };
    let rules: GuardTarget["rules"] = (await loadGuardTarget(workspace.id)).rules;

    const encoder = new TextEncoder();
    let end: (() => void) | null = null;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        let closed = false;
        const send = (text: string) => {
          if (!closed) controller.enqueue(encoder.encode(text));
        };
        /** What this subscriber may see of an event, or null to skip it. */
        const shape = (event: LoggedEvent): unknown => {
          if (!kinds.has(event.kind)) return null;
          if (event.event !== "files:changed") return event.data;
          const data = event.data as FilesChanged;
          if (data.overflow) return data;
          const changes = data.changes.filter((c) => readable(c.path, rules) && matchesGlob(c.path));
          return changes.length > 0 ? { ...data, changes } : null;
        };
        const deliver = (event: LoggedEvent) => {
          const data = shape(event);
          if (data !== null) send(frame(event.event, data, event.id));
        };

        const hold = holdWatch(workspace.id);
        const log = subscribeLog(workspace.id, lastEventId, deliver);
        send(`retry: 3000\n\n`);
        if (log.resume.kind === "reset") {
          send(frame("reset", { reason: log.resume.reason, message: "Events since your Last-Event-ID are no longer kept. List what you need again (files, tasks, snapshots), then follow this stream." }));
        } else if (log.resume.kind === "replay") {
          for (const event of log.resume.events) deliver(event);
        }
        send(frame("ready", { workspaceId: workspace.id, kinds: [...kinds], paths: globs }, log.latestId));

        const close = (last?: string) => {
          if (closed) return;
          if (last) send(last);
          closed = true;
          clearInterval(keepAlive);
          clearInterval(recheckTimer);
          stopSignals();
          log.close();
          hold.release();
          req.signal.removeEventListener("abort", onAbort);
          try {
            controller.close();
          } catch {
            // Already closed by the client going away.
          }
        };
        end = () => close();
        const onAbort = () => close();
        req.signal.addEventListener("abort", onAbort);

        let checking = false;
        const recheck = async () => {
          if (closed || checking) return;
          checking = true;
          try {
            if (drainingSince() !== null) {
              close(frame("closing", { reason: "server_draining", message: "Atrium is restarting. Reconnect with Last-Event-ID; another replica or the restarted server continues." }));
              return;
            }
            const actor = await resolveIdentity(credentials, { charge: false });
            if (!actor) throw new AppError("UNAUTHORIZED", { message: "You were signed out. Sign in again to follow this workspace.", reason: "signed_out" });
            const current: RequestContext = { actor, ip: ctx.ip, channel: ctx.channel };
            await resolveWorkspaceAccess(current, workspace.id, "viewer", "read", "workspace.events");
            rules = (await loadGuardTarget(workspace.id)).rules;
          } catch (error) {
            // Only a refusal ends the stream; a database hiccup waits for the next check.
            if (isAppError(error)) {
              const { body } = toErrorBody(error, "http");
              close(frame("revoked", { code: body.code, reason: body.reason ?? null, message: body.message }));
            } else {
              logger("events").warn({ err: error, workspaceId: workspace.id }, "event stream re-check failed");
            }
          } finally {
            checking = false;
          }
        };
        const recheckTimer = setInterval(() => void recheck(), RECHECK_MS);
        const keepAlive = setInterval(() => send(`: keep-alive\n\n`), KEEPALIVE_MS);
        const userId = ctx.actor.user.id;
        const stopSignals = onIdentitySignal((signal) => {
          if (signal.kind !== "change" || signal.change.userId === userId) void recheck();
        });
      },
      cancel() {
        end?.();
      },
    });

    return new Response(stream, {
      status: 200,
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        "x-accel-buffering": "no",
        connection: "keep-alive",
      },
    });
  },
);
