// Replace in files: find with search's own machinery (grep.ts: the regex worker, the walk that
// never opens blocked or protected paths, its limits), preview every change per file, apply the
// files the person ticked, and undo exactly those. Every read and write goes through the file
// service (path guard, atomic versioned write with ifMatch, quota, audit), so a read-only or
// blocked file is refused and audited like any other write, and a file someone changed after the
// preview (or after the replace, for undo) is skipped rather than clobbered. Stateless: undo
// carries the previous text back from the client, and writes it only over the version the replace
// produced.
import type { RequestContext } from "~/server/auth/types";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import * as audit from "~/server/audit/audit";
import { AppError, type AppErrorCode } from "~/server/errors";
import type { Reason } from "~/server/audit/reasons";
import { grep } from "./grep";
import type { GrepQuery } from "./grep-match";
import { FILE_LIMITS } from "./limits";
import { readFile } from "./read";
import { lineReplacer, type LineChange, replaceText } from "./replace-text";
import { classify, openScope } from "./scope";
import { sameVersion } from "./version";
import { writeFile } from "./write";

export const REPLACE_LIMITS = {
  /** Files one preview, apply or undo may touch. */
  maxFiles: 200,
  /** Replacements one apply may make across all its files. */
  maxReplacements: 10_000,
  /** Changed lines shown per file in a preview (the count is always complete). */
  maxPreviewLinesPerFile: 100,
  /** Text one apply hands back for undo (and one undo may write), summed over files. */
  maxUndoChars: 16 * 1024 * 1024,
} as const;

export interface ReplaceQuery extends Partial<Omit<GrepQuery, "query">> {
  query: string;
  replacement: string;
  path?: string;
  include?: string[];
  exclude?: string[];
}

export interface ReplacePreviewFile {
  path: string;
  /** Send back with apply: a file changed since is skipped, not overwritten. */
  version: string;
  replacements: number;
  changes: LineChange[];
  /** A path rule or the protected list stops writes here; apply would be refused. */
  readOnly: boolean;
}

export interface ReplacePreview {
  files: ReplacePreviewFile[];
  totalReplacements: number;
}

export interface ReplaceSkipped {
  path: string;
  code: AppErrorCode | "SKIPPED";
  reason: Reason | "no_match";
  message: string;
}

export interface ReplacedFile {
  path: string;
  replacements: number;
  previousVersion: string;
  version: string;
  /** The text before the replace: what undo writes back. */
  previousContent: string;
}

export interface ReplaceApplyResult {
  changed: ReplacedFile[];
  skipped: ReplaceSkipped[];
}

export interface ReplaceUndoResult {
  restored: { path: string; version: string }[];
  skipped: ReplaceSkipped[];
}

const queryOf = (input: ReplaceQuery): GrepQuery => ({ query: input.query, regex: input.regex ?? false, caseSensitive: input.caseSensitive ?? false, wholeWord: input.wholeWord ?? false });

function tooMany(what: string, count: number, limit: number, reason: Reason): AppError {
  return new AppError("LIMIT_EXCEEDED", {
    message: `This replace would change ${what} (${count}); one replace may change at most ${limit}. Narrow it with a folder or "files to include", or a more specific search.`,
    reason,
    details: { count, limit },
  });
}

function skippedOf(path: string, error: unknown): ReplaceSkipped {
  if (!(error instanceof AppError)) throw error;
  return { path, code: error.code, reason: error.reason ?? "conflict", message: error.message };
}

/** Reads one text file for replacing; null with a skip when it is binary. */
async function readText(ctx: RequestContext, access: WorkspaceAccess, path: string): Promise<{ content: string; version: string } | ReplaceSkipped> {
  const file = await readFile(ctx, access, { path, encoding: "auto" });
  if (file.encoding !== "utf8") return { path, code: "INVALID_INPUT", reason: "edit_binary_file", message: `${path} is a binary file; replace changes text files only.` };
  return { content: file.content, version: file.version };
}

/** Every file the search finds, with each change it would make; nothing is written. */
export async function previewReplace(ctx: RequestContext, access: WorkspaceAccess, input: ReplaceQuery): Promise<ReplacePreview> {
  const q = queryOf(input);
  const replace = lineReplacer(q, input.replacement); // validates the query before any walk
  const found = await grep(ctx, access, { ...q, path: input.path, include: input.include, exclude: input.exclude, maxResults: FILE_LIMITS.grepMaxResults });
  if (found.truncatedReason === "max_results") throw tooMany("more lines than search returns", found.total, FILE_LIMITS.grepMaxResults, "too_many_replacements");
  const paths = [...new Set(found.matches.map((m) => m.file))];
  if (paths.length > REPLACE_LIMITS.maxFiles) throw tooMany("too many files", paths.length, REPLACE_LIMITS.maxFiles, "too_many_files");

  const scope = await openScope(ctx, access, "files.replace", "read");
  const files: ReplacePreviewFile[] = [];
  let total = 0;
  for (const path of paths) {
    let text;
    try {
      text = await readText(ctx, access, path);
    } catch (error) {
      // Gone or locked since the search walked past it: it simply is not in the preview.
      if (error instanceof AppError) continue;
      throw error;
    }
    if ("code" in text) continue;
    const result = replaceText(text.content, replace, REPLACE_LIMITS.maxPreviewLinesPerFile);
    if (result.count === 0) continue;
    total += result.count;
    if (total > REPLACE_LIMITS.maxReplacements) throw tooMany("too many matches", total, REPLACE_LIMITS.maxReplacements, "too_many_replacements");
    files.push({ path, version: text.version, replacements: result.count, changes: result.changes, readOnly: classify(scope, path, "write") !== null });
  }
  return { files, totalReplacements: total };
}

/**
 * Replaces in the files named (each with the version its preview saw). All files are read and
 * checked against the limits before the first write; then each is written on its own (atomic per
 * file), and a refusal on one (path rule, quota, a concurrent change) skips it, audited.
 */
export async function applyReplace(ctx: RequestContext, access: WorkspaceAccess, input: ReplaceQuery & { files: { path: string; version: string }[] }): Promise<ReplaceApplyResult> {
  if (input.files.length > REPLACE_LIMITS.maxFiles) throw tooMany("too many files", input.files.length, REPLACE_LIMITS.maxFiles, "too_many_files");
  const replace = lineReplacer(queryOf(input), input.replacement);
  const skipped: ReplaceSkipped[] = [];
  const planned: { path: string; version: string; before: string; after: string; count: number }[] = [];
  let total = 0;
  let undoChars = 0;
  for (const file of input.files) {
    let text;
    try {
      text = await readText(ctx, access, file.path);
    } catch (error) {
      skipped.push(skippedOf(file.path, error));
      continue;
    }
    if ("code" in text) {
      skipped.push(text);
      continue;
    }
    if (!sameVersion(text.version, file.version)) {
      skipped.push({ path: file.path, code: "CONFLICT", reason: "version_conflict", message: `${file.path} changed since the preview; preview again to include it.` });
      continue;
    }
    const result = replaceText(text.content, replace, 0);
    if (result.count === 0) {
      skipped.push({ path: file.path, code: "SKIPPED", reason: "no_match", message: `${file.path} has no matches any more.` });
      continue;
    }
    total += result.count;
    undoChars += text.content.length;
    planned.push({ path: file.path, version: text.version, before: text.content, after: result.text, count: result.count });
  }
  if (total > REPLACE_LIMITS.maxReplacements) throw tooMany("too many matches", total, REPLACE_LIMITS.maxReplacements, "too_many_replacements");
  if (undoChars > REPLACE_LIMITS.maxUndoChars) throw tooMany("too much text to keep for undo (characters)", undoChars, REPLACE_LIMITS.maxUndoChars, "too_many_replacements");

  const changed: ReplacedFile[] = [];
  for (const file of planned) {
    try {
      // ifMatch: a write that lands between our read and this write is a conflict, not lost.
      const written = await writeFile(ctx, access, { path: file.path, content: file.after, ifMatch: file.version });
      await audit.record(ctx, { type: "files_replaced", workspaceId: access.workspace.id, path: written.path, replacements: file.count, version: written.version, undo: false });
      changed.push({ path: written.path, replacements: file.count, previousVersion: file.version, version: written.version, previousContent: file.before });
    } catch (error) {
      skipped.push(skippedOf(file.path, error));
    }
  }
  return { changed, skipped };
}

/** Puts back the text of files a replace changed, each only if it is still at the version the replace wrote. */
export async function undoReplace(ctx: RequestContext, access: WorkspaceAccess, input: { files: { path: string; version: string; content: string }[] }): Promise<ReplaceUndoResult> {
  if (input.files.length > REPLACE_LIMITS.maxFiles) throw tooMany("too many files", input.files.length, REPLACE_LIMITS.maxFiles, "too_many_files");
  const chars = input.files.reduce((sum, f) => sum + f.content.length, 0);
  if (chars > REPLACE_LIMITS.maxUndoChars) throw tooMany("too much text (characters)", chars, REPLACE_LIMITS.maxUndoChars, "too_many_replacements");
  const restored: ReplaceUndoResult["restored"] = [];
  const skipped: ReplaceSkipped[] = [];
  for (const file of input.files) {
    try {
      const written = await writeFile(ctx, access, { path: file.path, content: file.content, ifMatch: file.version });
      await audit.record(ctx, { type: "files_replaced", workspaceId: access.workspace.id, path: written.path, replacements: 0, version: written.version, undo: true });
      restored.push({ path: written.path, version: written.version });
    } catch (error) {
      const skip = skippedOf(file.path, error);
      if (skip.reason === "version_conflict") skip.message = `${file.path} changed after the replace; it was left as it is.`;
      skipped.push(skip);
    }
  }
  return { restored, skipped };
}
