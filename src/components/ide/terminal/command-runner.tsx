// Runs one command at a time in a session whose preset allows no shell (strict): an argv line,
// streamed stdout/stderr, the exit code, and cancel. Nothing is expanded: no pipes, globs or `$VARS`.
"use client";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { type AtriumSocket, RealtimeError, request } from "~/components/realtime/use-socket";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import type { ExecExited, ExecStarted } from "~/server/realtime/events";
import { sessionErrorMessage } from "./errors";
import { splitArgv } from "~/lib/argv";
import { toBytes } from "./format";

/** Output kept on screen; older text scrolls away (the command's own cap is on the server). */
const KEEP_CHARS = 256 * 1024;

interface Chunk {
  stream: "stdout" | "stderr";
  text: string;
}

type RunState =
  | { phase: "idle" }
  | { phase: "starting" }
  | { phase: "running"; execId: string }
  | { phase: "done"; exit: ExecExited }
  | { phase: "failed"; message: string };

export function CommandRunner({ socket, workspaceId, sessionId, canRun }: { socket: AtriumSocket | null; workspaceId: string; sessionId: string; canRun: boolean }) {
  const [line, setLine] = useState("python3 main.py");
  const [lineError, setLineError] = useState<string | null>(null);
  const [chunks, setChunks] = useState<Chunk[]>([]);
  const [state, setState] = useState<RunState>({ phase: "idle" });
  const execIdRef = useRef<string | null>(null);
  const outputRef = useRef<HTMLPreElement>(null);

  // Socket subscriptions for whichever command is running; the execId filters out others.
  useEffect(() => {
    if (!socket) return;
    const decoder = { stdout: new TextDecoder(), stderr: new TextDecoder() };
    const onOutput = (payload: { execId: string; stream: "stdout" | "stderr"; data: Uint8Array | ArrayBuffer }) => {
      if (payload.execId !== execIdRef.current) return;
      const text = decoder[payload.stream].decode(toBytes(payload.data), { stream: true });
      setChunks((prev) => trim([...prev, { stream: payload.stream, text }]));
    };
    const onExited = (exit: ExecExited) => {
      if (exit.execId !== execIdRef.current) return;
      execIdRef.current = null;
      setState({ phase: "done", exit });
    };
    const onFailed = (payload: { execId: string; error: { code: string; message: string; reason?: string } }) => {
      if (payload.execId !== execIdRef.current) return;
      execIdRef.current = null;
      setState({ phase: "failed", message: payload.error.message });
    };
    const onDisconnect = () => {
      // The server cancels a disconnected socket's commands; say so rather than wait forever.
      if (!execIdRef.current) return;
      execIdRef.current = null;
      setState({ phase: "failed", message: "The connection dropped, so the command was cancelled. Run it again once reconnected." });
    };
    socket.on("exec:output", onOutput);
    socket.on("exec:exited", onExited);
    socket.on("exec:failed", onFailed);
    socket.on("disconnect", onDisconnect);
    return () => {
      socket.off("exec:output", onOutput);
      socket.off("exec:exited", onExited);
      socket.off("exec:failed", onFailed);
      socket.off("disconnect", onDisconnect);
    };
  }, [socket]);

  useEffect(() => {
    const el = outputRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [chunks]);

  const running = state.phase === "starting" || state.phase === "running";

  function run(event: FormEvent) {
    event.preventDefault();
    if (!socket || running) return;
    const parsed = splitArgv(line);
    if (!parsed.ok) {
      setLineError(parsed.error);
      return;
    }
    setLineError(null);
    setChunks([]);
    setState({ phase: "starting" });
    request<ExecStarted>((ack) => socket.emit("exec:start", { workspaceId, sessionId, command: parsed.argv }, ack)).then(
      (started) => {
        execIdRef.current = started.execId;
        setState((prev) => (prev.phase === "starting" ? { phase: "running", execId: started.execId } : prev));
      },
      (error: unknown) => {
        const message = error instanceof RealtimeError ? sessionErrorMessage(error.body) : "The command could not start. Try again.";
        setState({ phase: "failed", message });
      },
    );
  }

  function cancel() {
    if (!socket || state.phase !== "running") return;
    socket.emit("exec:cancel", { execId: state.execId }, () => undefined);
  }

  return (
    <div className="term-runner" aria-label="Command runner" role="region">
      <form className="term-runner-form" onSubmit={run}>
        <label className="term-runner-label" htmlFor="term-runner-input">
          Command
        </label>
        <input
          id="term-runner-input"
          className="input term-runner-input"
          value={line}
          onChange={(e) => setLine(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          disabled={!canRun}
          aria-invalid={lineError ? true : undefined}
          aria-describedby="term-runner-hint"
        />
        {running ? (
          <Button variant="danger" size="sm" onClick={cancel} disabled={state.phase !== "running"}>
            Cancel
          </Button>
        ) : (
          <Button type="submit" variant="primary" size="sm" disabled={!canRun || !socket}>
            Run
          </Button>
        )}
      </form>
      <p id="term-runner-hint" className={lineError ? "term-runner-hint term-runner-hint-error" : "term-runner-hint"}>
        {lineError ?? "Runs as argv, no shell: quotes group words; pipes, globs and $VARS need quoting to pass as text."}
      </p>
      <div className="term-runner-status" aria-live="polite">
        {state.phase === "starting" && <Badge>Starting…</Badge>}
        {state.phase === "running" && (
          <Badge tone="accent" dot>
            Running
          </Badge>
        )}
        {state.phase === "done" && <ExitBadge exit={state.exit} />}
        {state.phase === "failed" && <span className="term-runner-error">{state.message}</span>}
      </div>
      <pre ref={outputRef} className="term-runner-output" aria-label="Command output" tabIndex={0}>
        {chunks.map((c, i) => (
          <span key={i} className={c.stream === "stderr" ? "term-runner-stderr" : undefined}>
            {c.text}
          </span>
        ))}
      </pre>
    </div>
  );
}

function ExitBadge({ exit }: { exit: ExecExited }) {
  const seconds = (exit.durationMs / 1000).toFixed(1);
  if (exit.cancelled) return <Badge tone="warning">Cancelled after {seconds}s</Badge>;
  if (exit.timedOut) return <Badge tone="danger">Timed out after {seconds}s</Badge>;
  if (exit.oomKilled) return <Badge tone="danger">Out of memory (exit {exit.exitCode}): the session&apos;s memory limit was reached</Badge>;
  return (
    <span className="term-runner-exit">
      <Badge tone={exit.exitCode === 0 ? "success" : "danger"} mono>
        exit {exit.exitCode}
      </Badge>
      <span className="term-runner-duration">
        {seconds}s{exit.truncated ? " · output truncated at the limit" : ""}
      </span>
    </span>
  );
}

function trim(chunks: Chunk[]): Chunk[] {
  let total = 0;
  for (let i = chunks.length - 1; i >= 0; i--) {
    total += chunks[i]!.text.length;
    if (total > KEEP_CHARS) return chunks.slice(i + 1);
  }
  return chunks;
}
