// The browser side of co-editing, outside React (typing must not re-render the IDE): one Y.Doc
// and awareness per open text file, kept in sync over the IDE's socket.io connection, bound to
// the file's Monaco model. Reconnects re-join every document: with the same server document
// (same epoch) the two Yjs states merge by themselves; after a server restart (new epoch) the
// offline text is merged three-way (last synced text, mine, the server's) and sent as one change.
import type * as Monaco from "monaco-editor";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import type { AtriumSocket } from "~/components/realtime/use-socket";
import { applyTextChange, mergeText, textOf } from "~/lib/collab/yjs-text";
import type { AppErrorBody } from "~/server/errors";
import type { Ack, CollabConflictReason, CollabJoined, CollabRef, CollabSaved } from "~/server/realtime/events";
import type { MonacoApi } from "../document-store";
import { CollabMonacoBinding, type CollabUser, type RemoteCursor } from "./monaco-binding";

const REMOTE = "remote";

export type CollabStatus = "joining" | "live" | "offline" | "closed" | "unavailable";

export interface CollabDocState {
  status: CollabStatus;
  readOnly: boolean;
  readOnlyReason: string | null;
  conflict: { reason: CollabConflictReason; message: string; error: AppErrorBody | null } | null;
  savedAt: string | null;
  /** I typed since the last `collab:saved` (the label says "Saving…"). */
  unsaved: boolean;
  version: string | null;
  /** A one-off message for the person (reconnected and merged, closed, refused). */
  notice: { tone: "info" | "error"; text: string; at: number } | null;
  /** Why the document is closed or could not be opened. */
  error: AppErrorBody | null;
}

interface Entry {
  path: string;
  model: Monaco.editor.ITextModel;
  /** The text the model was created from (the base for typing done before the first join). */
  loadedText: string;
  doc: Y.Doc | null;
  awareness: awarenessProtocol.Awareness | null;
  binding: CollabMonacoBinding | null;
  epoch: string | null;
  /** The text last known to be on the server with all my updates acknowledged. */
  synced: string;
  pending: number;
  live: boolean;
  editedOffline: boolean;
  state: CollabDocState;
  stop: (() => void) | null;
  /** A join is in flight; `again`: another was asked for meanwhile (run it after, once). */
  joining: boolean;
  again: boolean;
}

const initialState: CollabDocState = { status: "joining", readOnly: false, readOnlyReason: null, conflict: null, savedAt: null, unsaved: false, version: null, notice: null, error: null };

export class CollabSession {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<() => void>();
  private readonly cursorListeners = new Set<(path: string) => void>();
  private readonly editListeners = new Set<(path: string) => void>();
  private monaco: MonacoApi | null = null;
  private editor: Monaco.editor.IStandaloneCodeEditor | null = null;
  private version = 0;
  private offSocket: (() => void) | null = null;

  constructor(
    private readonly socket: AtriumSocket,
    private readonly workspaceId: string,
    private readonly user: CollabUser,
  ) {}

  /** Starts listening on the socket (an effect calls it; `stop` undoes it). */
  start(): void {
    if (this.offSocket) return;
    const socket = this.socket;
    const onConnect = () => {
      for (const entry of this.entries.values()) if (entry.state.status !== "closed") void this.join(entry);
    };
    const onDisconnect = () => {
      for (const entry of this.entries.values()) {
        entry.live = false;
        if (entry.awareness) {
          const others = [...entry.awareness.getStates().keys()].filter((id) => id !== entry.doc?.clientID);
          awarenessProtocol.removeAwarenessStates(entry.awareness, others, REMOTE);
        }
        if (entry.state.status === "live" || entry.state.status === "joining") this.set(entry, { status: "offline" });
      }
    };
    const onUpdated = (p: { workspaceId: string; path: string; update: ArrayBuffer | Uint8Array }) => {
      const entry = this.entryFor(p);
      if (!entry?.doc || !entry.live) return;
      Y.applyUpdate(entry.doc, new Uint8Array(p.update), REMOTE);
      if (entry.pending === 0) entry.synced = textOf(entry.doc).toJSON();
    };
    const onAwareness = (p: { workspaceId: string; path: string; update: ArrayBuffer | Uint8Array }) => {
      const entry = this.entryFor(p);
      if (entry?.awareness && entry.live) awarenessProtocol.applyAwarenessUpdate(entry.awareness, new Uint8Array(p.update), REMOTE);
    };
    const onSaved = (p: CollabSaved) => {
      const entry = this.entryFor(p);
      if (entry) this.set(entry, { savedAt: p.savedAt, unsaved: false, version: p.version, conflict: entry.state.conflict?.reason === "write_failed" ? null : entry.state.conflict });
    };
    const onConflicted = (p: CollabRef & { reason: CollabConflictReason; message: string; error: AppErrorBody | null }) => {
      const entry = this.entryFor(p);
      if (entry) this.set(entry, { conflict: { reason: p.reason, message: p.message, error: p.error } });
    };
    const onAccess = (p: CollabRef & { readOnly: boolean; readOnlyReason: string | null; closed: boolean; message: string }) => {
      const entry = this.entryFor(p);
      if (!entry) return;
      if (p.closed) {
        this.teardown(entry);
        this.set(entry, { status: "closed", error: { code: "FORBIDDEN", message: p.message }, notice: { tone: "error", text: p.message, at: Date.now() } });
      } else this.set(entry, { readOnly: p.readOnly, readOnlyReason: p.readOnlyReason, notice: { tone: "info", text: p.message, at: Date.now() } });
    };
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("collab:updated", onUpdated);
    socket.on("collab:awareness-changed", onAwareness);
    socket.on("collab:saved", onSaved);
    socket.on("collab:conflicted", onConflicted);
    socket.on("collab:access-changed", onAccess);
    this.offSocket = () => {
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("collab:updated", onUpdated);
      socket.off("collab:awareness-changed", onAwareness);
      socket.off("collab:saved", onSaved);
      socket.off("collab:conflicted", onConflicted);
      socket.off("collab:access-changed", onAccess);
    };
  }

  private entryFor(ref: { workspaceId: string; path: string }): Entry | undefined {
    return ref.workspaceId === this.workspaceId ? this.entries.get(ref.path) : undefined;
  }

  // ---- React's view of it (useSyncExternalStore) ----

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  getVersion = (): number => this.version;

  state(path: string): CollabDocState | null {
    return this.entries.get(path)?.state ?? null;
  }

  paths(): string[] {
    return [...this.entries.keys()];
  }

  model(path: string): Monaco.editor.ITextModel | null {
    return this.entries.get(path)?.model ?? null;
  }

  /** Forgets the one-off notice (the person dismissed it). */
  dismiss(path: string): void {
    const entry = this.entries.get(path);
    if (entry?.state.notice) this.set(entry, { notice: null });
  }

  isShared(path: string): boolean {
    const s = this.entries.get(path)?.state.status;
    return s === "live" || s === "offline" || s === "joining";
  }

  private set(entry: Entry, patch: Partial<CollabDocState>): void {
    entry.state = { ...entry.state, ...patch };
    this.version++;
    for (const l of [...this.listeners]) l();
  }

  /** Called whenever a remote cursor moves in `path` (follow mode). */
  onCursors(listener: (path: string) => void): () => void {
    this.cursorListeners.add(listener);
    return () => this.cursorListeners.delete(listener);
  }
  /** Called when this person types in `path` (follow mode stops). */
  onLocalEdit(listener: (path: string) => void): () => void {
    this.editListeners.add(listener);
    return () => this.editListeners.delete(listener);
  }

  cursors(path: string): RemoteCursor[] {
    return this.entries.get(path)?.binding?.remoteCursors() ?? [];
  }

  // ---- Documents ----

  attach(monaco: MonacoApi, editor: Monaco.editor.IStandaloneCodeEditor): void {
    this.monaco = monaco;
    this.editor = editor;
    for (const entry of this.entries.values()) this.bind(entry);
  }

  detach(): void {
    for (const entry of this.entries.values()) {
      entry.binding?.destroy();
      entry.binding = null;
    }
    this.editor = null;
  }

  /** Starts sharing a file whose model holds `loadedText` (what files.read returned). */
  open(path: string, model: Monaco.editor.ITextModel, loadedText: string): void {
    const existing = this.entries.get(path);
    if (existing && existing.model === model && existing.state.status !== "closed") return;
    if (existing) this.close(path);
    const entry: Entry = {
      path,
      model,
      loadedText,
      doc: null,
      awareness: null,
      binding: null,
      epoch: null,
      synced: loadedText,
      pending: 0,
      live: false,
      editedOffline: false,
      state: initialState,
      stop: null,
      joining: false,
      again: false,
    };
    this.entries.set(path, entry);
    this.set(entry, {});
    if (this.socket.connected) void this.join(entry);
    else this.set(entry, { status: "offline" });
  }

  /** Redraws the cursors of the file now in front. */
  shown(path: string | null): void {
    if (path) this.entries.get(path)?.binding?.refresh();
  }

  private async join(entry: Entry): Promise<void> {
    if (entry.joining) {
      entry.again = true;
      return;
    }
    entry.joining = true;
    try {
      await this.joinOnce(entry);
    } finally {
      entry.joining = false;
    }
    if (entry.again && this.entries.get(entry.path) === entry && this.socket.connected) {
      entry.again = false;
      await this.join(entry);
    }
  }

  private async joinOnce(entry: Entry): Promise<void> {
    const ref = { workspaceId: this.workspaceId, path: entry.path };
    const result = await new Promise<Ack<CollabJoined>>((resolve) => this.socket.emit("collab:join", ref, resolve));
    if (this.entries.get(entry.path) !== entry) return;
    if (!result.ok) {
      // Not shared (binary, too large, no access): the editor falls back to load-and-save.
      this.teardown(entry);
      this.set(entry, { status: "unavailable", error: result.error });
      return;
    }
    const joined = result.data;
    const state = new Uint8Array(joined.state as ArrayBuffer);
    const hadDoc = entry.doc !== null;
    let merged = false;
    if (entry.doc && entry.epoch === joined.epoch) {
      // Same server document: Yjs merges both ways (my offline updates go up as one update).
      Y.applyUpdate(entry.doc, state, REMOTE);
      // Whatever the server lacks goes up: offline typing, and updates lost in flight when the
      // connection dropped or refused on the way (their acknowledgements never count any more).
      const mine = Y.encodeStateAsUpdate(entry.doc, Y.encodeStateVectorFromUpdate(state));
      entry.live = true;
      entry.pending = 0;
      if (mine.byteLength > 2) this.send(entry, mine);
      merged = entry.editedOffline;
    } else {
      const fresh = new Y.Doc();
      Y.applyUpdate(fresh, state, REMOTE);
      const theirs = textOf(fresh).toJSON();
      const ours = entry.doc ? textOf(entry.doc).toJSON() : entry.model.getValue();
      const base = entry.doc ? entry.synced : entry.loadedText;
      const text = mergeText(base, ours, theirs);
      this.teardown(entry);
      entry.doc = fresh;
      entry.epoch = joined.epoch;
      entry.awareness = new awarenessProtocol.Awareness(fresh);
      entry.awareness.setLocalStateField("user", this.user);
      this.wire(entry);
      entry.live = true;
      this.bind(entry);
      if (text !== theirs) {
        applyTextChange(textOf(fresh), theirs, text, "merge");
        merged = hadDoc;
      }
    }
    if (entry.awareness) {
      awarenessProtocol.applyAwarenessUpdate(entry.awareness, new Uint8Array(joined.awareness as ArrayBuffer), REMOTE);
      // Announce myself again (the server dropped my state when the old connection went).
      const me = entry.awareness.getLocalState();
      entry.awareness.setLocalState({ ...me });
    }
    entry.editedOffline = false;
    if (entry.pending === 0 && entry.doc) entry.synced = textOf(entry.doc).toJSON();
    this.set(entry, {
      status: "live",
      readOnly: joined.readOnly,
      readOnlyReason: joined.readOnlyReason,
      version: joined.version,
      conflict: joined.conflict ? { reason: joined.conflict, message: `${entry.path} cannot follow its file on disk (${joined.conflict.replace("_", " ")}).`, error: null } : null,
      error: null,
      notice: merged ? { tone: "info", text: "Reconnected — your offline edits were merged.", at: Date.now() } : entry.state.notice,
    });
  }

  private wire(entry: Entry): void {
    const doc = entry.doc!;
    const awareness = entry.awareness!;
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      if (!entry.state.unsaved) this.set(entry, { unsaved: true });
      if (!entry.live || !this.socket.connected) {
        entry.editedOffline = true;
        return;
      }
      this.send(entry, update);
    };
    const onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin === REMOTE) {
        for (const l of [...this.cursorListeners]) l(entry.path);
        return;
      }
      if (!entry.live || !this.socket.connected) return;
      const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [...added, ...updated, ...removed]);
      this.socket.emit("collab:awareness", { workspaceId: this.workspaceId, path: entry.path, update });
    };
    doc.on("update", onUpdate);
    awareness.on("update", onAwareness);
    entry.stop = () => {
      doc.off("update", onUpdate);
      awareness.off("update", onAwareness);
    };
  }

  private send(entry: Entry, update: Uint8Array): void {
    entry.pending++;
    this.socket.emit("collab:update", { workspaceId: this.workspaceId, path: entry.path, update }, (result) => {
      entry.pending--;
      if (!result.ok) {
        if (result.error.reason === "read_only") {
          this.set(entry, { notice: { tone: "error", text: result.error.message, at: Date.now() }, readOnly: true });
        } else if (this.socket.connected) {
          // Not joined any more, or refused on the way (a re-check that could not reach the
          // database, a budget): the update did not land. Re-joining sends everything the server lacks.
          void this.join(entry);
        }
      }
      if (entry.pending === 0 && entry.doc) entry.synced = textOf(entry.doc).toJSON();
    });
  }

  private bind(entry: Entry): void {
    if (entry.binding || !entry.doc || !entry.awareness || !this.monaco || !this.editor || entry.model.isDisposed()) return;
    entry.binding = new CollabMonacoBinding(this.monaco, textOf(entry.doc), entry.model, this.editor, entry.awareness, () => {
      for (const l of [...this.editListeners]) l(entry.path);
    });
  }

  private teardown(entry: Entry): void {
    entry.binding?.destroy();
    entry.binding = null;
    entry.stop?.();
    entry.stop = null;
    entry.awareness?.destroy();
    entry.awareness = null;
    entry.doc?.destroy();
    entry.doc = null;
    entry.live = false;
  }

  /** Ctrl+S: the server writes now and answers with the version (null: nothing to write). */
  flush(path: string): Promise<Ack<CollabSaved | null>> {
    return new Promise((resolve) => this.socket.emit("collab:flush", { workspaceId: this.workspaceId, path }, resolve));
  }

  /** The conflict choices: keep mine writes my text back; take disk re-reads the file (or closes it when it is not text). */
  async resolve(path: string, choice: "keep_mine" | "take_disk"): Promise<Ack<unknown>> {
    const entry = this.entries.get(path);
    const result = await new Promise<Ack<CollabJoined | null>>((resolve) => this.socket.emit("collab:resolve", { workspaceId: this.workspaceId, path, choice }, resolve));
    if (entry && result.ok) this.set(entry, { conflict: null });
    return result;
  }

  close(path: string): void {
    const entry = this.entries.get(path);
    if (!entry) return;
    this.teardown(entry);
    this.entries.delete(path);
    if (this.socket.connected && entry.state.status !== "closed" && entry.state.status !== "unavailable") {
      this.socket.emit("collab:leave", { workspaceId: this.workspaceId, path });
    }
    this.version++;
    for (const l of [...this.listeners]) l();
  }

  /** Closes every document and stops listening. */
  stop(): void {
    for (const path of [...this.entries.keys()]) this.close(path);
    this.offSocket?.();
    this.offSocket = null;
  }
}
