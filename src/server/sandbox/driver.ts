// The SandboxDriver contract: what the session and exec services need from a place that runs
// commands. Docker is the real one; `local` runs child processes on the host and does not isolate.
import type { Duplex } from "node:stream";
import type { DriverName } from "./config";
import type { SandboxLimits } from "./presets";

/** A path inside the workspace to hide from processes (protected files the API refuses). */
export interface MaskedPath {
  /** Relative to the workspace root, `/`-separated. */
  relative: string;
  kind: "file" | "directory";
}

export interface SandboxSpec {
  sessionId: string;
  workspaceId: string;
  image: string;
  /** Host directory mounted at /workspace. */
  workspaceDir: string;
  readOnly: boolean;
  /** A cow session's overlay volume (access.ts), mounted at /workspace instead of `workspaceDir`. */
  workspaceVolume?: string | null;
  /** Admin-shared host folders attached to the workspace, bind-mounted at /shared/<name>. */
  sharedMounts?: readonly { name: string; hostPath: string; readOnly: boolean }[];
  limits: SandboxLimits;
  masks: readonly MaskedPath[];
  /** uid/gid the processes run as; the owner of `workspaceDir`. */
  user: { uid: number; gid: number };
}

/** One folder's result: mounted now, noexec already, or skipped (missing, not a folder, a symlink on the way). */
export interface NoExecOutcome {
  folder: string;
  result: "ok" | "already" | "skip";
  /** For "skip": the errno name, e.g. ELOOP when the folder or a parent is a symlink. */
  error?: string;
}

/** What a driver needs to find its sandbox again, also after a restart (stored on the session row). */
export interface SandboxHandle {
  driver: DriverName;
  /** Container id for docker; the session id for local. */
  id: string;
}

export interface ExecOptions {
  /** Absolute path inside the sandbox; defaults to /workspace. */
  cwd?: string;
  env?: Record<string, string>;
  stdin?: string | Buffer;
  timeoutMs: number;
  /** Cap per stream; bytes past it are read and dropped. */
  maxOutputBytes: number;
  signal?: AbortSignal;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  truncated: boolean;
  timedOut: boolean;
  /** True when the caller's AbortSignal ended the command. */
  cancelled: boolean;
  durationMs: number;
  /** The kernel OOM killer ended the command (memory limit). */
  oomKilled: boolean;
}

export interface ExecChunk {
  stream: "stdout" | "stderr";
  data: Buffer;
}

export type ExecExit = Omit<ExecResult, "stdout" | "stderr" | "truncated">;

/** Streaming exec: iterate the chunks as they come; `exit` settles once the command has ended. */
export interface ExecStream extends AsyncIterable<ExecChunk> {
  readonly exit: Promise<ExecExit>;
  /** Kills the command's process tree. */
  cancel(): void;
}

export interface TtyOptions {
  cols: number;
  rows: number;
  /** Defaults to bash when the image has it, else sh. */
  argv?: string[];
  cwd?: string;
  env?: Record<string, string>;
}

export interface Tty {
  /** Raw terminal bytes both ways. */
  stream: Duplex;
  resize(cols: number, rows: number): Promise<void>;
  close(): Promise<void>;
  /** Settles with the shell's exit code when it ends. */
  readonly exit: Promise<number>;
}

export interface SandboxStats {
  cpuPercent: number;
  memoryBytes: number;
  /** The memory cgroup's limit; null when the driver cannot tell (local). */
  memoryLimitBytes: number | null;
  /** Processes and threads in the sandbox; null when the driver cannot tell. */
  pids: number | null;
}

/** A sandbox the driver manages, as found on the engine (for reconciliation). */
export interface ManagedSandbox {
  handle: SandboxHandle;
  sessionId: string | null;
  workspaceId: string | null;
  running: boolean;
}

export interface SandboxDriver {
  readonly name: DriverName;
  /** False for `local`: the UI and API must say that commands run unconfined on the server. */
  readonly isolated: boolean;
  create(spec: SandboxSpec): Promise<SandboxHandle>;
  start(handle: SandboxHandle): Promise<void>;
  stop(handle: SandboxHandle): Promise<void>;
  /** Removes the sandbox; succeeds when it is already gone. */
  destroy(handle: SandboxHandle): Promise<void>;
  /** Whether the sandbox exists and runs; null when it is gone. */
  inspect(handle: SandboxHandle): Promise<{ running: boolean } | null>;
  /**
   * Mounts these workspace-relative folders noexec inside the running sandbox (NO_EXEC path
   * rules; noexec/apply.ts). Absent: the driver cannot enforce them (local driver).
   */
  mountNoExec?(handle: SandboxHandle, folders: readonly string[]): Promise<NoExecOutcome[]>;
  exec(handle: SandboxHandle, argv: readonly string[], options: ExecOptions): Promise<ExecResult>;
  execStream(handle: SandboxHandle, argv: readonly string[], options: Omit<ExecOptions, "maxOutputBytes">): Promise<ExecStream>;
  openTty(handle: SandboxHandle, options: TtyOptions): Promise<Tty>;
  stats(handle: SandboxHandle): Promise<SandboxStats>;
  list(): Promise<ManagedSandbox[]>;
}

export const LABELS = { managed: "atrium.managed", instance: "atrium.instance", session: "atrium.session", workspace: "atrium.workspace" } as const;

/** Exit code of a process killed by SIGKILL, as shells and Docker report it. */
export const SIGKILL_EXIT = 137;
