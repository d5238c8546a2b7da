// The socket.io contract, shared by server and browser (the client imports only these types).
// Events are `domain:verb`; requests acknowledge with Ack<T>; broadcasts are past tense.
import type { Actor } from "~/server/auth/types";
import type { AppErrorBody } from "~/server/errors";

export type Ack<T> = { ok: true; data: T } | { ok: false; error: AppErrorBody };

export interface WhoAmI {
  user: { id: string; email: string; name: string; role: "ADMIN" | "USER" };
  apiKey: { id: string; prefix: string; scopes: string[] } | null;
}

/**
 * Binary payloads: the server sends a Node Buffer; socket.io-client hands a Buffer to Node clients
 * and an ArrayBuffer to browsers (wrap it in a Uint8Array for xterm's `write`).
 */
export type Binary = Uint8Array | ArrayBuffer;

// ---- Terminals (interactive TTYs in one of the caller's sandbox sessions) ----

/** Limits the server enforces; clients can use them to chunk pastes. */
export const TERMINAL_LIMITS = { maxInputChars: 64 * 1024, minSize: 1, maxCols: 1000, maxRows: 1000 } as const;

export interface TerminalOpenInput {
  workspaceId: string;
  sessionId: string;
  cols: number;
  rows: number;
}
export interface TerminalOpened {
  terminalId: string;
  /** Always "" for a new terminal; same shape as `terminal:attach`. */
  scrollback: string;
}
export interface TerminalAttached {
  terminalId: string;
  /** The last ≤ 256 KiB of output, base64. Write it to a fresh xterm before the live output that follows. */
  scrollback: string;
  /** True for members watching a shared terminal: input and resize are refused. */
  readOnly: boolean;
  shared: boolean;
}
export interface TerminalRef {
  terminalId: string;
}
/** A live terminal the caller may attach to: their own, or another member's that is shared. */
export interface TerminalSummary {
  terminalId: string;
  sessionId: string;
  ownerUserId: string;
  /** True when the caller opened it (attach read-write); false for a shared one (read-only). */
  mine: boolean;
  shared: boolean;
  openedAt: string;
}

// ---- Streaming exec ----

export interface ExecStartInput {
  workspaceId: string;
  /** A shell string (when the session's preset allows a shell) or an argv. */
  command: string | string[];
  cwd?: string;
  env?: Record<string, string>;
  stdin?: string;
  timeoutMs?: number;
  /** Run in this session of yours; otherwise your newest running session, started if none. */
  sessionId?: string;
  preset?: string;
}
export interface ExecStarted {
  execId: string;
  sessionId: string;
}
export interface ExecExited {
  execId: string;
  exitCode: number;
  timedOut: boolean;
  /** Ended by `exec:cancel` (or the client disconnecting). */
  cancelled: boolean;
  /** Output past the per-stream cap was dropped. */
  truncated: boolean;
  oomKilled: boolean;
  durationMs: number;
}

// ---- Workspace rooms: presence, task and snapshot broadcasts ----
// A socket joins a workspace's room with `workspace:join` (viewer+); everything below is then
// pushed to it. Broadcasts carry ids and small facts; clients refetch details over tRPC.

export interface PresenceMember {
  /** One entry per socket: the same person in two tabs shows twice. */
  socketId: string;
  userId: string;
  name: string;
  email: string;
  /** The file this tab has in front, if it said (`presence:update`). */
  activePath: string | null;
  joinedAt: string;
}
export interface WorkspaceJoined {
  workspaceId: string;
  presence: PresenceMember[];
}

export type TaskStatusName = "QUEUED" | "RUNNING" | "COMPLETED" | "FAILED" | "TIMED_OUT" | "CANCELLED";
export interface TaskChanged {
  workspaceId: string;
  taskId: string;
  status: TaskStatusName;
}
export interface TaskOutput {
  taskId: string;
  stream: "stdout" | "stderr";
  data: Binary;
}
export interface TaskFollowed {
  taskId: string;
  status: TaskStatusName;
  /** What the database holds so far (the last ≤ 1 MiB per stream); live `task:output` follows. */
  stdout: string;
  stderr: string;
}

export type SnapshotOperation = "create" | "restore" | "export" | "import";
export interface SnapshotProgress {
  workspaceId: string;
  /** Stable for one operation; the tRPC mutation that started it returns the same id. */
  operationId: string;
  operation: SnapshotOperation;
  /** `receiving`: an import's upload arriving. bytes/totalBytes count tree bytes while packing, archive bytes otherwise. */
  phase: "scanning" | "receiving" | "packing" | "verifying" | "extracting" | "swapping" | "done" | "failed";
  bytes: number;
  totalBytes: number | null;
  files: number;
  totalFiles: number | null;
  snapshotId: string | null;
}

// ---- Files changing on disk (the workspace watcher) ----

/** `renamed` is never sent: inotify reports a rename as a delete and a create. */
export type FileChangeKind = "created" | "modified" | "deleted";
export interface FileChange {
  /** Workspace-relative, `/`-separated, no leading slash. */
  path: string;
  kind: FileChangeKind;
  isDirectory: boolean;
}
/**
 * What changed in a workspace's tree, from any source (editors, terminals, agents, tasks,
 * restores, git), debounced. Published to the workspace's room and, in-process, to the
 * collaborative document store, which merges external edits into open documents.
 */
export interface FilesChanged {
  workspaceId: string;
  changes: FileChange[];
  /** True when the watcher dropped events (overflow, too many at once): refetch the whole tree. */
  overflow: boolean;
}

/** A sandbox session started, failed to start or stopped (to the workspace's room). */
export interface SessionChanged {
  workspaceId: string;
  sessionId: string;
  status: "RUNNING" | "FAILED" | "STOPPED";
}

/** The workspace's measured disk usage changed (the watcher re-measures after changes it saw). */
export interface WorkspaceUsage {
  workspaceId: string;
  usageBytes: number;
  quotaBytes: number;
}

// ---- Why a terminal ended ----

/**
 * Set on `terminal:exited` when the server ended the shell on purpose, so the panel can say why
 * instead of showing a bare exit code. Absent: the shell exited by itself or was closed.
 */
export type TerminalEndReason = {
  /** A restore of this workspace gave the session a fresh container over the restored files. */
  code: "snapshot_restored";
  snapshotId: string;
  /** The snapshot's label, or its id when it has none. */
  snapshotLabel: string;
  message: string;
};

export interface TerminalExited {
  terminalId: string;
  exitCode: number;
  reason?: TerminalEndReason;
}
// ---- Co-editing (one Yjs document per open text file) ----
// A socket joins a file's document with `collab:join` (viewer+; the path guard's "read"); the
// server then relays Yjs updates and awareness between the document's sockets and writes the text
// back to disk through the file service. Updates are Yjs binary updates (v1 encoding); awareness
// payloads are y-protocols awareness updates.

/** The largest text the server co-edits (the editor's text read limit); larger files open read-only. */
export const COLLAB_LIMITS = { maxDocBytes: 5 * 1024 * 1024, maxUpdateBytes: 512 * 1024, maxDocsPerSocket: 32 } as const;

export interface CollabRef {
  workspaceId: string;
  /** Workspace-relative, as the file service names it. */
  path: string;
}
export interface CollabJoined extends CollabRef {
  /** The whole document as one Yjs update: apply it, then send your own state (`collab:update`) to merge offline edits. */
  state: Binary;
  /** The awareness states of the document's other sockets (cursors, names). */
  awareness: Binary;
  /** True for viewers and paths a rule or the protected list keeps read-only: updates are refused. */
  readOnly: boolean;
  readOnlyReason: string | null;
  /** The file version on disk the document last wrote or read. */
  version: string;
  language: string;
  /** Changes each time the server loads the document: a client holding state from another epoch merges by text. */
  epoch: string;
  /** Set while the file cannot be followed (deleted, binary, too large, a failed write): show the choices. */
  conflict: CollabConflictReason | null;
}
export interface CollabUpdate extends CollabRef {
  update: Binary;
}
export interface CollabSaved extends CollabRef {
  version: string;
  size: number;
  /** Everyone whose typing went into this write, last typist first. */
  authors: { userId: string; name: string }[];
  savedAt: string;
}
/** Why a document can no longer follow its file: the editors choose (keep mine, take disk, close). */
export type CollabConflictReason = "deleted" | "binary" | "too_large" | "write_failed";
export interface CollabConflicted extends CollabRef {
  reason: CollabConflictReason;
  message: string;
  /** For `write_failed`: the error the file service gave (quota, path rule…). */
  error: AppErrorBody | null;
}
/** What this socket may do with a document changed (role, path rule, membership). */
export interface CollabAccessChanged extends CollabRef {
  readOnly: boolean;
  readOnlyReason: string | null;
  /** The document was closed for this socket (no longer a member, or the path is now blocked). */
  closed: boolean;
  message: string;
}
export type CollabResolveChoice = "keep_mine" | "take_disk";

// ---- Live identity ----

/**
 * Sent when what this socket may do changed under it: its key was revoked or expired, its account
 * disabled or signed out (`disconnected`: the server closes the connection right after), or its
 * role in `workspaceId` was lowered or removed (it left that room; its terminals, execs and
 * followed tasks there ended; the connection stays).
 */
export interface IdentityRevoked {
  /** Stable: api_key_revoked, api_key_expired, user_disabled, signed_out, admin_demoted, member_removed, role_lowered, … */
  reason: string;
  message: string;
  workspaceId: string | null;
  disconnected: boolean;
}

export interface ClientToServerEvents {
  "session:whoami": (ack: (result: Ack<WhoAmI>) => void) => void;

  /** Opens a TTY in your own running session (editor+); this socket is attached read-write. */
  "terminal:open": (input: TerminalOpenInput, ack: (result: Ack<TerminalOpened>) => void) => void;
  /** The workspace's live terminals the caller may attach to (viewer+): theirs and shared ones. */
  "terminal:list": (input: { workspaceId: string }, ack: (result: Ack<TerminalSummary[]>) => void) => void;
  /** (Re)attaches: the owner read-write; other members read-only when the owner shared it. */
  "terminal:attach": (input: TerminalRef, ack: (result: Ack<TerminalAttached>) => void) => void;
  /** Stops receiving a terminal's output on this socket; the terminal keeps running. */
  "terminal:detach": (input: TerminalRef, ack: (result: Ack<TerminalRef>) => void) => void;
  /** Keystrokes (≤ 64 KiB per event). Owner only; a watcher gets FORBIDDEN `read_only_terminal`. */
  "terminal:input": (input: TerminalRef & { data: string }, ack?: (result: Ack<null>) => void) => void;
  "terminal:resize": (input: TerminalRef & { cols: number; rows: number }, ack: (result: Ack<null>) => void) => void;
  /** Lets the workspace's other members watch (read-only), or stops it; watchers are detached. */
  "terminal:share": (input: TerminalRef & { shared: boolean }, ack: (result: Ack<{ terminalId: string; shared: boolean }>) => void) => void;
  /** Ends the shell; every attached socket gets `terminal:exited`. */
  "terminal:close": (input: TerminalRef, ack: (result: Ack<TerminalRef>) => void) => void;

  /** Starts a command; its output follows as `exec:output`, then one `exec:exited` or `exec:failed`. */
  "exec:start": (input: ExecStartInput, ack: (result: Ack<ExecStarted>) => void) => void;
  "exec:cancel": (input: { execId: string }, ack: (result: Ack<{ execId: string }>) => void) => void;

  /** Subscribes this socket to a workspace's broadcasts (viewer+) and announces it in presence. */
  "workspace:join": (input: { workspaceId: string }, ack: (result: Ack<WorkspaceJoined>) => void) => void;
  "workspace:leave": (input: { workspaceId: string }, ack?: (result: Ack<null>) => void) => void;
  /** Which file this tab shows now (null: none); others in the room get `presence:changed`. */
  "presence:update": (input: { workspaceId: string; activePath: string | null }, ack?: (result: Ack<null>) => void) => void;

  /** Live output of one task (viewer+ of its workspace); the ack carries what is stored so far. */
  "task:follow": (input: { taskId: string }, ack: (result: Ack<TaskFollowed>) => void) => void;
  "task:unfollow": (input: { taskId: string }, ack?: (result: Ack<null>) => void) => void;

  /** Opens a file's shared document (viewer+, path guard "read"); this socket then gets its updates. */
  "collab:join": (input: CollabRef, ack: (result: Ack<CollabJoined>) => void) => void;
  /** A Yjs update (editor+, path guard "write"); a refused one is dropped, audited and acknowledged with the error. */
  "collab:update": (input: CollabUpdate, ack?: (result: Ack<null>) => void) => void;
  /** A y-protocols awareness update (cursor, selection, name); relayed to the document's other sockets. */
  "collab:awareness": (input: CollabUpdate, ack?: (result: Ack<null>) => void) => void;
  /** Ctrl+S: writes the document now and acknowledges with the version on disk. */
  "collab:flush": (input: CollabRef, ack: (result: Ack<CollabSaved | null>) => void) => void;
  /** After `collab:conflicted`: write the document back (keep mine) or reload it from disk (take disk). */
  "collab:resolve": (input: CollabRef & { choice: CollabResolveChoice }, ack: (result: Ack<CollabJoined | null>) => void) => void;
  /** Closes the document for this socket; the last one out writes it back and unloads it. */
  "collab:leave": (input: CollabRef, ack?: (result: Ack<null>) => void) => void;
}

export interface ServerToClientEvents {
  /** Sent when the server shuts down, so clients can show "reconnecting" instead of an error. */
  "server:closing": (payload: { reason: string }) => void;

  /** Raw terminal bytes, coalesced (≤ 64 KiB per event). */
  "terminal:output": (payload: { terminalId: string; data: Binary }) => void;
  /** A read-only watcher fell behind a flood and missed `droppedBytes`; re-attach to resync from scrollback. */
  "terminal:lagged": (payload: { terminalId: string; droppedBytes: number }) => void;
  "terminal:shared": (payload: { terminalId: string; shared: boolean }) => void;
  "terminal:exited": (payload: TerminalExited) => void;
  /** A terminal opened, was shared or unshared, or ended (to the workspace's room): `terminal:list` again. */
  "terminal:changed": (payload: { workspaceId: string }) => void;

  "exec:output": (payload: { execId: string; stream: "stdout" | "stderr"; data: Binary }) => void;
  "exec:exited": (payload: ExecExited) => void;
  /** The command could not run to an exit code (e.g. the session's container vanished). */
  "exec:failed": (payload: { execId: string; error: AppErrorBody }) => void;

  "presence:changed": (payload: { workspaceId: string; presence: PresenceMember[] }) => void;

  /** A task was queued, started, or ended (to the workspace's room). */
  "task:changed": (payload: TaskChanged) => void;
  /** Output of a followed task, as it is produced. */
  "task:output": (payload: TaskOutput) => void;

  "snapshot:progress": (payload: SnapshotProgress) => void;
  "snapshot:created": (payload: { workspaceId: string; snapshotId: string }) => void;
  "snapshot:deleted": (payload: { workspaceId: string; snapshotId: string }) => void;
  "snapshot:restored": (payload: { workspaceId: string; snapshotId: string; targetWorkspaceId: string }) => void;

  /** Paths in the workspace changed on disk (to the workspace's room). */
  "files:changed": (payload: FilesChanged) => void;
  /** Usage re-measured after files changed (to the workspace's room): the quota meter follows. */
  "workspace:usage": (payload: WorkspaceUsage) => void;
  "session:changed": (payload: SessionChanged) => void;

  "identity:revoked": (payload: IdentityRevoked) => void;

  /** Another socket's Yjs update (or an external edit merged from disk) for a joined document. */
  "collab:updated": (payload: CollabUpdate) => void;
  "collab:awareness-changed": (payload: CollabUpdate) => void;
  /** The document was written to disk. */
  "collab:saved": (payload: CollabSaved) => void;
  /** The file was deleted, replaced by a binary or grew too large, or a write failed: editors choose what to do. */
  "collab:conflicted": (payload: CollabConflicted) => void;
  "collab:access-changed": (payload: CollabAccessChanged) => void;
  /** A path rule was added or removed in the workspace (to the workspace's room): open documents re-check access. */
  "rules:changed": (payload: { workspaceId: string }) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  actor: Actor;
  ip: string | null;
}

export const SOCKET_PATH = "/api/socket";
