// One running atrium-fsd: spawns it, sends framed requests, matches the in-order answers. A
// helper that dies fails every pending call with UNAVAILABLE; the registry starts a new one.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { constants as osConstants } from "node:os";
import { AppError } from "~/server/errors";
import { encodeRequest, type FsdArg, type FsdOpCode, FrameSplitter, PayloadReader } from "./protocol";

const ERRNO_NAMES = new Map<number, string>(Object.entries(osConstants.errno).map(([name, value]) => [value, name]));

/** An fs-style error (`code` like ENOENT) so the file service's errno mapping applies unchanged. */
export class FsdError extends Error {
  constructor(
    readonly code: string,
    readonly errno: number,
    readonly syscall: string,
    readonly path: string,
    detail: string,
  ) {
    super(`${code}: ${detail}, ${syscall} '${path}'`);
  }
}

interface Pending {
  op: FsdOpCode;
  path: string;
  resolve: (payload: PayloadReader) => void;
  reject: (error: unknown) => void;
}

const OP_NAMES: Record<number, string> = { 1: "ping", 2: "lstat", 3: "readdir", 4: "walk", 5: "open", 6: "close", 7: "mkdir", 8: "rename", 9: "unlink", 10: "rmdir", 11: "rm", 12: "symlink", 13: "readlink", 14: "chmod", 15: "fsync" };

export class FsdProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead: Error | null = null;
  private stderr = "";
  readonly exited: Promise<void>;

  constructor(binary: string, root: string, uid: number, gid: number) {
    this.child = spawn(binary, [root, String(uid), String(gid)], { stdio: ["pipe", "pipe", "pipe"] });
    const splitter = new FrameSplitter();
    this.child.stdout.on("data", (chunk: Buffer) => {
      try {
        for (const frame of splitter.push(chunk)) this.settle(frame.status, frame.id, frame.payload);
      } catch (error) {
        this.fail(error instanceof Error ? error : new Error(String(error)));
        this.child.kill("SIGKILL");
      }
    });
    this.child.stderr.on("data", (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString("utf8")).slice(-4000);
    });
    // EPIPE on a helper that already died is reported through `exit`.
    this.child.stdin.on("error", () => undefined);
    this.exited = new Promise((resolve) => {
      this.child.once("error", (error) => {
        this.fail(error);
        resolve();
      });
      this.child.once("exit", (code, signal) => {
        const why = this.stderr.trim() || `exit ${code ?? signal}`;
        this.fail(new Error(`the confined file helper stopped (${why})`));
        resolve();
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get alive(): boolean {
    return this.dead === null;
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  call(op: FsdOpCode, args: readonly FsdArg[], path = ""): Promise<PayloadReader> {
    if (this.dead) return Promise.reject(unavailable(this.dead));
    const id = this.nextId;
    this.nextId = this.nextId >= 0xffff_ffff ? 1 : this.nextId + 1;
    const frame = encodeRequest(op, id, args);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { op, path, resolve, reject });
      this.child.stdin.write(frame);
    });
  }

  /** Closes stdin: the helper finishes what it has and exits. */
  close(): void {
    this.child.stdin.end();
  }

  kill(): void {
    this.child.kill("SIGKILL");
  }

  private settle(status: number, id: number, payload: Buffer): void {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    const reader = new PayloadReader(payload);
    if (status === 0) {
      waiting.resolve(reader);
      return;
    }
    const errno = reader.u32();
    const detail = reader.str();
    waiting.reject(new FsdError(ERRNO_NAMES.get(errno) ?? `E${errno}`, errno, OP_NAMES[waiting.op] ?? "fsd", waiting.path, detail));
  }

  private fail(error: Error): void {
    if (this.dead) return;
    this.dead = error;
    for (const waiting of this.pending.values()) waiting.reject(unavailable(error));
    this.pending.clear();
  }
}

function unavailable(cause: Error): AppError {
  return new AppError("UNAVAILABLE", {
    message: "The workspace's file helper stopped unexpectedly. Try again; if it keeps failing, an administrator should check the server log.",
    reason: "file_helper_unavailable",
    cause,
  });
}
