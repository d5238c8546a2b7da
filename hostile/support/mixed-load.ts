// One round of the mixed load that once grew the server to 2 GB (issue 13, "Memory"), scaled to a
// minute or two on two cores: REST file calls from many keys, MCP clients (the official SDK; some
// sessions closed with DELETE, most abandoned), socket.io clients (join rooms, open and close
// terminals, vanish without a goodbye) and a few sandboxes started and stopped. Used by the memory
// soak (hostile/memory.ts) and the diagnosis bench (bench/memory.bench.ts).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Ack, TerminalOpened } from "~/server/realtime/events";
import type { Atrium, ClientSocket } from "../../bench/support/server";
import { env } from "./context";

/** Defaults sized for the soak (about a minute a round on 2 busy cores); the bench passes bigger ones. */
export const MIXED = {
  /** API keys doing REST file calls at once (one request in flight each). */
  keys: env("MEMORY_KEYS", 16),
  /** REST file calls per key per round. */
  restPerKey: env("MEMORY_REST_PER_KEY", 60),
  /** MCP sessions per round (one in three is closed with DELETE, the rest are abandoned). */
  mcpSessions: env("MEMORY_MCP_SESSIONS", 24),
  /** socket.io clients per round. */
  sockets: env("MEMORY_SOCKETS", 24),
  /** Sandbox sessions per round (half for each of two people; stopped at the end of the round). */
  sandboxes: env("MEMORY_SANDBOXES", 4),
  workspaces: 4,
};

export interface MixedFixture {
  workspaces: string[];
  keys: string[];
  /** Two people (their API keys) who own the sandboxes and terminals. */
  people: string[];
}

export interface RoundCounts {
  rest: number;
  restFailed: number;
  mcpCalls: number;
  mcpFailed: number;
  /** Greps refused with 429 because one person (all keys are the admin's) had 4 running: by design, not a failure. */
  limited: number;
  sockets: number;
  terminals: number;
  socketFailed: number;
  sandboxes: number;
  firstError: string | null;
}

const CONTENT = (k: number, n: number) => `key ${k} call ${n} ${"lorem ipsum dolor sit amet ".repeat(40)}\n`.repeat(4);

export async function prepareMixedLoad(server: Atrium, log: (line: string) => void): Promise<MixedFixture> {
  const second = await server.user("memory-second@bench.atrium.test");
  const workspaces: string[] = [];
  for (let i = 0; i < MIXED.workspaces; i++) {
    const id = await server.workspace(`memory ${i}`);
    workspaces.push(id);
    const invited = await server.trpc("mutation", "members.invite", { workspaceId: id, email: "memory-second@bench.atrium.test", role: "editor" });
    if (invited.status !== 200) throw new Error(`members.invite: ${invited.status} ${invited.text.slice(0, 200)}`);
    for (let f = 0; f < 20; f++) await server.ok("PUT", `/workspaces/${id}/files/content`, { path: `seed/s${f}.txt`, content: CONTENT(-1, f) });
  }
  const keys = await Promise.all(Array.from({ length: MIXED.keys }, (_, i) => server.mintKey(`memory ${i}`)));
  log(`mixed load: ${MIXED.workspaces} workspaces, ${keys.length} keys`);
  return { workspaces, keys, people: [server.adminKey, second] };
}

/** REST file calls from every key at once: write, read, list, stat-like listing of one file, grep. */
async function restLoad(server: Atrium, fx: MixedFixture, counts: RoundCounts, round: number): Promise<void> {
  await Promise.all(
    fx.keys.map(async (key, k) => {
      const ws = fx.workspaces[k % fx.workspaces.length]!;
      for (let n = 0; n < MIXED.restPerKey; n++) {
        const file = `k${k}/f${n % 10}.txt`;
        const q = (p: string) => encodeURIComponent(p);
        const op = n % 6;
        const r =
          op === 0 || op === 3
            ? await server.rest("PUT", `/workspaces/${ws}/files/content`, { path: file, content: CONTENT(k, n + round) }, { key })
            : op === 1
              ? await server.rest("GET", `/workspaces/${ws}/files/content?path=${q(`seed/s${n % 20}.txt`)}`, undefined, { key })
              : op === 2
                ? await server.rest("GET", `/workspaces/${ws}/files?path=seed`, undefined, { key })
                : op === 4
                  ? await server.rest("GET", `/workspaces/${ws}/files?path=${q(`k${k}`)}`, undefined, { key })
                  : await server.rest("GET", `/workspaces/${ws}/files/grep?pattern=${q(`call ${n}`)}&path=${q(`k${k}`)}`, undefined, { key });
        counts.rest++;
        if (r.status === 429 && r.text.includes("user_grep_limit")) counts.limited++;
        else if (r.status !== 200) {
          counts.restFailed++;
          counts.firstError ??= `REST ${r.status}: ${r.text.slice(0, 160)}`;
        }
      }
    }),
  );
}

/** MCP clients, a few at a time: initialize, list tools, call some, then DELETE (1 in 3) or just vanish. */
async function mcpLoad(server: Atrium, fx: MixedFixture, counts: RoundCounts): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < MIXED.mcpSessions) {
      const i = next++;
      const key = fx.keys[i % fx.keys.length]!;
      const ws = fx.workspaces[i % fx.workspaces.length]!;
      const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/api/mcp`), { requestInit: { headers: { Authorization: `Bearer ${key}` } } });
      const client = new Client({ name: "memory-soak", version: "1.0.0" });
      try {
        await client.connect(transport);
        await client.listTools();
        const calls: [string, Record<string, unknown>][] = [
          ["list_files", { workspaceId: ws, path: "seed" }],
          ["read_file", { workspaceId: ws, path: `seed/s${i % 20}.txt` }],
          ["write_file", { workspaceId: ws, path: `mcp/m${i % 8}.txt`, content: CONTENT(i, 0) }],
          ["file_exists", { workspaceId: ws, path: "seed/s1.txt" }],
          ["grep", { workspaceId: ws, query: "ipsum", path: "seed", maxResults: 20 }],
        ];
        for (const [name, args] of calls) {
          const r = await client.callTool({ name, arguments: args });
          counts.mcpCalls++;
          if (r.isError && JSON.stringify(r.content).includes("user_grep_limit")) counts.limited++;
          else if (r.isError) {
            counts.mcpFailed++;
            counts.firstError ??= `MCP ${name}: ${JSON.stringify(r.content).slice(0, 160)}`;
          }
        }
        if (i % 3 === 0) await transport.terminateSession();
      } catch (error) {
        counts.mcpFailed++;
        counts.firstError ??= `MCP: ${error instanceof Error ? error.message : String(error)}`;
      } finally {
        // close() aborts the client's streams without a DELETE: for two in three this is abandonment.
        await client.close().catch(() => undefined);
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

/** Opens `n` MCP sessions, calls a tool in each and abandons them (no DELETE); returns how many opened. */
export async function abandonMcpSessions(server: Atrium, fx: MixedFixture, n: number): Promise<number> {
  let opened = 0;
  for (let i = 0; i < n; i++) {
    const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/api/mcp`), { requestInit: { headers: { Authorization: `Bearer ${fx.keys[i % fx.keys.length]!}` } } });
    const client = new Client({ name: "memory-soak-tail", version: "1.0.0" });
    await client.connect(transport);
    await client.callTool({ name: "list_files", arguments: { workspaceId: fx.workspaces[i % fx.workspaces.length]!, path: "seed" } });
    opened++;
    await client.close();
  }
  return opened;
}

/** Drops the connection without socket.io's close packet or a WebSocket close frame (a lost laptop). */
function vanish(socket: ClientSocket): void {
  const engine = socket.io.engine as unknown as { transport?: { ws?: { terminate?: () => void } } };
  const ws = engine.transport?.ws;
  if (typeof ws?.terminate === "function") ws.terminate();
  else socket.disconnect();
}

/** socket.io clients: join a workspace room, open a terminal in a sandbox, type, then close or vanish. */
async function socketLoad(server: Atrium, fx: MixedFixture, sandboxes: { ws: string; id: string; owner: number }[], counts: RoundCounts): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < MIXED.sockets) {
      const i = next++;
      const sandbox = sandboxes[i % sandboxes.length];
      const owner = sandbox ? fx.people[sandbox.owner]! : fx.people[0]!;
      const ws = sandbox?.ws ?? fx.workspaces[0]!;
      let socket: ClientSocket | null = null;
      try {
        socket = await server.socket(owner);
        counts.sockets++;
        const joined = (await socket.timeout(30_000).emitWithAck("workspace:join", { workspaceId: ws })) as Ack<unknown>;
        if (!joined.ok) throw new Error(`workspace:join: ${JSON.stringify(joined.error)}`);
        if (sandbox && i % 2 === 0) {
          const s = socket;
          const output = new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 5_000);
            s.on("terminal:output", () => {
              clearTimeout(timer);
              resolve();
            });
          });
          const opened = (await socket.timeout(60_000).emitWithAck("terminal:open", { workspaceId: ws, sessionId: sandbox.id, cols: 120, rows: 40 })) as Ack<TerminalOpened>;
          if (!opened.ok) throw new Error(`terminal:open: ${JSON.stringify(opened.error)}`);
          counts.terminals++;
          socket.emit("terminal:input", { terminalId: opened.data.terminalId, data: `seq 1 2000\r` });
          await output;
          // One in two closes its terminal; the others leave it running, detached, until the session stops.
          if (i % 4 === 0) await socket.timeout(30_000).emitWithAck("terminal:close", { terminalId: opened.data.terminalId });
        }
      } catch (error) {
        counts.socketFailed++;
        counts.firstError ??= `socket: ${error instanceof Error ? error.message : String(error)}`;
      } finally {
        if (socket) {
          if (i % 3 === 0) socket.disconnect();
          else vanish(socket);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

/** One round of everything at once; sandboxes are started first and stopped at the end. */
export async function mixedRound(server: Atrium, fx: MixedFixture, round: number): Promise<RoundCounts> {
  const counts: RoundCounts = { rest: 0, restFailed: 0, mcpCalls: 0, mcpFailed: 0, limited: 0, sockets: 0, terminals: 0, socketFailed: 0, sandboxes: 0, firstError: null };
  const sandboxes: { ws: string; id: string; owner: number }[] = [];
  await Promise.all(
    Array.from({ length: MIXED.sandboxes }, async (_, i) => {
      const ws = fx.workspaces[i % fx.workspaces.length]!;
      const owner = i % 2;
      const r = await server.rest<{ id: string }>("POST", `/workspaces/${ws}/sessions`, {}, { key: fx.people[owner] });
      if (r.status !== 200 && r.status !== 201) {
        counts.firstError ??= `session start ${r.status}: ${r.text.slice(0, 160)}`;
        return;
      }
      const exec = await server.rest("POST", `/workspaces/${ws}/exec`, { command: ["sh", "-c", "ls /workspace >/dev/null; echo ok"], sessionId: r.body.id }, { key: fx.people[owner] });
      if (exec.status !== 200) counts.firstError ??= `exec ${exec.status}: ${exec.text.slice(0, 160)}`;
      sandboxes.push({ ws, id: r.body.id, owner });
      counts.sandboxes++;
    }),
  );
  await Promise.all([restLoad(server, fx, counts, round), mcpLoad(server, fx, counts), socketLoad(server, fx, sandboxes, counts)]);
  await Promise.all(sandboxes.map((s) => server.rest("DELETE", `/sessions/${s.id}`, undefined, { key: fx.people[s.owner] })));
  return counts;
}
