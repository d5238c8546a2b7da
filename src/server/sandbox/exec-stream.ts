// Streaming exec for the socket layer: the same session choice, cwd rule, timeout cap and command
// policy as `exec` (reused from exec.ts), but the output comes back as the driver's ExecStream.
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { AppError } from "~/server/errors";
import { execOutcome, metrics, outcomeOf } from "~/server/observability/metrics";
import type { ExecStream } from "./driver";
import { type ExecInput, prepareExec, startFor } from "./exec";
import { driverFor, sandboxSettings } from "./service";
import { type ActorContext, handleOf, touchSession } from "./sessions";

export interface StreamingExec {
  sessionId: string;
  stream: ExecStream;
  /** Bytes per stream the caller should forward; past it, drop and report `truncated`. */
  maxOutputBytes: number;
}

export async function execStreamFor(ctx: ActorContext, access: WorkspaceAccess, raw: ExecInput): Promise<StreamingExec> {
  // Timed until the command ends (or is refused), like `exec`.
  const end = metrics().execDuration.startTimer({ door: ctx.channel });
  try {
    const started = await startStream(ctx, access, raw);
    started.stream.exit.then(
      (exit) => end({ outcome: execOutcome(exit) }),
      (error: unknown) => end({ outcome: outcomeOf(error) }),
    );
    return started;
  } catch (error) {
    end({ outcome: outcomeOf(error) });
    throw error;
  }
}

async function startStream(ctx: ActorContext, access: WorkspaceAccess, raw: ExecInput): Promise<StreamingExec> {
  const { target, argv, options } = await prepareExec(ctx, access, raw);
  const session = target.session ?? (await startFor(ctx, access, target.preset));
  const handle = handleOf(session);
  if (!handle) throw new AppError("CONFLICT", { message: "This session has no sandbox yet. Try again in a moment.", reason: "session_not_running" });
  // The engine reports a vanished container through `stream.exit`, after the command was accepted;
  // unlike `exec`, a stream that already reached the caller is not retried in a new session.
  const stream = await driverFor(handle.driver).execStream(handle, argv, options);
  await touchSession(session.id);
  return { sessionId: session.id, stream, maxOutputBytes: sandboxSettings().maxOutputBytes };
}
