// Co-editing over socket.io: thin handlers over the document store (src/server/collab). Each
// event is checked: joining needs viewer+ and the path guard's "read"; updates need editor+, the
// "write" scope and the guard's "write" (re-checked at most every 2 s, and at once on an identity
// change or a path-rule change); a refused update is dropped, audited and acknowledged with the error.
import { z } from "zod";
import type { CollabStore } from "~/server/collab/doc-store";
import { COLLAB_LIMITS } from "./events";
import { onRecheck } from "./live-identity";
import { parseInput, type RealtimeSocket, respond, socketCtx } from "./terminal-registry";
import { AppError } from "~/server/errors";

const ZRef = z.object({ workspaceId: z.string().min(1).max(64), path: z.string().min(1).max(4096) });
const ZBinary = z
  .custom<Uint8Array | ArrayBuffer>((v) => v instanceof Uint8Array || v instanceof ArrayBuffer, "Expected binary data (a Yjs update)")
  .transform((v) => (v instanceof Uint8Array ? v : new Uint8Array(v)))
  .refine((v) => v.byteLength <= COLLAB_LIMITS.maxUpdateBytes, `One update may carry at most ${COLLAB_LIMITS.maxUpdateBytes} bytes`);
const ZUpdate = ZRef.extend({ update: ZBinary });
const ZResolve = ZRef.extend({ choice: z.enum(["keep_mine", "take_disk"]) });

export function registerCollabHandlers(socket: RealtimeSocket, store: CollabStore): void {
  // Browser edits are the UI channel in the audit log (terminals are TERMINAL).
  const ctx = socketCtx(socket, "UI");

  socket.on("collab:join", (raw, ack) => {
    respond(ack, "collab:join", async () => {
      const input = parseInput(ZRef, raw);
      if (!store.openBy(socket.id).some((d) => d.workspaceId === input.workspaceId && d.path === input.path) && store.openBy(socket.id).length >= COLLAB_LIMITS.maxDocsPerSocket) {
        throw new AppError("LIMIT_EXCEEDED", { message: `One tab may co-edit at most ${COLLAB_LIMITS.maxDocsPerSocket} files at once. Close some tabs.`, reason: "limit_exceeded" });
      }
      const { room, ...joined } = await store.join(ctx, socket.id, input);
      await socket.join(room);
      return joined;
    });
  });

  socket.on("collab:update", (raw, ack) => {
    respond(ack, "collab:update", async () => {
      const { update, ...ref } = parseInput(ZUpdate, raw);
      await store.update(socket.id, ref, update);
      return null;
    });
  });

  socket.on("collab:awareness", (raw, ack) => {
    respond(ack, "collab:awareness", () => {
      const { update, ...ref } = parseInput(ZUpdate, raw);
      store.awareness(socket.id, ref, update);
      return Promise.resolve(null);
    });
  });

  socket.on("collab:flush", (raw, ack) => {
    respond(ack, "collab:flush", () => store.flush(socket.id, parseInput(ZRef, raw)));
  });

  socket.on("collab:resolve", (raw, ack) => {
    respond(ack, "collab:resolve", async () => {
      const { choice, ...ref } = parseInput(ZResolve, raw);
      await store.resolve(socket.id, ref, choice);
      if (!store.isOpen(ref.workspaceId, ref.path)) return null;
      const { room, ...joined } = await store.join(ctx, socket.id, ref);
      await socket.join(room);
      return joined;
    });
  });

  socket.on("collab:leave", (raw, ack) => {
    respond(ack, "collab:leave", async () => {
      const ref = parseInput(ZRef, raw);
      await store.leave(socket.id, ref);
      await socket.leave(`collab:${ref.workspaceId}:${ref.path}`);
      return null;
    });
  });

  socket.on("disconnect", () => {
    void store.leaveAll(socket.id);
  });

  // Identity changed (demoted, removed, key revoked): every open document re-checks at once;
  // a document the socket may no longer view is closed for it, with a message.
  // (The client hears `collab:access-changed` per document; the workspace room's own re-check
  // sends `identity:revoked` when the whole workspace was lost.)
  onRecheck(socket, async () => {
    await store.recheckSocket(socket.id, ctx);
  });
}
