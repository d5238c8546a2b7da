// One McpServer per MCP session: Atrium's tools bound to that session's state.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { appVersion } from "~/server/runtime";
import { registerFileResources } from "./resources-files";
import type { McpSessionState } from "./tool-env";
import { registerFileTools } from "./tools-files";
import { registerNameTools } from "./tools-names";
import { registerPolicyTools } from "./tools-policy";
import { registerRunTools } from "./tools-run";
import { registerSessionTools } from "./tools-sessions";
import { registerSnapshotTools } from "./tools-snapshots";
import { registerTaskTools } from "./tools-tasks";

export const TOOL_NAMES = [
  "list_workspaces",
  "list_files",
  "read_file",
  "write_file",
  "edit_file",
  "delete_file",
  "file_exists",
  "mkdir",
  "grep",
  "execute_command",
  "execute_code",
  "list_snapshots",
  "create_snapshot",
  "restore_snapshot",
  "submit_task",
  "get_task",
  "find_workspace",
  "resolve_workspace",
  "start_session",
  "append_file",
  "stat_file",
  "list_path_rules",
  "create_path_rule",
  "delete_path_rule",
  "register_host_dir",
  "state_list",
  "state_get",
  "state_set",
  "state_delete",
  "stop_session",
  "snapshot_session",
  "check_path",
  "get_command_policy",
  "set_command_policy",
  "set_limits",
] as const;

const INSTRUCTIONS =
  "Atrium workspaces: shared code folders with a sandbox. Start with list_workspaces to get a workspaceId. " +
  "Paths are relative to the workspace root (a leading / means the root too: /code.py). " +
  "find_workspace and resolve_workspace get a workspace by your name for it or by {scope, key}, created on first use; state_* keep small JSON values per workspace. Prefer edit_file for small changes (read_file first). " +
  "execute_command runs in the workspace's sandbox with the files at /workspace. " +
  "To try something without changing the files, start_session with access cow and pass its sessionId to execute_command. " +
  "create_snapshot before a risky change; restore_snapshot brings the files back. " +
  "For long commands (builds, test suites) use submit_task, then get_task to read the result. " +
  "Protected files (.env, keys, .git internals) and blocked paths are refused for everyone; do not retry them. " +
  "Files are also resources (atrium://workspaces/{workspaceId}/files/{path}); resources/subscribe on one to be notified when it changes on disk.";

export function createMcpServer(): { server: McpServer; state: McpSessionState } {
  const state: McpSessionState = {};
  const server = new McpServer({ name: "atrium", version: appVersion() }, { instructions: INSTRUCTIONS });
  registerRunTools(server, state);
  registerFileTools(server, state);
  registerSnapshotTools(server, state);
  registerTaskTools(server, state);
  registerNameTools(server, state);
  registerSessionTools(server, state);
  registerFileResources(server);
  registerPolicyTools(server, state);
  return { server, state };
}
