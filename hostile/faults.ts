// Faults: SIGKILL the server in the middle of a write, an upload, a snapshot and a task, then start
// it again; kill the Docker engine under running sessions; stop PostgreSQL for 10 s. Each holds when
// no half-written file is visible, no container is orphaned, no task stays `running`, the database
// agrees with disk and engine, and the server answers clearly throughout and recovers after.
import { randomBytes } from "node:crypto";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { type Atrium, sleep } from "../bench/support/server";
import { env, eventually, type Hostile, openTerminal, query, startSession, stillUp } from "./support/context";

const OUTAGE_MS = env("HOSTILE_PG_OUTAGE_MS", 10_000);
const TEMP_MARKER = ".atrium-tmp-";

/** Resolves once `dir` (recursively) holds an entry whose name passes `test`; the kill trigger. */
async function appears(dir: string, test: (name: string) => boolean, deadlineMs = 60_000): Promise<string> {
  return eventually(
    `a file matching the trigger in ${dir}`,
    async () => {
      const names = await readdir(dir, { recursive: true }).catch((): string[] => []);
      return names.find((n) => test(path.basename(n))) ?? null;
    },
    deadlineMs,
    5,
  );
}

async function tempFilesOnDisk(root: string): Promise<number> {
  const names = await readdir(root, { recursive: true }).catch((): string[] => []);
  return names.filter((n) => path.basename(n).startsWith(TEMP_MARKER)).length;
}

/** What must be true after any crash and restart: engine, database and disk agree. */
async function consistency(h: Hostile, options: { settling?: boolean } = {}): Promise<string[]> {
  const { server, dockerd } = h;
  const problems: string[] = [];
  const rows = await query<{ id: string; containerId: string | null; status: string; young: boolean }>(
    server.databaseUrl,
    `SELECT id, "containerId", status, "createdAt" > now() - interval '75 seconds' AS young FROM "SandboxSession" WHERE status IN ('STARTING', 'RUNNING')`,
  );
  // Right after a restart, a session a crash left STARTING is still inside its grace period (another
  // process might be starting it); the final, settled check holds it to the rule.
  const settling = new Set(rows.filter((s) => options.settling && s.status === "STARTING" && s.young).map((s) => s.id));
  const live = rows.filter((s) => !settling.has(s.id));
  const { stdout } = await dockerd.docker(["ps", "-a", "--filter", `label=atrium.instance=${server.instanceId}`, "--format", '{{.ID}} {{.Label "atrium.session"}} {{.State}}']);
  const containers = stdout
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const [id, session, state] = l.split(" ");
      return { id: id!, session: session!, state: state! };
    });
  const liveIds = new Set(live.map((s) => s.id));
  for (const c of containers) {
    if (settling.has(c.session)) continue;
    if (!liveIds.has(c.session)) problems.push(`orphan container ${c.id} (session ${c.session}, ${c.state})`);
    else if (c.state !== "running") problems.push(`container ${c.id} of live session ${c.session} is ${c.state}`);
  }
  for (const s of live) {
    if (s.status === "STARTING") problems.push(`session ${s.id} stuck STARTING`);
    else if (!containers.some((c) => c.session === s.id && c.state === "running")) problems.push(`session ${s.id} RUNNING without a running container`);
  }
  const stuck = await query<{ id: string }>(server.databaseUrl, `SELECT id FROM "Task" WHERE status = 'RUNNING' AND ("workerId" IS NULL OR "heartbeatAt" < now() - interval '5 minutes')`).catch(
    () => query<{ id: string }>(server.databaseUrl, `SELECT id FROM "Task" WHERE status = 'RUNNING'`),
  );
  if (stuck.length > 0) problems.push(`${stuck.length} tasks stuck RUNNING`);
  const snaps = await query<{ id: string; path: string; sizeBytes: string }>(server.databaseUrl, `SELECT id, path, "sizeBytes"::text AS "sizeBytes" FROM "Snapshot"`);
  for (const s of snaps) {
    const st = await stat(s.path).catch(() => null);
    if (!st || String(st.size) !== s.sizeBytes) problems.push(`snapshot ${s.id}: the archive is ${st ? `${st.size} bytes, the row says ${s.sizeBytes}` : "missing"}`);
  }
  return problems;
}

/** Consistency once the server had time to settle (a session left STARTING is settled after its 60 s grace). */
async function settled(h: Hostile): Promise<string[]> {
  return eventually("a consistent state", async () => ((await consistency(h)).length === 0 ? [] : null), 120_000, 2000).catch(() => consistency(h));
}

async function restart(server: Atrium): Promise<number> {
  const t0 = performance.now();
  await server.start();
  return performance.now() - t0;
}

async function workspaceRoot(server: Atrium, id: string): Promise<string> {
  return (await server.ok<{ rootPath: string }>("GET", `/workspaces/${id}`)).rootPath;
}

async function killMidWrite(h: Hostile, wsId: string, root: string): Promise<void> {
  const { server } = h;
  const files = Array.from({ length: 12 }, (_, i) => ({ path: `crash/big${i}.txt`, content: `${i}`.repeat(3 << 20) }));
  await server.ok("POST", `/workspaces/${wsId}/files/mkdir`, { path: "crash" });
  const writes = files.map((f) => server.rest("PUT", `/workspaces/${wsId}/files/content`, f).catch(() => null));
  // A session being created at the same moment: its container must not outlive the crash as an orphan.
  const creating = server.rest("POST", `/workspaces/${wsId}/sessions`, {}).catch(() => null);
  const trigger = await appears(path.join(root, "crash"), (n) => n.startsWith(TEMP_MARKER));
  await server.kill();
  await Promise.all([...writes, creating]);
  const ms = await restart(server);
  const partial: string[] = [];
  let complete = 0;
  for (const f of files) {
    const r = await server.rest<{ content: string }>("GET", `/workspaces/${wsId}/files/content?path=${f.path}`);
    if (r.status === 404) continue;
    if (r.status === 200 && r.body.content === f.content) complete++;
    else partial.push(`${f.path}: ${r.status} ${r.status === 200 ? `${r.body.content.length} chars` : r.text.slice(0, 80)}`);
  }
  const listing = await server.ok<{ entries: { name: string }[] }>("GET", `/workspaces/${wsId}/files?path=crash`);
  const visibleTemps = listing.entries.filter((e) => e.name.startsWith(TEMP_MARKER)).length;
  const problems = [...partial, ...(visibleTemps ? [`${visibleTemps} temp files listed`] : []), ...(await consistency(h, { settling: true }))];
  h.record({
    case: "SIGKILL mid-write",
    tried: `12 concurrent 3 MiB writes + a session start; SIGKILL when ${path.basename(trigger).slice(0, 24)}… appeared`,
    held: problems.length === 0,
    detail: problems.length ? problems.slice(0, 4).join("; ") : `${complete} complete, ${files.length - complete} absent, none partial; restart ${ms.toFixed(0)} ms; ${await tempFilesOnDisk(root)} temp files left on disk (hidden)`,
  });
}

async function killMidUpload(h: Hostile, wsId: string, root: string): Promise<void> {
  const { server } = h;
  const boundary = `hostile${randomBytes(8).toString("hex")}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="upload.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent === 0) controller.enqueue(head);
      if (sent < 4) {
        controller.enqueue(randomBytes(1 << 20));
        sent++;
        return;
      }
      await held; // half an upload, then nothing more: the server is killed while it waits
      controller.close();
    },
  });
  await server.ok("POST", `/workspaces/${wsId}/files/mkdir`, { path: "up" });
  const upload = server.rest("POST", `/workspaces/${wsId}/files/upload?dir=up`, undefined, { raw: body, headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, timeoutMs: 60_000 }).catch(() => null);
  const trigger = await appears(path.join(root, "up"), (n) => n.startsWith(TEMP_MARKER));
  await server.kill();
  release();
  await upload;
  const ms = await restart(server);
  const listing = await server.ok<{ entries: { name: string }[] }>("GET", `/workspaces/${wsId}/files?path=up`);
  const problems = [...listing.entries.map((e) => `visible after the crash: up/${e.name}`), ...(await consistency(h, { settling: true }))];
  h.record({
    case: "SIGKILL mid-upload",
    tried: `multipart upload stalled after 4 MiB; SIGKILL once ${path.basename(trigger).slice(0, 24)}… was staged`,
    held: problems.length === 0,
    detail: problems.length ? problems.slice(0, 4).join("; ") : `nothing of it visible; restart ${ms.toFixed(0)} ms; ${await tempFilesOnDisk(path.join(root, "up"))} staged files left on disk (hidden)`,
  });
}

async function killMidSnapshot(h: Hostile, wsId: string): Promise<void> {
  const { server } = h;
  // Incompressible content, so packing takes long enough to be interrupted.
  for (let i = 0; i < 40; i++) await server.ok("PUT", `/workspaces/${wsId}/files/content`, { path: `snap/blob${i}.b64`, content: randomBytes(768 << 10).toString("base64") });
  const before = (await server.ok<{ items: { id: string }[] }>("GET", `/workspaces/${wsId}/snapshots`)).items.length;
  const dir = path.join(server.dataDir, "snapshots", wsId);
  const existing = new Set(await readdir(dir).catch((): string[] => []));
  const creating = server.rest("POST", `/workspaces/${wsId}/snapshots`, { label: "interrupted" }).catch(() => null);
  const trigger = await appears(path.dirname(dir), (n) => n.endsWith(".gz") || n.includes("tmp") ? !existing.has(n) : false);
  await server.kill();
  await creating;
  const ms = await restart(server);
  const list = await server.ok<{ items: { id: string; label: string }[] }>("GET", `/workspaces/${wsId}/snapshots`);
  const problems: string[] = [];
  for (const s of list.items) {
    const r = await fetch(`${server.url}/api/v1/workspaces/${wsId}/snapshots/${s.id}/download`, { headers: { authorization: `Bearer ${server.adminKey}` } });
    const bytes = (await r.arrayBuffer()).byteLength;
    if (r.status !== 200 || bytes === 0) problems.push(`snapshot ${s.label} listed but its download is ${r.status} (${bytes} bytes)`);
  }
  problems.push(...(await consistency(h, { settling: true })));
  const after = await server.rest("POST", `/workspaces/${wsId}/snapshots`, { label: "after the crash" });
  if (after.status !== 200 && after.status !== 201) problems.push(`a new snapshot after restart: ${after.status} ${after.text.slice(0, 100)}`);
  const leftovers = (await readdir(dir).catch((): string[] => [])).length - (list.items.length + 1);
  h.record({
    case: "SIGKILL mid-snapshot",
    tried: `snapshot of 40 × 1 MiB incompressible files; SIGKILL when ${trigger} appeared`,
    held: problems.length === 0,
    detail: problems.length ? problems.slice(0, 4).join("; ") : `${list.items.length - before} half snapshots listed (0 expected), a new one works; restart ${ms.toFixed(0)} ms; ${Math.max(0, leftovers)} unlisted archive files on disk`,
  });
}

async function killMidTask(h: Hostile, wsId: string): Promise<void> {
  const { server } = h;
  const spec = await server.http<{ paths: Record<string, unknown> }>("GET", "/api/v1/openapi.json", undefined, {});
  if (!spec.body.paths["/workspaces/{id}/tasks"]) {
    h.log("SIGKILL mid-task: the tasks API (POST /api/v1/workspaces/{id}/tasks) is not there yet; case left out");
    return;
  }
  const submitted = await server.ok<{ id: string }>("POST", `/workspaces/${wsId}/tasks`, { command: "echo started; sleep 600" });
  await eventually("the task running", async () => {
    const t = await server.ok<{ status: string }>("GET", `/tasks/${submitted.id}`).catch(() => null);
    return t?.status === "RUNNING";
  });
  await server.kill();
  const ms = await restart(server);
  const final = await eventually(
    "the task leaving RUNNING",
    async () => {
      const t = await server.ok<{ status: string; failureReason?: string | null }>("GET", `/tasks/${submitted.id}`);
      return t.status !== "RUNNING" ? t : null;
    },
    180_000,
    1000,
  ).catch((e: unknown) => ({ status: "RUNNING", failureReason: e instanceof Error ? e.message : String(e) }));
  const problems = [...(final.status === "RUNNING" ? ["the task stayed RUNNING"] : []), ...(await consistency(h, { settling: true }))];
  h.record({
    case: "SIGKILL mid-task",
    tried: "a running task (sleep 600); SIGKILL; restart",
    held: problems.length === 0,
    detail: problems.length ? problems.join("; ") : `task ended ${final.status}${final.failureReason ? ` (${final.failureReason})` : ""}; restart ${ms.toFixed(0)} ms`,
  });
}

async function killDockerd(h: Hostile): Promise<void> {
  const { server, dockerd } = h;
  const pid = server.pid;
  const wsId = await server.workspace("hostile dockerd");
  const sessions = [await startSession(server, wsId), await startSession(server, wsId)];
  const term = await openTerminal(server, wsId, sessions[0]!);
  const first = await server.rest<{ exitCode: number }>("POST", `/workspaces/${wsId}/exec`, { command: "true", sessionId: sessions[1] });
  if (first.status !== 200) throw new Error(`exec before the outage: ${first.status} ${first.text}`);
  await dockerd.kill();
  const problems: string[] = [];
  await sleep(1000);
  const health = await server.http<{ status: string; docker: { ok: boolean } }>("GET", "/api/health", undefined, {});
  if (health.status !== 200 || health.body.status !== "degraded") problems.push(`health during the outage: ${health.status} ${health.text.slice(0, 120)}`);
  const exec = await server.rest<{ error?: { code: string; message: string } }>("POST", `/workspaces/${wsId}/exec`, { command: "true" });
  if (exec.status !== 503) problems.push(`exec during the outage: ${exec.status} ${exec.text.slice(0, 160)}`);
  const files = await server.rest("GET", `/workspaces/${wsId}/files`);
  if (files.status !== 200) problems.push(`files during the outage: ${files.status}`);
  const terminalEnded = await eventually("the terminal ending", () => Promise.resolve(term.exited !== null || !term.socket.connected), 30_000).catch(() => false);
  if (!terminalEnded) problems.push("the open terminal was not told it ended");
  term.close();
  const down = await stillUp(server, pid);
  if (down) problems.push(down);
  await dockerd.start();
  const lost = await eventually(
    "sessions marked lost",
    async () => {
      const list = await server.ok<{ items: { id: string; status: string; stopReason: string | null }[] }>("GET", `/workspaces/${wsId}/sessions?includeStopped=true`);
      const mine = list.items.filter((s) => sessions.includes(s.id));
      return mine.length === sessions.length && mine.every((s) => s.status !== "RUNNING" && s.status !== "STARTING") ? mine : null;
    },
    120_000,
    1000,
  ).catch((e: unknown) => {
    problems.push(e instanceof Error ? e.message : String(e));
    return [];
  });
  const again = await eventually(
    "exec working again",
    async () => {
      const r = await server.rest<{ exitCode: number }>("POST", `/workspaces/${wsId}/exec`, { command: "echo back" });
      return r.status === 200 && r.body.exitCode === 0 ? r : null;
    },
    120_000,
    2000,
  ).catch((e: unknown) => void problems.push(e instanceof Error ? e.message : String(e)));
  problems.push(...(await settled(h)));
  h.record({
    case: "dockerd killed",
    tried: "SIGKILL our dockerd under 2 running sessions and a terminal; start it again",
    held: problems.length === 0 && again !== undefined,
    detail: problems.length
      ? problems.slice(0, 4).join("; ")
      : `server up; health degraded; exec 503 "${(exec.body.error?.message ?? "").slice(0, 60)}…"; sessions ${lost.map((s) => `${s.status}/${s.stopReason}`).join(", ")}; exec works after`,
  });
}

async function stopPostgres(h: Hostile): Promise<void> {
  const { server, pg } = h;
  const pid = server.pid;
  const wsId = await server.workspace("hostile postgres");
  await pg.stop();
  const t0 = performance.now();
  const seen = new Map<string, number>();
  const bad: string[] = [];
  let message = "";
  while (performance.now() - t0 < OUTAGE_MS) {
    const [rest, trpc, health] = await Promise.all([
      server.rest<{ error?: { code: string; message: string } }>("GET", `/workspaces/${wsId}`),
      server.trpc("query", "workspaces.list", {}),
      server.http("GET", "/api/health", undefined, {}),
    ]);
    for (const [door, r] of [["REST", rest], ["tRPC", trpc], ["health", health]] as const) {
      seen.set(`${door} ${r.status}`, (seen.get(`${door} ${r.status}`) ?? 0) + 1);
      if (r.status !== 503) bad.push(`${door} answered ${r.status}: ${r.text.slice(0, 120)}`);
    }
    message ||= rest.body?.error?.message ?? "";
    await sleep(1000);
  }
  await pg.start();
  const t1 = performance.now();
  const problems = [...new Set(bad)].slice(0, 3);
  await eventually("requests succeeding again", async () => {
    const [rest, trpc] = await Promise.all([server.rest("GET", `/workspaces/${wsId}`), server.trpc("query", "workspaces.list", {})]);
    return rest.status === 200 && trpc.status === 200;
  }, 60_000, 250).catch((e: unknown) => problems.push(e instanceof Error ? e.message : String(e)));
  const recovered = performance.now() - t1;
  const down = await stillUp(server, pid);
  if (down) problems.push(down);
  h.record({
    case: "PostgreSQL stopped",
    tried: `stop our PostgreSQL for ${OUTAGE_MS / 1000} s under REST, tRPC and health requests`,
    held: problems.length === 0,
    detail: problems.length ? problems.join("; ") : `${[...seen].map(([k, v]) => `${k}×${v}`).join(", ")}; "${message.slice(0, 70)}"; answering again ${recovered.toFixed(0)} ms after it returned`,
  });
}

export async function faultCases(h: Hostile): Promise<void> {
  const wsId = await h.server.workspace("hostile crashes");
  const root = await workspaceRoot(h.server, wsId);
  const cases: [string, () => Promise<void>][] = [
    ["mid-write", () => killMidWrite(h, wsId, root)],
    ["mid-upload", () => killMidUpload(h, wsId, root)],
    ["mid-snapshot", () => killMidSnapshot(h, wsId)],
    ["mid-task", () => killMidTask(h, wsId)],
    [
      "settled",
      async () => {
        const t0 = performance.now();
        const problems = await settled(h);
        if (problems.length > 0) {
          // What the server said about it, so a CI log shows why (its log file goes with the run).
          const lines = (await h.server.log()).split("\n").filter((l) => /reconcil|sandbox|session/i.test(l));
          console.error(`[hostile] server log, sandbox lines:\n${lines.slice(-30).join("\n")}`);
        }
        h.record({
          case: "after the SIGKILLs",
          tried: "containers vs sessions, tasks, snapshot rows vs archives, once every grace period is over",
          held: problems.length === 0,
          detail: problems.length ? problems.slice(0, 4).join("; ") : `consistent (waited ${((performance.now() - t0) / 1000).toFixed(0)} s for it): no orphan container, no session or task stuck, every snapshot row has its archive`,
        });
      },
    ],
    ["postgres", () => stopPostgres(h)],
    ["dockerd", () => killDockerd(h)],
  ];
  const only = process.env.HOSTILE_FAULTS?.split(",");
  for (const [name, run] of cases) {
    if (only && !only.includes(name)) continue;
    try {
      await run();
    } catch (error) {
      h.record({ case: `fault ${name}`, tried: "(the case itself)", held: false, detail: `aborted: ${error instanceof Error ? error.message : String(error)}` });
      console.error(error);
      // Leave a running server for the next case.
      if (h.server.child?.exitCode !== null || h.server.child.signalCode !== null) await h.server.start().catch(() => undefined);
    }
  }
}
