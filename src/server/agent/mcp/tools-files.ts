// File tools: list/read/write/edit/delete/exists/mkdir/grep, each one call (or two, for edit_file)
// of the files procedures, which enforce a key's read-before-write rule as on every other door.
import { z } from "zod";
import { assertReadBeforeChange } from "~/server/auth/read-before-write";
import { resolveWorkspaceAccess } from "~/server/auth/workspace-access";
import { AppError } from "~/server/errors";
import { ZWriteInput } from "~/server/files/schemas";
import { applyEdit } from "./edit";
import { ok } from "./results";
import { type RegisterTools, runTool, type ToolEnv, ZFilePath, ZWorkspaceId } from "./tool-env";

const display = (path: string) => (path === "" ? "the workspace root" : path);

/**
 * edit_file reads the file itself before writing it, which would count as the key's read: so for
 * keys with `requireReadBeforeWrite` the rule is checked first, exactly as files.write checks it.
 */
async function checkBeforeEdit(env: ToolEnv, workspaceId: string, path: string): Promise<void> {
  if (!env.ctx.actor.apiKey?.requireReadBeforeWrite) return;
  const access = await resolveWorkspaceAccess(env.ctx, workspaceId, "editor", "write", "files.write", path);
  await assertReadBeforeChange(env.ctx, access, path, "files.write");
}

export const registerFileTools: RegisterTools = (server, session) => {
  server.registerTool(
    "list_files",
    {
      title: "List files",
      description: "List one folder of a workspace: folders first, then files, with sizes. Locked entries (protected or blocked) are shown and marked.",
      inputSchema: {
        workspaceId: ZWorkspaceId,
        path: z.string().max(4096).optional().describe('Folder relative to the workspace root; "" or omitted for the root.'),
        cursor: z.string().max(8192).optional().describe("nextCursor from a previous page."),
        limit: z.number().int().min(1).max(5000).optional().describe("Entries per page (default 500)."),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const r = await env.caller.files.list(args);
        const lines = r.entries.map((e) => {
          const flags = [e.locked ? `locked: ${e.locked.reason}` : null, !e.locked && e.readOnly ? "read-only" : null].filter(Boolean).join(", ");
          const name = e.type === "directory" ? `${e.name}/` : e.type === "symlink" ? `${e.name} -> ${e.target ?? "?"}` : `${e.name} (${e.size} bytes)`;
          return `${name}${flags ? ` [${flags}]` : ""}`;
        });
        const more = r.truncated ? `\n(more entries: call again with cursor "${r.nextCursor ?? ""}")` : "";
        return ok(`${display(r.path)}: ${r.entries.length} of ${r.total} entries\n${lines.join("\n")}${more}`, { ...r });
      }),
  );

  server.registerTool(
    "read_file",
    {
      title: "Read a file",
      description: "Read a file of a workspace. Text comes back as is; binary files as base64. The version can be passed to write_file as ifMatch.",
      inputSchema: {
        workspaceId: ZWorkspaceId,
        path: ZFilePath,
        encoding: z.enum(["auto", "utf8", "base64"]).optional().describe("auto (default): text when the file is UTF-8, else base64."),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const r = await env.caller.files.read(args);
        const { content, ...meta } = r;
        const text = r.encoding === "base64" ? `(${r.path} is binary, ${r.size} bytes, shown as base64)\n${content}` : content;
        // `mimeType`, as REST names it; `mime` stays for clients that read it already.
        return ok(text, { ...meta, mimeType: meta.mime, content });
      }),
  );

  server.registerTool(
    "write_file",
    {
      title: "Write a file",
      description: "Create or replace a whole file (parent folders are created). To change part of a file, prefer edit_file.",
      inputSchema: {
        workspaceId: ZWorkspaceId,
        path: ZFilePath,
        content: ZWriteInput.shape.content.describe("The complete new content."),
        encoding: z.enum(["utf8", "base64"]).optional().describe("utf8 (default) or base64 for binary content."),
        ifMatch: z.string().min(1).max(200).optional().describe("Only write if the file is still at this version (from read_file)."),
        overwrite: z.boolean().optional().describe("false: fail if the file already exists. Default true."),
      },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const r = await env.caller.files.write(args);
        return ok(`${r.created ? "Created" : "Replaced"} ${r.path} (${r.size} bytes, version ${r.version}).`, { ...r });
      }),
  );

  server.registerTool(
    "edit_file",
    {
      title: "Edit a file",
      description:
        "Replace an exact snippet of a text file with new text. oldText must match exactly once (whitespace included) unless replaceAll is true; otherwise nothing changes and the error says how many matches there were.",
      inputSchema: {
        workspaceId: ZWorkspaceId,
        path: ZFilePath,
        oldText: z.string().min(1).describe("The exact text to replace, as read_file showed it."),
        newText: z.string().describe("The replacement text (may be empty to delete the snippet)."),
        replaceAll: z.boolean().optional().describe("Replace every occurrence instead of requiring exactly one. Default false."),
      },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const { workspaceId, path } = args;
        await checkBeforeEdit(env, workspaceId, path);
        const current = await env.caller.files.read({ workspaceId, path, encoding: "utf8" });
        if (current.binary) {
          throw new AppError("INVALID_INPUT", { message: `${current.path} is not a text file, so it cannot be edited by snippet. Use write_file with base64 content.`, reason: "edit_binary_file" });
        }
        const edited = applyEdit(current.content, current.path, { oldText: args.oldText, newText: args.newText, replaceAll: args.replaceAll ?? false });
        // ifMatch: a change that lands between our read and our write is refused, not overwritten.
        const r = await env.caller.files.write({ workspaceId, path, content: edited.content, ifMatch: current.version });
        return ok(`Edited ${r.path}: ${edited.replacements} replacement${edited.replacements === 1 ? "" : "s"} (${r.size} bytes, version ${r.version}).`, {
          path: r.path,
          replacements: edited.replacements,
          size: r.size,
          version: r.version,
        });
      }),
  );

  server.registerTool(
    "delete_file",
    {
      title: "Delete a file or folder",
      description: "Delete a file, or a folder (a folder that is not empty needs recursive: true).",
      inputSchema: {
        workspaceId: ZWorkspaceId,
        path: ZFilePath,
        recursive: z.boolean().optional().describe("Delete a folder and everything in it. Default false."),
      },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const r = await env.caller.files.delete(args);
        return ok(`Deleted ${r.type === "directory" ? "folder" : "file"} ${r.path}.`, { ...r });
      }),
  );

  server.registerTool(
    "file_exists",
    {
      title: "Check whether a path exists",
      description: "Whether a file or folder exists in the workspace, and which it is.",
      inputSchema: { workspaceId: ZWorkspaceId, path: z.string().max(4096).describe("Path relative to the workspace root.") },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const r = await env.caller.files.exists(args);
        return ok(r.exists ? `${display(r.path)} exists (${r.type}).` : `${display(r.path)} does not exist.`, { ...r });
      }),
  );

  server.registerTool(
    "mkdir",
    {
      title: "Create a folder",
      description: "Create a folder and any missing parents. An existing folder is fine.",
      inputSchema: { workspaceId: ZWorkspaceId, path: ZFilePath },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const r = await env.caller.files.mkdir(args);
        return ok(r.created ? `Created folder ${r.path}.` : `Folder ${r.path} already exists.`, { ...r });
      }),
  );

  server.registerTool(
    "grep",
    {
      title: "Search file contents",
      description: "Search the workspace's text files for a string (or a regular expression). Protected and blocked files are skipped.",
      inputSchema: {
        workspaceId: ZWorkspaceId,
        pattern: z
          .string()
          .min(1)
          .max(1000)
          .optional()
          .describe("Text to find (a regular expression when regex is true: JavaScript syntax run in linear time, so backreferences and lookahead are refused). The same name as REST's `pattern`."),
        query: z.string().min(1).max(1000).optional().describe("The older name of `pattern`; send one of them."),
        regex: z.boolean().optional(),
        caseSensitive: z.boolean().optional().describe("Default false."),
        wholeWord: z.boolean().optional(),
        path: z.string().max(4096).optional().describe("Folder to search in; the root by default."),
        include: z.array(z.string().min(1).max(500)).max(50).optional().describe('Glob patterns of files to search, e.g. ["**/*.py"].'),
        exclude: z.array(z.string().min(1).max(500)).max(50).optional().describe("Glob patterns of files to skip."),
        maxResults: z.number().int().min(1).max(10_000).optional().describe("Default 500."),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args, extra) =>
      runTool(session, extra, async (env) => {
        const { pattern, query, ...rest } = args;
        const text = pattern ?? query;
        if (text === undefined || (pattern !== undefined && query !== undefined && pattern !== query)) {
          throw new AppError("INVALID_INPUT", { message: "Send the text to find as `pattern` (or, the older name, `query`), once.", reason: "invalid_input" });
        }
        const r = await env.caller.files.grep({ ...rest, query: text });
        const lines = r.matches.map((m) => `${m.file}:${m.line}: ${m.content}`);
        const tail = r.truncated ? ` (stopped early: ${r.truncatedReason ?? "limit"}; narrow the search)` : "";
        return ok(`${r.total} match${r.total === 1 ? "" : "es"}${tail}\n${lines.join("\n")}`.trimEnd(), { ...r });
      }),
  );
};
