// Session ready and exec round trip through a REAL Atrium server (production build, fresh
// database), in interleaved rounds: the REST API (HTTP) and socket.io against the `docker` CLI and
// dockerode called directly from this script on the same container. Not part of `npm test`.
//   npx tsx bench/api.bench.ts [--rounds 40] [--ready-rounds 8]
import { execFile } from "node:child_process";
import { parseArgs, promisify } from "node:util";
import Docker from "dockerode";
import { dockerOptions } from "~/server/docker/client";
import { interleaved } from "./harness";
import { containerOf, dockerodeExec, keyRing } from "./support/helpers";
import { printGroups } from "./support/report";
import { onInterrupt, startAtrium } from "./support/server";

const run = promisify(execFile);
const { values } = parseArgs({ options: { rounds: { type: "string", default: "40" }, "ready-rounds": { type: "string", default: "8" } } });
const ROUNDS = Number(values.rounds);
const READY_ROUNDS = Number(values["ready-rounds"]);
const IMAGE = process.env.ATRIUM_BENCH_IMAGE ?? "atrium/test:busybox";

async function main(): Promise<void> {
  const server = await startAtrium({ name: "bench-api" });
  const release = onInterrupt(() => server.dispose());
  try {
    const key = await keyRing(server, 4);
    const wsId = await server.workspace("bench api");
    const session = await server.ok<{ id: string }>("POST", `/workspaces/${wsId}/sessions`, {});
    const container = new Docker(dockerOptions(process.env.DOCKER_HOST)).getContainer(await containerOf(session.id));
    const socket = await server.socket();
    const socketExec = () =>
      new Promise<void>((resolve, reject) => {
        let execId = "";
        const onExit = (e: { execId: string; exitCode: number }) => {
          if (e.execId !== execId) return;
          socket.off("exec:exited", onExit);
          if (e.exitCode === 0) resolve();
          else reject(new Error(`exit ${e.exitCode}`));
        };
        socket.on("exec:exited", onExit);
        socket.emit("exec:start", { workspaceId: wsId, command: ["true"], sessionId: session.id }, (ack) => {
          if (!ack.ok) return reject(new Error(JSON.stringify(ack.error)));
          execId = ack.data.execId;
        });
      });

    const exec = await interleaved(
      {
        "Atrium REST POST /exec": async () => {
          const r = await server.rest<{ exitCode: number }>("POST", `/workspaces/${wsId}/exec`, { command: ["true"], sessionId: session.id }, { key: key() });
          if (r.status !== 200 || r.body.exitCode !== 0) throw new Error(`exec: ${r.status} ${r.text}`);
        },
        "Atrium socket.io exec:start": socketExec,
        "dockerode exec (direct)": () => dockerodeExec(container),
        "docker exec CLI": async () => void (await run("docker", ["exec", container.id, "true"])),
      },
      ROUNDS,
    );

    const stops: Promise<unknown>[] = [];
    const ready = await interleaved(
      {
        "Atrium session → first command": async () => {
          const s = await server.ok<{ id: string }>("POST", `/workspaces/${wsId}/sessions`, {}, key());
          const r = await server.rest<{ exitCode: number }>("POST", `/workspaces/${wsId}/exec`, { command: ["true"], sessionId: s.id }, { key: key() });
          if (r.status !== 200) throw new Error(`exec: ${r.status} ${r.text}`);
          stops.push(server.rest("DELETE", `/sessions/${s.id}`, undefined, { key: key() })); // removal is not part of "ready"
        },
        "docker run --rm CLI": async () => void (await run("docker", ["run", "--rm", "--network", "none", IMAGE, "true"])),
      },
      READY_ROUNDS,
    );
    await Promise.all(stops);
    socket.close();
    printGroups(
      "api",
      [
        { title: "exec round trip of `true` (one running session)", baseline: "docker exec CLI", unit: "ms", samples: exec },
        { title: "session ready: create a session, first command accepted", baseline: "docker run --rm CLI", unit: "ms", samples: ready },
      ],
      { image: IMAGE, rounds: ROUNDS, readyRounds: READY_ROUNDS },
    );
  } finally {
    await server.dispose();
    release();
  }
}

await main();
