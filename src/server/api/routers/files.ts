// Workspace files over tRPC: parse, call the file service, return. Reading needs the viewer role
// (and an API key's `read` scope); changing needs editor (and `write`). The path guard inside the
// service applies protected files and path rules to everyone, owners included. For keys with
// `requireReadBeforeWrite` (every door comes through here: REST and MCP call these procedures),
// reads are remembered and changes to existing paths need a read of their current version first.
import { assertReadBeforeChange, forgetReads, noteRead } from "~/server/auth/read-before-write";
import * as files from "~/server/files/file-service";
import { ZAppendInput, ZCopyMoveInput, ZDeleteInput, ZFindInput, ZGrepInput, ZListInput, ZMkdirInput, ZPathInput, ZReadInput, ZReplaceApplyInput, ZReplacePreviewInput, ZReplaceUndoInput, ZWriteInput } from "~/server/files/schemas";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

const reader = () => workspaceProcedure("viewer", "read");
const writer = () => workspaceProcedure("editor", "write");

export const filesRouter = createTRPCRouter({
  /** One page of a folder: folders first, then by name; locked entries included and marked. */
  list: reader()
    .input(ZListInput)
    .query(async ({ ctx, input }) => {
      const listed = await files.listDirectory(ctx, ctx, input);
      await noteRead(ctx, ctx.workspace.id, listed.path, null);
      return listed;
    }),
  stat: reader().input(ZPathInput).query(({ ctx, input }) => files.statPath(ctx, ctx, input)),
  exists: reader().input(ZPathInput).query(({ ctx, input }) => files.pathExists(ctx, ctx, input)),
  /** Text (with language and mime) or base64; `version` goes back as `ifMatch` on save. */
  read: reader()
    .input(ZReadInput)
    .query(async ({ ctx, input }) => {
      const file = await files.readFile(ctx, ctx, input);
      await noteRead(ctx, ctx.workspace.id, file.path, file.version);
      return file;
    }),
  /** Atomic replace; a stale `ifMatch` is CONFLICT `version_conflict` and nothing is written. */
  write: writer()
    .input(ZWriteInput)
    .mutation(async ({ ctx, input }) => {
      // The version the key read goes along as ifMatch, so a change landing after the check is refused too.
      const seen = await assertReadBeforeChange(ctx, ctx, input.path, "files.write");
      const written = await files.writeFile(ctx, ctx, { ...input, ifMatch: input.ifMatch ?? seen });
      await noteRead(ctx, ctx.workspace.id, written.path, written.version);
      return written;
    }),
  append: writer()
    .input(ZAppendInput)
    .mutation(async ({ ctx, input }) => {
      await assertReadBeforeChange(ctx, ctx, input.path, "files.append");
      const written = await files.appendFile(ctx, ctx, input);
      await noteRead(ctx, ctx.workspace.id, written.path, written.version);
      return written;
    }),
  mkdir: writer().input(ZMkdirInput).mutation(({ ctx, input }) => files.makeDirectoryAt(ctx, ctx, input)),
  move: writer()
    .input(ZCopyMoveInput)
    .mutation(async ({ ctx, input }) => {
      await assertReadBeforeChange(ctx, ctx, input.from, "files.move");
      if (input.overwrite) await assertReadBeforeChange(ctx, ctx, input.to, "files.move");
      const moved = await files.movePath(ctx, ctx, input);
      await forgetReads(ctx, ctx.workspace.id, moved.from);
      await forgetReads(ctx, ctx.workspace.id, moved.to);
      return moved;
    }),
  copy: writer()
    .input(ZCopyMoveInput)
    .mutation(async ({ ctx, input }) => {
      if (input.overwrite) await assertReadBeforeChange(ctx, ctx, input.to, "files.copy");
      const copied = await files.copyPath(ctx, ctx, input);
      await forgetReads(ctx, ctx.workspace.id, copied.to);
      return copied;
    }),
  /** Folders that are not empty need `recursive: true`. */
  delete: writer()
    .input(ZDeleteInput)
    .mutation(async ({ ctx, input }) => {
      await assertReadBeforeChange(ctx, ctx, input.path, "files.delete");
      const deleted = await files.deletePath(ctx, ctx, input);
      await forgetReads(ctx, ctx.workspace.id, deleted.path);
      return deleted;
    }),
  /** Collects `grepStream`; sockets stream the same generator match by match. */
  grep: reader().input(ZGrepInput).query(({ ctx, input }) => files.grep(ctx, ctx, input)),
  /** Replace in files: every change the search would make, per file; nothing is written. Editors only, as it leads to a write. */
  replacePreview: writer()
    .input(ZReplacePreviewInput)
    .query(async ({ ctx, input }) => {
      const preview = await files.previewReplace(ctx, ctx, input);
      // A preview shows each file's text: for careful keys it counts as reading that version.
      for (const file of preview.files) await noteRead(ctx, ctx.workspace.id, file.path, file.version);
      return preview;
    }),
  /** Writes the ticked files (each at the version its preview saw); returns what undo needs. */
  replaceApply: writer()
    .input(ZReplaceApplyInput)
    .mutation(async ({ ctx, input }) => {
      for (const file of input.files) await assertReadBeforeChange(ctx, ctx, file.path, "files.replaceApply");
      const applied = await files.applyReplace(ctx, ctx, input);
      for (const file of applied.changed) await noteRead(ctx, ctx.workspace.id, file.path, file.version);
      return applied;
    }),
  /** Puts back the files a replace changed, each only if nobody changed it since. */
  replaceUndo: writer()
    .input(ZReplaceUndoInput)
    .mutation(async ({ ctx, input }) => {
      for (const file of input.files) await assertReadBeforeChange(ctx, ctx, file.path, "files.replaceUndo");
      const undone = await files.undoReplace(ctx, ctx, input);
      for (const file of undone.restored) await noteRead(ctx, ctx.workspace.id, file.path, file.version);
      return undone;
    }),
  /** Every readable file path (capped), for quick open; locked and protected paths left out. */
  find: reader().input(ZFindInput).query(({ ctx, input }) => files.findFiles(ctx, ctx, input)),
});
