// Workspace files over tRPC: parse, call the file service, return. Reading needs the viewer role
// (and an API key's `read` scope); changing needs editor (and `write`). The path guard inside the
// service applies protected files and path rules to everyone, owners included.
import * as files from "~/server/files/file-service";
import { ZAppendInput, ZCopyMoveInput, ZDeleteInput, ZFindInput, ZGrepInput, ZListInput, ZMkdirInput, ZPathInput, ZReadInput, ZWriteInput } from "~/server/files/schemas";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

const reader = () => workspaceProcedure("viewer", "read");
const writer = () => workspaceProcedure("editor", "write");

export const filesRouter = createTRPCRouter({
  /** One page of a folder: folders first, then by name; locked entries included and marked. */
  list: reader().input(ZListInput).query(({ ctx, input }) => files.listDirectory(ctx, ctx, input)),
  stat: reader().input(ZPathInput).query(({ ctx, input }) => files.statPath(ctx, ctx, input)),
  exists: reader().input(ZPathInput).query(({ ctx, input }) => files.pathExists(ctx, ctx, input)),
  /** Text (with language and mime) or base64; `version` goes back as `ifMatch` on save. */
  read: reader().input(ZReadInput).query(({ ctx, input }) => files.readFile(ctx, ctx, input)),
  /** Atomic replace; a stale `ifMatch` is CONFLICT `version_conflict` and nothing is written. */
  write: writer().input(ZWriteInput).mutation(({ ctx, input }) => files.writeFile(ctx, ctx, input)),
  append: writer().input(ZAppendInput).mutation(({ ctx, input }) => files.appendFile(ctx, ctx, input)),
  mkdir: writer().input(ZMkdirInput).mutation(({ ctx, input }) => files.makeDirectoryAt(ctx, ctx, input)),
  move: writer().input(ZCopyMoveInput).mutation(({ ctx, input }) => files.movePath(ctx, ctx, input)),
  copy: writer().input(ZCopyMoveInput).mutation(({ ctx, input }) => files.copyPath(ctx, ctx, input)),
  /** Folders that are not empty need `recursive: true`. */
  delete: writer().input(ZDeleteInput).mutation(({ ctx, input }) => files.deletePath(ctx, ctx, input)),
  /** Collects `grepStream`; sockets stream the same generator match by match. */
  grep: reader().input(ZGrepInput).query(({ ctx, input }) => files.grep(ctx, ctx, input)),
  /** Every readable file path (capped), for quick open; locked and protected paths left out. */
  find: reader().input(ZFindInput).query(({ ctx, input }) => files.findFiles(ctx, ctx, input)),
});
