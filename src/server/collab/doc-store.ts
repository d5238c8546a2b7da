// The server's co-edited documents: one Y.Doc per open text file (workspace id + path), loaded
// from disk through the file service and written back through it (atomic, confined, versioned,
// quota-checked), debounced and when the last editor leaves. The disk stays the source of truth:
// an external change (terminal, agent, task, restore) is merged into the open document as a diff
// against what the document last wrote, so unsaved typing survives it.
//
// Attribution: each write is made (and audited, `files.write` with `collab: true`) as the person who
// typed last before it; `details.authors` lists everyone whose typing went into that write.
import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import * as audit from "~/server/audit/audit";
import { hasScope, type RequestContext } from "~/server/auth/types";
import { resolveWorkspaceAccess, roleAtLeast, type WorkspaceAccess } from "~/server/auth/workspace-access";
import { AppError, isAppError, toErrorBody } from "~/server/errors";
import { readFile, writeFile } from "~/server/files/file-service";
import { classify, guard, openScope } from "~/server/files/scope";
import { logger } from "~/server/observability/logger";
import { cloneDoc, textOf, updateFor } from "~/lib/collab/yjs-text";
import {
  COLLAB_LIMITS,
  type CollabConflictReason,
  type CollabJoined,
  type CollabRef,
  type CollabSaved,
  type FilesChanged,
  type ServerToClientEvents,
} from "~/server/realtime/events";

/** Quiet time after the last change before the document is written… */
export const WRITE_DEBOUNCE_MS = 300;
/** …but never later than this after the first unsaved change, even while people keep typing. */
export const WRITE_MAX_DELAY_MS = 1_000;
/** How long a member's write permission is trusted between updates before it is re-checked. */
export const PERMISSION_RECHECK_MS = 2_000;

/** The origin of changes merged from disk (never attributed to anyone). */
export const EXTERNAL_ORIGIN = "external";

type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];
/** How the store reaches sockets: the realtime server implements it with socket.io rooms. */
export interface CollabTransport {
  emit<E extends keyof ServerToClientEvents>(room: string, event: E, payload: Payload<E>, exceptSocketId?: string): void;
  leaveRoom(socketId: string, room: string): void;
}

export type SaveTrigger = "debounce" | "flush" | "leave" | "keep_mine";

interface Member {
  socketId: string;
  ctx: RequestContext;
  readOnly: boolean;
  /** A reason from reasons.ts when read-only (audited when an update is refused). */
  readOnlyCode: "read_only" | "role_required" | "missing_scope" | "critical_file" | "blocked_path" | "permission_denied" | null;
  readOnlyReason: string | null;
  checkedAt: number;
  /** Awareness client ids this socket announced, removed when it leaves. */
  awarenessClients: Set<number>;
}

interface Author {
  userId: string;
  name: string;
  ctx: RequestContext;
}

export const docRoom = (workspaceId: string, path: string) => `collab:${workspaceId}:${path}`;
const keyOf = (workspaceId: string, path: string) => `${workspaceId}\u0000${path}`;

class CollabDoc {
  readonly room: string;
  /** Changes every load: a browser holding a document from an earlier load merges by text, not by Yjs history. */
  readonly epoch = crypto.randomUUID();
  readonly ydoc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.ydoc);
  readonly members = new Map<string, Member>();
  /** Who typed since the last write, in order of their last change (the last typist is last). */
  authors = new Map<string, Author>();
  /** A copy of the document as it was when its text was last written to (or read from) disk. */
  written: Y.Doc;
  lastWritten: string;
  version: string;
  conflict: CollabConflictReason | null = null;
  timer: NodeJS.Timeout | null = null;
  firstUnsavedAt = 0;
  /** Disk reads and writes of this document, one at a time. */
  queue: Promise<unknown> = Promise.resolve();
  unloaded = false;

  constructor(
    readonly workspaceId: string,
    readonly path: string,
    text: string,
    version: string,
    readonly language: string,
  ) {
    this.room = docRoom(workspaceId, path);
    if (text) textOf(this.ydoc).insert(0, text);
    this.written = cloneDoc(this.ydoc);
    this.lastWritten = text;
    this.version = version;
    // The server announces no cursor of its own.
    this.awareness.setLocalState(null);
  }

  get ref(): CollabRef {
    return { workspaceId: this.workspaceId, path: this.path };
  }

  serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** What the caller may do with one path: the guard's read check (audited refusal) and its write verdict. */
async function pathAccess(ctx: RequestContext, access: WorkspaceAccess, rawPath: string) {
  const scope = await openScope(ctx, access, "collab.join", "read");
  const p = await guard(scope, rawPath, "read");
  if (p.relative === "") throw new AppError("INVALID_INPUT", { message: "Pick a file to open, not the workspace root.", reason: "workspace_root" });
  let code: Member["readOnlyCode"] = null;
  let reason: string | null = null;
  if (!roleAtLeast(access.role, "editor")) {
    code = "role_required";
    reason = "Viewer: you can read and see others' cursors, but not type. Ask an owner for editor access.";
  } else if (!ctx.actor || !hasScope(ctx.actor, "write")) {
    code = "missing_scope";
    reason = "Read only: this API key lacks the \"write\" scope.";
  } else {
    const denied = classify(scope, p.relative, "write");
    if (denied) {
      code = denied === "critical_file" || denied === "blocked_path" || denied === "read_only" ? denied : "permission_denied";
      reason = "Read only: a path rule or Atrium's protected-file list stops changes to this file.";
    }
  }
  return { relative: p.relative, readOnly: code !== null, code, reason };
}

function conflictMessage(reason: CollabConflictReason, path: string): string {
  switch (reason) {
    case "deleted":
      return `${path} was deleted or renamed on disk. Keep your text (writes it back), or close it.`;
    case "binary":
      return `${path} was replaced by a binary file on disk. Keep your text (overwrites it), or take the disk version (closes the editor).`;
    case "too_large":
      return `${path} grew past ${COLLAB_LIMITS.maxDocBytes / 1024 / 1024} MiB on disk and is no longer co-edited. Keep your text (overwrites it), or take the disk version.`;
    case "write_failed":
      return `${path} could not be saved.`;
  }
}

export class CollabStore {
  private readonly docs = new Map<string, CollabDoc>();
  private readonly loading = new Map<string, Promise<CollabDoc>>();
  private readonly log = logger("collab");

  constructor(private readonly transport: CollabTransport) {}

  /** Open documents (for tests and metrics). */
  get size(): number {
    return this.docs.size;
  }

  isOpen(workspaceId: string, path: string): boolean {
    return this.docs.has(keyOf(workspaceId, path));
  }

  /** Opens (loading if needed) the document for this socket; the caller joins `room` on success. */
  async join(ctx: RequestContext, socketId: string, input: CollabRef): Promise<CollabJoined & { room: string }> {
    const access = await resolveWorkspaceAccess(ctx, input.workspaceId, "viewer", "read", "collab.join", input.path);
    const verdict = await pathAccess(ctx, access, input.path);
    const doc = await this.load(ctx, access, verdict.relative);
    const previous = doc.members.get(socketId);
    doc.members.set(socketId, {
      socketId,
      ctx,
      readOnly: verdict.readOnly,
      readOnlyCode: verdict.code,
      readOnlyReason: verdict.reason,
      checkedAt: Date.now(),
      awarenessClients: previous?.awarenessClients ?? new Set(),
    });
    const states = [...doc.awareness.getStates().keys()];
    return {
      workspaceId: doc.workspaceId,
      path: doc.path,
      room: doc.room,
      epoch: doc.epoch,
      state: Y.encodeStateAsUpdate(doc.ydoc),
      awareness: awarenessProtocol.encodeAwarenessUpdate(doc.awareness, states),
      readOnly: verdict.readOnly,
      readOnlyReason: verdict.reason,
      version: doc.version,
      language: doc.language,
      conflict: doc.conflict,
    };
  }

  private async load(ctx: RequestContext, access: WorkspaceAccess, path: string): Promise<CollabDoc> {
    const key = keyOf(access.workspace.id, path);
    const open = this.docs.get(key);
    if (open) return open;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = (async () => {
        const file = await readFile(ctx, access, { path });
        if (file.encoding !== "utf8") {
          throw new AppError("INVALID_INPUT", {
            message: `${path} is a binary file (${file.mime}); only text files are edited together. Download it instead.`,
            reason: "edit_binary_file",
          });
        }
        const doc = new CollabDoc(access.workspace.id, path, file.content, file.version, file.language);
        this.wire(doc);
        this.docs.set(key, doc);
        return doc;
      })().finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  /** Relays every change to the document's other sockets and remembers who typed. */
  private wire(doc: CollabDoc): void {
    doc.ydoc.on("update", (update: Uint8Array, origin: unknown) => {
      const from = typeof origin === "string" && doc.members.has(origin) ? origin : undefined;
      this.transport.emit(doc.room, "collab:updated", { ...doc.ref, update }, from);
    });
    doc.awareness.on("update", ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const member = typeof origin === "string" ? doc.members.get(origin) : undefined;
      if (member) {
        for (const id of [...added, ...updated]) member.awarenessClients.add(id);
        for (const id of removed) member.awarenessClients.delete(id);
      }
      const changed = [...added, ...updated, ...removed];
      const update = awarenessProtocol.encodeAwarenessUpdate(doc.awareness, changed);
      this.transport.emit(doc.room, "collab:awareness-changed", { ...doc.ref, update }, member?.socketId);
    });
  }

  private docFor(socketId: string, input: CollabRef): { doc: CollabDoc; member: Member } {
    const doc = this.docs.get(keyOf(input.workspaceId, input.path));
    const member = doc?.members.get(socketId);
    if (!doc || !member) {
      throw new AppError("NOT_FOUND", { message: `${input.path} is not open here. Open it again (collab:join).`, reason: "collab_not_joined" });
    }
    return { doc, member };
  }

  /** Re-checks a member's rights (role, key, path rules) now; returns false when it may no longer view the document. */
  private async refresh(doc: CollabDoc, member: Member): Promise<boolean> {
    try {
      const access = await resolveWorkspaceAccess(member.ctx, doc.workspaceId, "viewer", "read", "collab.join", doc.path);
      const verdict = await pathAccess(member.ctx, access, doc.path);
      const changed = verdict.readOnly !== member.readOnly;
      member.readOnly = verdict.readOnly;
      member.readOnlyCode = verdict.code;
      member.readOnlyReason = verdict.reason;
      member.checkedAt = Date.now();
      if (changed) {
        this.transport.emit(member.socketId, "collab:access-changed", {
          ...doc.ref,
          readOnly: member.readOnly,
          readOnlyReason: member.readOnlyReason,
          closed: false,
          message: member.readOnly ? (member.readOnlyReason ?? "This file is now read-only for you.") : "You can edit this file again.",
        });
      }
      return true;
    } catch (error) {
      if (!isAppError(error)) throw error;
      const message = `${doc.path} was closed: ${error.message}`;
      this.transport.emit(member.socketId, "collab:access-changed", { ...doc.ref, readOnly: true, readOnlyReason: null, closed: true, message });
      this.transport.leaveRoom(member.socketId, doc.room);
      await this.removeMember(doc, member.socketId);
      return false;
    }
  }

  /** A Yjs update from a member: refused (audited) unless the member may write this path now. */
  async update(socketId: string, input: CollabRef, update: Uint8Array): Promise<void> {
    const { doc, member } = this.docFor(socketId, input);
    if (!member.readOnly && Date.now() - member.checkedAt > PERMISSION_RECHECK_MS) {
      if (!(await this.refresh(doc, member))) this.docFor(socketId, input);
    }
    if (member.readOnly) {
      await audit.denied(member.ctx, {
        action: "collab.update",
        reason: member.readOnlyCode ?? "read_only",
        workspaceId: doc.workspaceId,
        target: doc.path,
        permission: "write",
        details: { bytes: update.byteLength },
      });
      throw new AppError("FORBIDDEN", {
        message: `${member.readOnlyReason ?? "This file is read-only for you."} Your change was not applied.`,
        reason: "read_only",
      });
    }
    try {
      Y.applyUpdate(doc.ydoc, update, socketId);
    } catch {
      throw new AppError("INVALID_INPUT", { message: "That is not a Yjs update for this document. Reopen the file.", reason: "invalid_input" });
    }
    const actor = member.ctx.actor;
    if (actor && textOf(doc.ydoc).toJSON() !== doc.lastWritten) {
      doc.authors.delete(actor.user.id);
      doc.authors.set(actor.user.id, { userId: actor.user.id, name: actor.user.name, ctx: member.ctx });
    }
    this.schedule(doc);
  }

  awareness(socketId: string, input: CollabRef, update: Uint8Array): void {
    const { doc } = this.docFor(socketId, input);
    try {
      awarenessProtocol.applyAwarenessUpdate(doc.awareness, update, socketId);
    } catch {
      throw new AppError("INVALID_INPUT", { message: "That is not an awareness update. Reopen the file.", reason: "invalid_input" });
    }
  }

  private schedule(doc: CollabDoc): void {
    if (doc.conflict && doc.conflict !== "write_failed") return;
    const now = Date.now();
    if (!doc.timer) doc.firstUnsavedAt = now;
    else clearTimeout(doc.timer);
    const wait = Math.max(0, Math.min(WRITE_DEBOUNCE_MS, doc.firstUnsavedAt + WRITE_MAX_DELAY_MS - now));
    doc.timer = setTimeout(() => {
      doc.timer = null;
      this.save(doc, "debounce").catch(() => undefined);
    }, wait);
  }

  /** Ctrl+S: writes now; the version on disk, or null when there was nothing to write. */
  async flush(socketId: string, input: CollabRef): Promise<CollabSaved | null> {
    const { doc } = this.docFor(socketId, input);
    return this.save(doc, "flush");
  }

  /** After `collab:conflicted`: keep mine writes the document back; take disk re-reads it (or closes it for everyone). */
  async resolve(socketId: string, input: CollabRef, choice: "keep_mine" | "take_disk"): Promise<CollabSaved | null> {
    const { doc, member } = this.docFor(socketId, input);
    if (choice === "keep_mine") {
      if (member.readOnly) throw new AppError("FORBIDDEN", { message: member.readOnlyReason ?? "This file is read-only for you.", reason: "read_only" });
      doc.authors.delete(member.ctx.actor!.user.id);
      doc.authors.set(member.ctx.actor!.user.id, { userId: member.ctx.actor!.user.id, name: member.ctx.actor!.user.name, ctx: member.ctx });
      return this.save(doc, "keep_mine");
    }
    const reason = doc.conflict;
    if (reason === "deleted" || reason === "binary" || reason === "too_large") {
      // The file is not text any more: nothing to follow. Everyone's editor closes (and reopens the file as it is now).
      const message = `${member.ctx.actor?.user.name ?? "Someone"} took the version on disk; ${doc.path} was closed.`;
      this.transport.emit(doc.room, "collab:access-changed", { ...doc.ref, readOnly: true, readOnlyReason: null, closed: true, message });
      for (const id of [...doc.members.keys()]) this.transport.leaveRoom(id, doc.room);
      doc.members.clear();
      this.unload(doc);
      return null;
    }
    await doc.serial(() => this.mergeFromDisk(doc, member, true));
    return null;
  }

  /** A socket closes the document; the last one out writes it back and unloads it. */
  async leave(socketId: string, input: CollabRef): Promise<void> {
    const doc = this.docs.get(keyOf(input.workspaceId, input.path));
    if (doc) await this.removeMember(doc, socketId);
  }

  /** Every document of a disconnected socket. */
  async leaveAll(socketId: string): Promise<void> {
    for (const doc of [...this.docs.values()]) if (doc.members.has(socketId)) await this.removeMember(doc, socketId);
  }

  /** The documents one socket has open. */
  openBy(socketId: string): CollabRef[] {
    return [...this.docs.values()].filter((d) => d.members.has(socketId)).map((d) => d.ref);
  }

  /** Re-checks one socket's rights on every document it has open (identity change, path rules, sweep). */
  async recheckSocket(socketId: string, ctx: RequestContext, workspaceId: string | null = null): Promise<string[]> {
    const lost: string[] = [];
    for (const doc of [...this.docs.values()]) {
      if (workspaceId !== null && doc.workspaceId !== workspaceId) continue;
      const member = doc.members.get(socketId);
      if (!member) continue;
      member.ctx = ctx;
      if (!(await this.refresh(doc, member))) lost.push(doc.workspaceId);
    }
    return lost;
  }

  private async removeMember(doc: CollabDoc, socketId: string): Promise<void> {
    const member = doc.members.get(socketId);
    if (!member) return;
    doc.members.delete(socketId);
    if (member.awarenessClients.size > 0) awarenessProtocol.removeAwarenessStates(doc.awareness, [...member.awarenessClients], "leave");
    if (doc.members.size > 0) return;
    if (!doc.conflict) await this.save(doc, "leave").catch(() => undefined);
    // Someone may have opened it again while it was being written.
    if (doc.members.size === 0) this.unload(doc);
  }

  private unload(doc: CollabDoc): void {
    if (doc.timer) clearTimeout(doc.timer);
    doc.timer = null;
    doc.unloaded = true;
    this.docs.delete(keyOf(doc.workspaceId, doc.path));
    doc.awareness.destroy();
    doc.ydoc.destroy();
    doc.written.destroy();
  }

  /** Writes the document's text if it differs from what is on disk. */
  private save(doc: CollabDoc, trigger: SaveTrigger): Promise<CollabSaved | null> {
    if (doc.timer) clearTimeout(doc.timer);
    doc.timer = null;
    return doc.serial(() => this.write(doc, trigger, 0));
  }

  private async write(doc: CollabDoc, trigger: SaveTrigger, attempt: number): Promise<CollabSaved | null> {
    if (doc.unloaded) return null;
    if (doc.conflict && doc.conflict !== "write_failed" && trigger !== "keep_mine") return null;
    const text = textOf(doc.ydoc).toJSON();
    if (text === doc.lastWritten && trigger !== "keep_mine") {
      // Nothing to write (typed and undone): still tell the editors the disk matches, so "Saving…" ends.
      if (doc.authors.size > 0) {
        this.transport.emit(doc.room, "collab:saved", { ...doc.ref, version: doc.version, size: Buffer.byteLength(text), authors: [], savedAt: new Date().toISOString() });
      }
      doc.authors.clear();
      return null;
    }
    // The text and the state it came from are taken together: typing may go on during the write.
    const candidate = cloneDoc(doc.ydoc);
    const authors = [...doc.authors.values()].reverse();
    doc.authors = new Map();
    const writer = authors[0] ?? [...doc.members.values()].find((m) => !m.readOnly);
    if (!writer) {
      candidate.destroy();
      return null;
    }
    try {
      const access = await resolveWorkspaceAccess(writer.ctx, doc.workspaceId, "editor", "write", "files.write", doc.path);
      const result = await writeFile(writer.ctx, access, { path: doc.path, content: text, ...(trigger === "keep_mine" ? {} : { ifMatch: doc.version }) });
      doc.written.destroy();
      doc.written = candidate;
      doc.lastWritten = text;
      doc.version = result.version;
      doc.conflict = null;
      const named = authors.map((a) => ({ userId: a.userId, name: a.name }));
      await audit.record(writer.ctx, { type: "collab_saved", workspaceId: doc.workspaceId, path: doc.path, version: result.version, size: result.size, authors: named, trigger });
      const saved: CollabSaved = { ...doc.ref, version: result.version, size: result.size, authors: named, savedAt: new Date().toISOString() };
      this.transport.emit(doc.room, "collab:saved", saved);
      return saved;
    } catch (error) {
      candidate.destroy();
      // Give the authors back (after anyone who typed meanwhile): the next write names them.
      const typedSince = doc.authors;
      doc.authors = new Map([...authors.reverse().map((a) => [a.userId, a] as const), ...typedSince]);
      if (isAppError(error) && error.code === "CONFLICT" && error.reason === "version_conflict" && attempt === 0) {
        // The file changed on disk before its change notice reached us: merge it first, then write.
        const reader = [...doc.members.values()][0] ?? { ctx: writer.ctx };
        await this.mergeFromDisk(doc, reader, false);
        return this.write(doc, trigger, attempt + 1);
      }
      if (isAppError(error)) {
        doc.conflict = "write_failed";
        this.transport.emit(doc.room, "collab:conflicted", {
          ...doc.ref,
          reason: "write_failed",
          message: `${doc.path} could not be saved: ${error.message}`,
          error: toErrorBody(error, "socket", "collab.write").body,
        });
      } else {
        this.log.error({ err: error, workspaceId: doc.workspaceId, path: doc.path }, "writing a shared document failed");
      }
      throw error;
    }
  }

  /** The workspace watcher's notice (in-process, from the bus): merge changed files into their open documents. */
  filesChanged(message: FilesChanged): void {
    for (const doc of this.docs.values()) {
      if (doc.workspaceId !== message.workspaceId) continue;
      const touched = message.overflow || message.changes.some((c) => c.path === doc.path || doc.path.startsWith(`${c.path}/`));
      if (!touched) continue;
      const reader = [...doc.members.values()][0];
      if (!reader) continue;
      doc.serial(() => this.mergeFromDisk(doc, reader, false)).catch((error: unknown) => {
        this.log.warn({ err: error, workspaceId: doc.workspaceId, path: doc.path }, "merging an external change failed");
      });
    }
  }

  /**
   * Reads the file; if it differs from what the document last wrote, applies the difference (old
   * written text → disk text) on top of the written state, so concurrent typing is kept. A file
   * that is gone, binary or too large puts the document in conflict and tells its editors.
   * `replace`: take the disk text as it is (the "take disk" choice), dropping unsaved typing.
   */
  private async mergeFromDisk(doc: CollabDoc, reader: Pick<Member, "ctx">, replace: boolean): Promise<void> {
    if (doc.unloaded) return;
    let conflict: CollabConflictReason | null = null;
    let file: Awaited<ReturnType<typeof readFile>> | null = null;
    try {
      const access = await resolveWorkspaceAccess(reader.ctx, doc.workspaceId, "viewer", "read", "collab.reload", doc.path);
      file = await readFile(reader.ctx, access, { path: doc.path });
      if (file.encoding !== "utf8") conflict = "binary";
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === "NOT_FOUND" || error.reason === "is_a_directory") conflict = "deleted";
      else if (error.reason === "file_too_large") conflict = "too_large";
      else throw error;
    }
    if (doc.unloaded) return;
    if (conflict || !file) {
      if (doc.conflict === conflict) return;
      doc.conflict = conflict;
      if (doc.timer) clearTimeout(doc.timer);
      doc.timer = null;
      this.transport.emit(doc.room, "collab:conflicted", { ...doc.ref, reason: conflict ?? "deleted", message: conflictMessage(conflict ?? "deleted", doc.path), error: null });
      return;
    }
    const wasConflicted = doc.conflict !== null && doc.conflict !== "write_failed";
    doc.version = file.version;
    if (replace) {
      const update = updateFor(doc.ydoc, textOf(doc.ydoc).toJSON(), file.content);
      if (update) Y.applyUpdate(doc.ydoc, update, EXTERNAL_ORIGIN);
      doc.written.destroy();
      doc.written = cloneDoc(doc.ydoc);
    } else if (file.content !== doc.lastWritten) {
      // The same update moves `written` to the disk text, so it stays the base of the next diff.
      const update = updateFor(doc.written, doc.lastWritten, file.content);
      if (update) {
        Y.applyUpdate(doc.written, update);
        Y.applyUpdate(doc.ydoc, update, EXTERNAL_ORIGIN);
      }
    }
    doc.lastWritten = file.content;
    if (replace || wasConflicted) {
      doc.conflict = null;
      doc.authors.clear();
    }
    if (textOf(doc.ydoc).toJSON() !== doc.lastWritten) this.schedule(doc);
  }

  /** Writes every open document (shutdown) and unloads them. */
  async closeAll(): Promise<void> {
    for (const doc of [...this.docs.values()]) {
      await this.save(doc, "leave").catch(() => undefined);
      this.unload(doc);
    }
  }
}
