// Issue 17's tools: workspaces by name and by (scope, key), sessions that name or create their
// workspace, append/stat, path rules, registering a host directory (admins), and key-value state.
// Each is one call (or two) of the procedures every other door uses.
import { z } from "zod";
import { ZAppendInput } from "~/server/files/schemas";
import { ZStartSessionInput } from "~/server/sandbox/start-session";
import { ZWorkspaceRefName } from "~/server/workspaces/by-name";
import { EFFECTS, ZPattern } from "~/server/workspaces/path-rules";
import { ZResolveWorkspaceInput } from "~/server/workspaces/resolve-scoped";
import { STATE_LIMITS, ZStateKey } from "~/server/workspaces/state";
import { ok } from "./results";
import { type RegisterTools, runTool, ZFilePath, ZWorkspaceId } from "./tool-env";

/** structuredContent is JSON: Dates become ISO strings, BigInt byte counts numbers. */
function plain(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v))) as Record<string, unknown>;
}

const ZVersion = z.number().int().min(0).max(2_147_483_647);

export const registerNameTools: RegisterTools = (server, session) => {
  server.registerTool(
    "find_workspace",
    {
      title: "Find a workspace by name",
      description: "The workspace you named `name` (else one shared with you under that name). With create: true, yours is created when you have none.",
      inputSchema: { name: ZWorkspaceRefName, create: z.boolean().optional().describe("Create it on first use (needs the write scope).") },
      annotations: { openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        if (args.create) {
          const r = await env.caller.workspaces.ensureNamed({ name: args.name });
          return ok(`${r.created ? "Created" : "Found"} workspace ${r.workspace.name} (id ${r.workspace.id}).`, plain(r));
        }
        const w = await env.caller.workspaces.byName({ name: args.name });
        return ok(`Workspace ${w.name} (id ${w.id}, role ${w.role ?? "admin"}).`, { workspace: plain(w), created: false });
      }),
  );

  server.registerTool(
    "resolve_workspace",
    {
      title: "The workspace for a scope and key",
      description:
        "The same workspace every time for {scope, key} (e.g. scope agent, key `agent-42:user-7`), without keeping ids. create: true makes it on first use. Scopes: session, user, agent (yours) and shared (also one shared with you).",
      inputSchema: ZResolveWorkspaceInput.shape,
      annotations: { openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const r = await env.caller.workspaces.resolve(args);
        return ok(`${r.created ? "Created" : "Found"} workspace ${r.workspace.name} (id ${r.workspace.id}).`, plain(r));
      }),
  );

  server.registerTool(
    "start_session",
    {
      title: "Start a sandbox session",
      description:
        "In the workspace named by workspaceId (an id, or your workspace name: created on first use); without it in an ephemeral workspace deleted with the session. access: rw (default), ro (the files are read-only inside), or cow (copy-on-write: try things without changing the workspace; the writes are thrown away on stop_session unless snapshot_session keeps them). Pass the returned session.id to execute_command as sessionId.",
      inputSchema: ZStartSessionInput.shape,
      annotations: { openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const r = await env.caller.sandbox.startSession(args);
        return ok(`Session ${r.session.id} ${r.session.status.toLowerCase()} (access ${r.session.access}) in workspace ${r.workspaceId}${r.ephemeralWorkspace ? " (ephemeral: deleted with the session)" : ""}. Run commands in it with execute_command and sessionId "${r.session.id}".`, plain(r));
      }),
  );

  server.registerTool(
    "append_file",
    {
      title: "Append to a file",
      description: "Add content at the end of a file (created when missing), atomically and within the workspace's quota.",
      inputSchema: { workspaceId: ZWorkspaceId, path: ZFilePath, content: ZAppendInput.shape.content, encoding: ZAppendInput.shape.encoding },
      annotations: { openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const r = await env.caller.files.append(args);
        return ok(`${r.path}: now ${r.size} bytes (version ${r.version}).`, plain(r));
      }),
  );

  server.registerTool(
    "stat_file",
    {
      title: "Stat a path",
      description: "Type, size, times, mode, version and mimeType of a file or folder.",
      inputSchema: { workspaceId: ZWorkspaceId, path: ZFilePath },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const { mime, ...r } = await env.caller.files.stat(args);
        return ok(`${r.path || "(root)"}: ${r.type}, ${r.size} bytes, modified ${r.modifiedAt}`, plain({ ...r, mimeType: mime }));
      }),
  );

  server.registerTool(
    "list_path_rules",
    {
      title: "List path rules",
      description: "The workspace's glob rules that block or make read-only paths, for everyone.",
      inputSchema: { workspaceId: ZWorkspaceId },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const rules = await env.caller.pathRules.list(args);
        return ok(rules.length ? rules.map((r) => `- ${r.pattern} (${r.effect}, id ${r.id})`).join("\n") : "No path rules.", { items: plain({ rules }).rules });
      }),
  );

  server.registerTool(
    "create_path_rule",
    {
      title: "Add a path rule (owners)",
      description: "`pattern` is a glob (secrets/**, *.pem); effect block hides and refuses, read_only refuses changes, no_exec refuses running files there.",
      inputSchema: { workspaceId: ZWorkspaceId, pattern: ZPattern, effect: z.enum(EFFECTS) },
      annotations: { openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const r = await env.caller.pathRules.create(args);
        return ok(`Added ${r.pattern} (${r.effect}, id ${r.id}).`, plain(r));
      }),
  );

  server.registerTool(
    "delete_path_rule",
    {
      title: "Remove a path rule (owners)",
      description: "Removes the rule with this id (from list_path_rules).",
      inputSchema: { workspaceId: ZWorkspaceId, ruleId: z.string().min(1).max(64) },
      annotations: { destructiveHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const r = await env.caller.pathRules.delete(args);
        return ok(`Removed rule ${r.id}.`, plain(r));
      }),
  );

  server.registerTool(
    "register_host_dir",
    {
      title: "Register a host directory (instance admins)",
      description: "Turns an existing directory on the server into a workspace. Needs an admin's key with the admin scope.",
      inputSchema: { path: z.string().min(1).max(4096).describe("Absolute path on the server."), name: z.string().min(1).max(100).optional() },
      annotations: { openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const w = await env.caller.workspaces.registerHostDir(args);
        return ok(`Registered ${w.rootPath} as workspace ${w.name} (id ${w.id}).`, plain(w));
      }),
  );

  server.registerTool(
    "state_list",
    {
      title: "List state keys",
      description: `The workspace's key-value state (apart from metadata). Limits: ${STATE_LIMITS.valueMaxBytes / 1024} KiB per value, ${STATE_LIMITS.workspaceMaxBytes / 1024} KiB and ${STATE_LIMITS.maxKeys} keys per workspace.`,
      inputSchema: { workspaceId: ZWorkspaceId, prefix: z.string().max(STATE_LIMITS.keyMaxChars).optional() },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const r = await env.caller.state.list(args);
        return ok(r.items.length ? r.items.map((e) => `- ${e.key} (v${e.version}, ${e.sizeBytes} bytes)`).join("\n") : "No state.", plain({ items: r.items, totalBytes: r.totalBytes }));
      }),
  );

  server.registerTool(
    "state_get",
    {
      title: "Read a state value",
      description: "One value with its version (send it as ifVersion to state_set for a compare-and-set).",
      inputSchema: { workspaceId: ZWorkspaceId, key: ZStateKey },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const e = await env.caller.state.get(args);
        return ok(`${e.key} (v${e.version}): ${JSON.stringify(e.value)}`, plain(e));
      }),
  );

  server.registerTool(
    "state_set",
    {
      title: "Set a state value",
      description: "Create or replace one JSON value. ifVersion: only if the key is at that version (0: only if it does not exist).",
      inputSchema: { workspaceId: ZWorkspaceId, key: ZStateKey, value: z.json().describe("Any JSON value."), ifVersion: ZVersion.optional() },
      annotations: { openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const e = await env.caller.state.set(args);
        return ok(`${e.key} is now at version ${e.version}.`, plain(e));
      }),
  );

  server.registerTool(
    "state_delete",
    {
      title: "Delete a state value",
      description: "Removes one key. ifVersion: only if it is at that version.",
      inputSchema: { workspaceId: ZWorkspaceId, key: ZStateKey, ifVersion: ZVersion.optional() },
      annotations: { destructiveHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const r = await env.caller.state.delete(args);
        return ok(`Deleted ${r.key}.`, plain(r));
      }),
  );
};
