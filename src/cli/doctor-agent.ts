// `atrium doctor`'s exec-agent checks: the static binary is built, newer than its source and speaks
// this server's protocol, and the runtime image runs it (a throwaway container, no network, that
// must answer one command through the agent). Like the rest of doctor, it only looks: no build.
import { constants } from "node:fs";
import { access, readFile, stat } from "node:fs/promises";
import type Docker from "dockerode";
import { AGENT_LABEL, AGENT_PATH, AGENT_PROTOCOL_VERSION, AgentConnection } from "~/server/sandbox/agent-client";
import { agentBinaryPath, agentSourcePath } from "~/server/sandbox/agent-build";
import type { CheckResult } from "./doctor-report";

const BUILD_FIX = "build it with `npm run agent` (needs gcc and libc6-dev; `npm start` and `npm run images` build it too); a running server picks it up for the next session";
const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").trim();

export interface AgentBinaryStatus {
  check: CheckResult;
  /** The binary to try in the runtime image: set when it exists and is executable. */
  binary: string | null;
}

/** The protocol version the C source declares; must equal the server's. */
export function sourceProtocolVersion(source: string): number | null {
  const m = /^#define AGENT_PROTOCOL_VERSION (\d+)\s*$/m.exec(source);
  return m ? Number(m[1]) : null;
}

export async function checkAgentBinary(override: string | undefined): Promise<AgentBinaryStatus> {
  const label = "exec agent";
  const binary = agentBinaryPath(override);
  const without = "sandboxes run every command as a Docker exec (slower, same results)";
  const info = await stat(binary).catch(() => null);
  if (!info) return { binary: null, check: { label, ok: false, required: false, detail: `not built (${binary}): ${without}`, fix: BUILD_FIX } };
  try {
    await access(binary, constants.X_OK);
  } catch {
    return { binary: null, check: { label, ok: false, required: false, detail: `${binary} is not executable: ${without}`, fix: `chmod +x it, or ${BUILD_FIX}` } };
  }
  const sourceFile = agentSourcePath();
  const source = await readFile(sourceFile, "utf8").catch(() => null);
  const sourceTime = (await stat(sourceFile).catch(() => null))?.mtimeMs ?? null;
  const declared = source === null ? null : sourceProtocolVersion(source);
  if (declared !== null && declared !== AGENT_PROTOCOL_VERSION) {
    return {
      binary: null,
      check: { label, ok: false, required: false, detail: `the source speaks protocol ${declared}, this server ${AGENT_PROTOCOL_VERSION}`, fix: "the checkout is inconsistent: update it (git status, git pull) and rebuild with `npm run agent -- --force`" },
    };
  }
  // An installation without the sources (ATRIUM_AGENT_BINARY from a package) has nothing to compare.
  if (sourceTime !== null && info.mtimeMs < sourceTime) {
    return {
      binary,
      check: { label, ok: false, required: false, detail: `${binary} is older than ${sourceFile}: new sessions would run the old agent`, fix: "rebuild it with `npm run agent` (the next session uses it, no restart)" },
    };
  }
  return { binary, check: { label, ok: true, required: false, detail: `${binary} (protocol ${AGENT_PROTOCOL_VERSION}, built ${info.mtime.toISOString().slice(0, 16).replace("T", " ")})` } };
}

/**
 * Starts the agent in the runtime image the way the Docker driver does (bind-mounted read-only,
 * under docker-init, as the sandbox uid, no network) and runs `true` through it.
 */
export async function checkAgentInImage(client: Docker, image: string, binary: string, uid: number, gid: number): Promise<CheckResult> {
  const label = "agent in image";
  const fix = `check that ${image} runs on this host (\`docker run --rm ${image} true\`); rebuild it with \`npm run images -- --only runtime --force\`, or ${BUILD_FIX}`;
  let container: Docker.Container | null = null;
  let connection: AgentConnection | null = null;
  try {
    container = await client.createContainer({
      name: `atrium-doctor-${process.pid}-${Date.now()}`,
      Image: image,
      Entrypoint: [],
      Cmd: [AGENT_PATH],
      OpenStdin: true,
      StdinOnce: false,
      Tty: false,
      User: `${uid}:${gid}`,
      Labels: { [AGENT_LABEL]: "1", "atrium.doctor": "1" },
      // AutoRemove: should doctor die before its own cleanup, the agent exits at stdin's EOF and Docker removes it.
      HostConfig: { AutoRemove: true, Init: true, NetworkMode: "none", ReadonlyRootfs: true, CapDrop: ["ALL"], Mounts: [{ Type: "bind", Source: binary, Target: AGENT_PATH, ReadOnly: true }] },
    });
    await container.start();
    const started = performance.now();
    connection = await AgentConnection.attach(container);
    const result = await connection.run(["true"], { timeoutMs: 10_000, maxOutputBytes: 4096 });
    const ms = Math.round(performance.now() - started);
    if (result.exitCode !== 0) return { label, ok: false, required: false, detail: `${image}: \`true\` exited ${result.exitCode} through the agent (${result.stderr.trim()})`, fix };
    return { label, ok: true, required: false, detail: `${image} runs the agent (protocol ${AGENT_PROTOCOL_VERSION}; attach and one command in ${ms} ms)` };
  } catch (error) {
    return { label, ok: false, required: false, detail: `${image} did not run the agent: ${message(error)}`, fix };
  } finally {
    connection?.close(new Error("doctor is done"));
    await container?.remove({ force: true }).catch(() => undefined);
  }
}
