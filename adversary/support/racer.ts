// The racer (racer.c) built static on the host and run inside a real sandbox session of the
// workspace, started through Atrium's own sandbox service: the attacker is a member with a
// terminal, nothing more. Paths given to it are as the container sees them (/workspace/...);
// symlink texts are host paths (they dangle inside the container, a server on the host follows them).
import { execFile } from "node:child_process";
import { chmod, chown, copyFile, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { env } from "~/env";
import type { Caller } from "~/server/workspaces/test-helpers";

const run = promisify(execFile);

/** Where the racer sits inside the container. */
export const RACER = "/workspace/.racer/racer";

let built: Promise<string> | null = null;

/** Compiles adversary/support/racer.c once per test process (gcc -static -O2). */
export function buildRacer(): Promise<string> {
  built ??= (async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "atrium-racer-"));
    const out = path.join(dir, "racer");
    try {
      await run("gcc", ["-static", "-O2", "-o", out, path.join(import.meta.dirname, "racer.c")]);
    } catch (error) {
      throw new Error(`Building the racer failed; the race tests need gcc with a static libc (apt-get install -y gcc libc6-dev), as the exec agent does: ${String(error)}`);
    }
    return out;
  })();
  return built;
}

/** Copies the racer into `<root>/.racer/racer`, owned by `owner` (the sandbox's uid) and executable. */
export async function installRacer(root: string, owner: { uid: number; gid: number }): Promise<void> {
  const binary = await buildRacer();
  const dir = path.join(root, ".racer");
  await mkdir(dir, { recursive: true });
  await copyFile(binary, path.join(dir, "racer"));
  await chmod(path.join(dir, "racer"), 0o755);
  await chmod(dir, 0o755);
  await chown(dir, owner.uid, owner.gid);
  await chown(path.join(dir, "racer"), owner.uid, owner.gid);
}

export async function removeRacerBuild(): Promise<void> {
  if (!built) return;
  const binary = await built.catch(() => null);
  built = null;
  if (binary) await rm(path.dirname(binary), { recursive: true, force: true });
}

/** The uid sandboxes run as: ATRIUM_SANDBOX_UID once the branch has it, else the images' user (a managed root is handed to it at session start). */
export function sandboxUid(): number {
  const configured: unknown = (env() as Record<string, unknown>).ATRIUM_SANDBOX_UID;
  if (typeof configured === "number") return configured;
  if (typeof configured === "string" && /^\d+$/.test(configured)) return Number(configured);
  return 1000;
}

export interface RacerRun {
  /** Resolves when the racer ends (its time limit), with its summary line. */
  done: Promise<{ exitCode: number; stdout: string; stderr: string; exchanges: number }>;
}

/**
 * Starts `racer <args>` for `seconds` in the caller's sandbox session of `workspaceId` (started on
 * the first exec), without waiting for it. The exec's timeout leaves room for a slow start.
 */
export function startRacer(caller: Caller, workspaceId: string, args: string[], seconds: number): RacerRun {
  const done = caller.sandbox
    .exec({ workspaceId, command: [RACER, ...args, String(seconds)], timeoutMs: Math.round(seconds * 1000) + 60_000 })
    .then((r) => ({ exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, exchanges: Number(/(\d+) exchanges/.exec(r.stdout)?.[1] ?? "0") }));
  // Nobody may be awaiting yet: keep a rejection from being reported as unhandled before then.
  done.catch(() => undefined);
  return { done };
}

/** Waits until a racer has planted its link(s) in `hostDir` (names containing `.racer-`), so the race has begun; fails if the racer ends first. */
export async function racerStarted(hostDir: string, run: RacerRun, timeoutMs = 30_000): Promise<void> {
  // An object, not a `let`: the callbacks set it and TypeScript must not narrow it to null.
  const state: { ended: string | null } = { ended: null };
  void run.done.then(
    (r) => (state.ended = `exit ${r.exitCode}: ${r.stderr || r.stdout}`),
    (e: unknown) => (state.ended = String(e)),
  );
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if ((await readdir(hostDir).catch(() => [] as string[])).some((n) => n.includes(".racer-"))) return;
    if (state.ended !== null) throw new Error(`the racer ended before it started in ${hostDir} (${state.ended})`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the racer did not start in ${hostDir} within ${timeoutMs} ms`);
}

/** What one raced call came to: fine, a typed refusal (fine during a race), or a 500 (never fine). */
export type Outcome = { kind: "ok" } | { kind: "refused"; why: string } | { kind: "internal"; why: string };

/** A tRPC call's outcome: INTERNAL_SERVER_ERROR is what the HTTP door answers with 500. */
export async function trpcOutcome(call: Promise<unknown>): Promise<Outcome> {
  try {
    await call;
    return { kind: "ok" };
  } catch (error) {
    const e = error as { code?: string; message?: string; cause?: { reason?: string } };
    if (e.code === "INTERNAL_SERVER_ERROR" || e.code === undefined) return { kind: "internal", why: `${e.code ?? "thrown"}: ${e.message ?? String(error)}` };
    return { kind: "refused", why: `${e.code}/${e.cause?.reason ?? "?"}` };
  }
}

/** An HTTP handler's outcome from its status (the body is the caller's to read first). */
export function httpOutcome(status: number, body: string): Outcome {
  if (status < 400) return { kind: "ok" };
  if (status >= 500) return { kind: "internal", why: `${status}: ${body.slice(0, 300)}` };
  return { kind: "refused", why: `${status}: ${/"reason":"([^"]+)"/.exec(body)?.[1] ?? body.slice(0, 80)}` };
}

export interface RaceTally {
  calls: number;
  ok: number;
  refused: Record<string, number>;
  internal: string[];
}

/** Calls `call(i)` one after another until `seconds` pass or `maxCalls` calls were made. */
export async function raceCalls(seconds: number, maxCalls: number, call: (i: number) => Promise<Outcome>): Promise<RaceTally> {
  const tally: RaceTally = { calls: 0, ok: 0, refused: {}, internal: [] };
  const until = Date.now() + seconds * 1000;
  for (let i = 0; i < maxCalls && Date.now() < until; i++) {
    const outcome = await call(i);
    tally.calls++;
    if (outcome.kind === "ok") tally.ok++;
    else if (outcome.kind === "refused") tally.refused[outcome.why] = (tally.refused[outcome.why] ?? 0) + 1;
    else tally.internal.push(outcome.why);
  }
  return tally;
}

/** Reads a response body to its end, or as far as it goes: a stream that fails after the headers (a packer error mid-way) yields what it sent. */
export async function readBody(res: Response): Promise<{ body: Buffer; aborted: boolean }> {
  const chunks: Buffer[] = [];
  if (!res.body) return { body: Buffer.alloc(0), aborted: false };
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { body: Buffer.concat(chunks), aborted: false };
      chunks.push(Buffer.from(value));
    }
  } catch {
    return { body: Buffer.concat(chunks), aborted: true };
  }
}

/** The outcome of a streamed answer: its status, or "aborted" when it broke after a 2xx header (a client gets a cut archive, not a 500). */
export function streamOutcome(res: Response, read: { body: Buffer; aborted: boolean }): Outcome {
  if (read.aborted && res.status < 400) return { kind: "refused", why: `${res.status} then aborted` };
  return httpOutcome(res.status, read.body.toString("utf8"));
}
