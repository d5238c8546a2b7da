// Policy tools (issue 17): check_path asks the path guard before acting; get/set_command_policy
// read and (owners) change which programs a workspace runs; set_limits raises sandbox limits
// within the admin's ceilings. Each is one call of the `policy` procedures (same permissions,
// scopes and audit as every other door).
import { z } from "zod";
import { PATH_PERMISSIONS } from "~/server/files/check-path";
import { COMMAND_POLICY_PRESET_NAMES, ZCommandPolicy } from "~/server/sandbox/command-policy";
import { ZRaisableLimits } from "~/server/sandbox/presets";
import { ok } from "./results";
import { type RegisterTools, runTool, ZFilePath, ZWorkspaceId } from "./tool-env";

export const registerPolicyTools: RegisterTools = (server, session) => {
  server.registerTool(
    "check_path",
    {
      title: "Check a path before acting",
      description:
        "Would you be allowed to read, write, execute or delete this path? Answers with the path guard's decision (path rules incl. no_exec, protected files, your role and key scopes, symlinks) without doing anything. Use it instead of trying and failing.",
      inputSchema: { workspaceId: ZWorkspaceId, path: ZFilePath, permission: z.enum(PATH_PERMISSIONS).describe("read, write, execute or delete.") },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const c = await env.caller.policy.checkPath(args);
        const text = c.allowed ? `Allowed: ${args.permission} "${c.resolved ?? args.path}".` : `Not allowed (${c.reason}): ${c.message}`;
        return ok(text, { ...c });
      }),
  );

  server.registerTool(
    "get_command_policy",
    {
      title: "Get the command policy",
      description: "Which programs this workspace lets execute_command and submit_task run (allowedBinaries) and which command patterns it blocks.",
      inputSchema: { workspaceId: ZWorkspaceId },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const v = await env.caller.policy.commandPolicy(args);
        const allowed = v.policy?.allowedBinaries ? `allowed programs: ${v.policy.allowedBinaries.join(", ")}` : "no allowlist (strict sessions use the default one)";
        const blocked = v.policy?.blockedPatterns?.length ? `; blocked patterns: ${v.policy.blockedPatterns.join(" | ")}` : "";
        return ok(`Command policy: ${allowed}${blocked}.`, { ...v });
      }),
  );

  server.registerTool(
    "set_command_policy",
    {
      title: "Set the command policy (owners)",
      description: `Owners only. Either preset (${COMMAND_POLICY_PRESET_NAMES.join(", ")}; "worker" is the usual build/test/file tools allowlist) or policy {allowedBinaries, blockedPatterns} (null removes it). Patterns are * globs or RE2 regexes prefixed "re:".`,
      inputSchema: {
        workspaceId: ZWorkspaceId,
        preset: z.enum(COMMAND_POLICY_PRESET_NAMES as [string, ...string[]]).optional(),
        policy: ZCommandPolicy.nullable().optional(),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const { workspaceId, preset, policy } = args;
        const input = preset !== undefined ? { workspaceId, preset } : { workspaceId, policy: policy ?? null };
        const v = await env.caller.policy.setCommandPolicy(input);
        return ok(`Saved. ${v.policy?.allowedBinaries ? `${v.policy.allowedBinaries.length} allowed programs.` : "No allowlist."}`, { ...v });
      }),
  );

  server.registerTool(
    "set_limits",
    {
      title: "Set sandbox limits (owners)",
      description: "Owners only. memoryMb, cpus, processes for this workspace's next sessions, up to the instance's ceilings (above is refused with LIMIT_EXCEEDED).",
      inputSchema: { workspaceId: ZWorkspaceId, limits: ZRaisableLimits },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const v = await env.caller.policy.setLimits(args);
        return ok(`Saved. Ceilings: ${JSON.stringify(v.ceilings)}.`, { ...v });
      }),
  );
};
