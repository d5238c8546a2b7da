// Files as MCP resources, with subscriptions: `atrium://workspaces/{workspaceId}/files/{+path}`
// reads a file (the same files.read procedure as every door), and `resources/subscribe` on such a
// URI makes the workspace watcher's changes to that file arrive as `notifications/resources/updated`.
// Subscribing is a read: viewer+, `read` scope, the path guard (refusals audited). Each session's
// subscriptions hold the workspace watched and end with the session; before a notification goes
// out the subscriber's access is re-checked (at most every RECHECK_MS), and a lost one ends its
// subscriptions in that workspace.
import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { McpError, ErrorCode, SubscribeRequestSchema, UnsubscribeRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { createCaller } from "~/server/api/root";
import { resolveWorkspaceAccess } from "~/server/auth/workspace-access";
import { db } from "~/server/db/client";
import { isAppError } from "~/server/errors";
import { guardPath, loadGuardTarget } from "~/server/files/path-guard";
import { logger } from "~/server/observability/logger";
import { subscribe as onBus } from "~/server/realtime/workspace-bus";
import { holdWatch, type WatchHold } from "~/server/watch/registry";
import { type ActorContext, contextOf } from "./context";

const URI_PREFIX = "atrium://workspaces/";
export const FILE_URI_TEMPLATE = "atrium://workspaces/{workspaceId}/files/{+path}";
const RECHECK_MS = 2_000;
/** Subscriptions one session may hold (each is a path in a map; the watcher is per workspace). */
const MAX_SUBSCRIPTIONS = 1000;

/** `atrium://workspaces/<id>/files/<path>` for a workspace-relative path (each segment percent-encoded). */
export function fileUri(workspaceId: string, path: string): string {
  return `${URI_PREFIX}${encodeURIComponent(workspaceId)}/files/${path.split("/").map(encodeURIComponent).join("/")}`;
}

/** The workspace and path a file URI names, or null when it is not one. */
export function parseFileUri(uri: string): { workspaceId: string; path: string } | null {
  const match = /^atrium:\/\/workspaces\/([^/]+)\/files\/(.+)$/.exec(uri);
  if (!match) return null;
  try {
    const workspaceId = decodeURIComponent(match[1]!);
    const path = match[2]!.split("/").map(decodeURIComponent).join("/");
    return workspaceId && path ? { workspaceId, path } : null;
  } catch {
    return null;
  }
}

function invalidUri(uri: string): McpError {
  return new McpError(ErrorCode.InvalidParams, `Not a file resource: ${uri.slice(0, 200)}. Use ${FILE_URI_TEMPLATE}.`);
}

/** An AppError as the JSON-RPC error the SDK sends back (its message says what to do). */
function asMcpError(error: unknown): unknown {
  return isAppError(error) ? new McpError(ErrorCode.InvalidRequest, error.message, error.toJSON()) : error;
}

interface Subscription {
  workspaceId: string;
  path: string;
}

export function registerFileResources(server: McpServer): void {
  server.server.registerCapabilities({ resources: { subscribe: true } });

  server.registerResource(
    "workspace-file",
    new ResourceTemplate(FILE_URI_TEMPLATE, { list: undefined }),
    {
      title: "A file of a workspace",
      description: "Text as is, binary files as base64. Subscribe to hear when it changes on disk (editors, terminals, agents, tasks, restores).",
    },
    async (uri, _variables, extra) => {
      const parsed = parseFileUri(uri.href);
      if (!parsed) throw invalidUri(uri.href);
      const ctx = contextOf(extra);
      try {
        const file = await createCaller(ctx).files.read({ workspaceId: parsed.workspaceId, path: parsed.path });
        return {
          contents: [file.encoding === "base64" ? { uri: uri.href, mimeType: "application/octet-stream", blob: file.content } : { uri: uri.href, mimeType: "text/plain", text: file.content }],
        };
      } catch (error) {
        throw asMcpError(error);
      }
    },
  );

  const subscriptions = new Map<string, Subscription>();
  const holds = new Map<string, WatchHold>();
  /** The context of the latest subscribe in each workspace: whose access is re-checked. */
  const contexts = new Map<string, { ctx: ActorContext; checkedAt: number }>();

  const dropWorkspace = (workspaceId: string) => {
    for (const [uri, sub] of subscriptions) if (sub.workspaceId === workspaceId) subscriptions.delete(uri);
    holds.get(workspaceId)?.release();
    holds.delete(workspaceId);
    contexts.delete(workspaceId);
  };

  /** Whether the subscriber may still read in `workspaceId` (key live, still a member). */
  const stillAllowed = async (workspaceId: string): Promise<"allowed" | "refused" | "unknown"> => {
    const entry = contexts.get(workspaceId);
    if (!entry) return "refused";
    if (Date.now() - entry.checkedAt < RECHECK_MS) return "allowed";
    const { ctx } = entry;
    try {
      const key = ctx.actor.apiKey ? await db().apiKey.findUnique({ where: { id: ctx.actor.apiKey.id }, select: { revokedAt: true, expiresAt: true } }) : null;
      if (ctx.actor.apiKey && (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= new Date()))) return "refused";
      await resolveWorkspaceAccess(ctx, workspaceId, "viewer", "read", "mcp.resources.subscribe");
      entry.checkedAt = Date.now();
      return "allowed";
    } catch (error) {
      if (isAppError(error)) return "refused";
      // Cannot check now (database down): keep the subscription, skip this notification.
      logger("mcp").warn({ err: error, workspaceId }, "subscription re-check failed");
      return "unknown";
    }
  };

  const stopBus = onBus((message) => {
    if (message.event !== "files:changed" || subscriptions.size === 0) return;
    const { workspaceId, changes, overflow } = message.payload;
    if (!holds.has(workspaceId)) return;
    const changed = new Set(changes.map((c) => c.path));
    const uris = [...subscriptions].filter(([, s]) => s.workspaceId === workspaceId && (overflow || changed.has(s.path))).map(([uri]) => uri);
    if (uris.length === 0) return;
    void stillAllowed(workspaceId).then(async (verdict) => {
      if (verdict === "refused") dropWorkspace(workspaceId);
      if (verdict !== "allowed") return;
      for (const uri of uris) await server.server.sendResourceUpdated({ uri }).catch(() => undefined);
    });
  });

  server.server.setRequestHandler(SubscribeRequestSchema, async (request, extra: { authInfo?: AuthInfo }) => {
    const { uri } = request.params;
    const parsed = parseFileUri(uri);
    if (!parsed) throw invalidUri(uri);
    const ctx = contextOf(extra);
    try {
      const access = await resolveWorkspaceAccess(ctx, parsed.workspaceId, "viewer", "read", "mcp.resources.subscribe", parsed.path);
      // The path must be one this caller may read (protected files, BLOCK rules: refused and audited).
      await guardPath(ctx, await loadGuardTarget(parsed.workspaceId), access.role, parsed.path, "read", "mcp.resources.subscribe");
    } catch (error) {
      throw asMcpError(error);
    }
    if (!subscriptions.has(uri) && subscriptions.size >= MAX_SUBSCRIPTIONS) {
      throw new McpError(ErrorCode.InvalidRequest, `This session already follows ${MAX_SUBSCRIPTIONS} files. Unsubscribe from some first.`);
    }
    const normalized = fileUri(parsed.workspaceId, parsed.path);
    subscriptions.set(uri, parsed);
    if (normalized !== uri) subscriptions.set(normalized, parsed);
    if (!holds.has(parsed.workspaceId)) holds.set(parsed.workspaceId, holdWatch(parsed.workspaceId));
    contexts.set(parsed.workspaceId, { ctx, checkedAt: Date.now() });
    return {};
  });

  server.server.setRequestHandler(UnsubscribeRequestSchema, (request) => {
    const parsed = parseFileUri(request.params.uri);
    if (!parsed) throw invalidUri(request.params.uri);
    subscriptions.delete(request.params.uri);
    subscriptions.delete(fileUri(parsed.workspaceId, parsed.path));
    if (![...subscriptions.values()].some((s) => s.workspaceId === parsed.workspaceId)) dropWorkspace(parsed.workspaceId);
    return {};
  });

  // The session ends (closed, swept idle, server shutdown): its watchers and bus listener go with it.
  const previous = server.server.onclose;
  server.server.onclose = () => {
    previous?.();
    stopBus();
    for (const workspaceId of [...holds.keys()]) dropWorkspace(workspaceId);
    subscriptions.clear();
  };
}
