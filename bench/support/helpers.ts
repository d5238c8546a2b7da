// Small pieces several server benches share.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type Docker from "dockerode";
import type { Atrium } from "./server";

const run = promisify(execFile);

/** The container of a session, found by the label Atrium puts on it. */
export async function containerOf(sessionId: string): Promise<string> {
  const { stdout } = await run("docker", ["ps", "-q", "--filter", `label=atrium.session=${sessionId}`]);
  const id = stdout.trim().split("\n")[0];
  if (!id) throw new Error(`no container for session ${sessionId}`);
  return id;
}

export async function dockerodeExec(container: Docker.Container): Promise<void> {
  const e = await container.exec({ Cmd: ["true"], AttachStdout: true, AttachStderr: true });
  const socket = await e.start({ hijack: true, stdin: false });
  socket.resume();
  await new Promise<void>((resolve) => socket.once("close", () => resolve()));
  await e.inspect();
}

/** REST keys rotate: each key may make 600 requests a minute, which a tight loop would exceed. */
export async function keyRing(server: Atrium, n: number): Promise<() => string> {
  const keys = await Promise.all(Array.from({ length: n }, (_, i) => server.mintKey(`bench ${i}`)));
  let i = 0;
  return () => keys[i++ % keys.length]!;
}

