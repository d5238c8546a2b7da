// Bad input: oversized bodies, malformed JSON, wrong types, huge paths, deep nesting, a 100k-file
// directory, binary garbage where text is expected, names that are not UTF-8. Each holds when the
// answer is a clear 4xx error (JSON with a message; never a 500), the server stays up, and none of
// the refused requests wrote anything.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { lchown, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type { Atrium, Reply } from "../bench/support/server";
import { env, type Hostile, stillUp } from "./support/context";

const run = promisify(execFile);
// Trees made here stand for what a sandbox makes: they belong to the sandbox uid, as in a real
// workspace (the confined file helper runs as that uid).
const SANDBOX_IDS = `${process.env.ATRIUM_SANDBOX_UID ?? "2000000"}:${process.env.ATRIUM_SANDBOX_GID ?? "2000000"}`;
const giveToSandbox = (p: string) => run("chown", ["-R", "-h", SANDBOX_IDS, p]);
const FILES = env("HOSTILE_FILES", 100_000);
const DEPTH = env("HOSTILE_DEPTH", 400);

/** Every path under root with its size: "nothing written" is this being equal before and after. */
async function tree(root: string): Promise<string> {
  const { stdout } = await run("find", [root, "-printf", "%P %s\n"], { maxBuffer: 256 << 20 });
  return stdout.split("\n").sort().join("\n");
}

type Try = { what: string; send: () => Promise<Reply>; expect: number[] };

/** A clear error: an expected 4xx, with a JSON body that carries a message. */
function clear(r: Reply, expect: number[]): string | null {
  if (!expect.includes(r.status)) return `${r.status} (expected ${expect.join("/")}): ${r.text.slice(0, 100)}`;
  if (r.status >= 400) {
    const b = r.body as { error?: { message?: string; json?: { message?: string } } } | null;
    const message = b?.error?.message ?? b?.error?.json?.message;
    // 431 too: server.ts answers Node's parser refusals with the JSON error body (http/client-error).
    if (!message) return `${r.status} without an error message: ${r.text.slice(0, 100)}`;
  }
  return null;
}

async function attempt(h: Hostile, name: string, tried: string, tries: Try[], extra: () => Promise<string[]> = () => Promise.resolve([])): Promise<void> {
  const pid = h.server.pid;
  const problems: string[] = [];
  const seen: string[] = [];
  for (const t of tries) {
    const r = await t.send().catch((e: unknown) => ({ status: 0, text: String(e), body: null, ms: 0, headers: new Headers() }) satisfies Reply);
    seen.push(String(r.status));
    const bad = clear(r, t.expect);
    if (bad) problems.push(`${t.what}: ${bad}`);
  }
  problems.push(...(await extra()));
  const down = await stillUp(h.server, pid);
  if (down) problems.push(down);
  h.record({ case: name, tried, held: problems.length === 0, detail: problems.length ? problems.slice(0, 3).join("; ") : `answers ${[...new Set(seen)].join(", ")}; server up` });
}

const q = encodeURIComponent;

export async function badInputCases(h: Hostile): Promise<void> {
  const { server } = h;
  const wsId = await server.workspace("hostile input");
  const root = (await server.ok<{ rootPath: string }>("GET", `/workspaces/${wsId}`)).rootPath;
  const put = (body: unknown) => server.rest("PUT", `/workspaces/${wsId}/files/content`, body);
  const putRaw = (raw: BodyInit, type = "application/json") => server.rest("PUT", `/workspaces/${wsId}/files/content`, undefined, { raw, headers: { "content-type": type } });
  const trpcRaw = (procedure: string, raw: BodyInit) => server.http("POST", `/api/trpc/${procedure}`, raw, { authorization: `Bearer ${server.adminKey}`, "content-type": "application/json" });
  const before = await tree(root);

  const big = "a".repeat(80 << 20);
  const rssBefore = await server.rss();
  await attempt(h, "input: oversized bodies", "80 MiB JSON bodies to REST write, tRPC write and exec; 1 GiB streamed without a length", [
    { what: "REST write", send: () => put({ path: "big.txt", content: big }), expect: [413] },
    { what: "REST 1 GiB stream", send: () => putRaw(endless(1024)), expect: [413] },
    { what: "tRPC 1 GiB stream", send: () => trpcRaw("files.write", endless(1024)), expect: [413] },
    { what: "tRPC files.write", send: () => server.trpc("mutation", "files.write", { workspaceId: wsId, path: "big.txt", content: big }), expect: [413] },
    { what: "REST exec", send: () => server.rest("POST", `/workspaces/${wsId}/exec`, { command: big }), expect: [413] },
  ], async () => {
    const grown = (await server.rss()) - rssBefore;
    h.log(`input: RSS grew ${(grown / 2 ** 20).toFixed(0)} MB over the oversized bodies`);
    return grown > 512 * 2 ** 20 ? [`the server grew by ${(grown / 2 ** 20).toFixed(0)} MB`] : [];
  });

  await attempt(h, "input: malformed JSON", "truncated, trailing garbage and empty bodies", [
    { what: "REST truncated", send: () => putRaw('{"path":"m.txt","content":'), expect: [400] },
    { what: "REST trailing garbage", send: () => putRaw('{"path":"m.txt","content":"x"}}}'), expect: [400] },
    { what: "REST empty", send: () => putRaw(""), expect: [400] },
    { what: "tRPC truncated", send: () => trpcRaw("files.write", '{"json":{"workspaceId":'), expect: [400] },
    { what: "REST workspace create", send: () => server.rest("POST", "/workspaces", undefined, { raw: "{name:", headers: { "content-type": "application/json" } }), expect: [400] },
  ]);

  await attempt(h, "input: wrong types", "numbers, arrays, objects and nulls where strings belong", [
    { what: "REST write path:number", send: () => put({ path: 5, content: "x" }), expect: [400] },
    { what: "REST write content:array", send: () => put({ path: "t.txt", content: ["x"] }), expect: [400] },
    { what: "REST write body:array", send: () => putRaw("[1,2,3]"), expect: [400] },
    { what: "REST exec command:object", send: () => server.rest("POST", `/workspaces/${wsId}/exec`, { command: { rm: "-rf" } }), expect: [400] },
    { what: "REST exec timeoutMs:string", send: () => server.rest("POST", `/workspaces/${wsId}/exec`, { command: "true", timeoutMs: "soon" }), expect: [400] },
    { what: "tRPC write nulls", send: () => server.trpc("mutation", "files.write", { workspaceId: null, path: null, content: null }), expect: [400] },
    { what: "REST list limit:string", send: () => server.rest("GET", `/workspaces/${wsId}/files?limit=lots`), expect: [400] },
  ]);

  const longName = "n".repeat(300);
  await attempt(h, "input: huge paths", "100k-character paths, 300-byte names, 3000-level paths, .. and NUL", [
    { what: "REST write 100k path", send: () => put({ path: "p".repeat(100_000), content: "x" }), expect: [400, 403, 422] },
    { what: "REST write 300-byte name", send: () => put({ path: longName, content: "x" }), expect: [400, 403, 422] },
    { what: "REST mkdir 3000 levels", send: () => server.rest("POST", `/workspaces/${wsId}/files/mkdir`, { path: "d/".repeat(3000) }), expect: [400, 403, 422] },
    { what: "REST read 12k query path", send: () => server.rest("GET", `/workspaces/${wsId}/files/content?path=${"q".repeat(12_000)}`), expect: [400, 403, 414, 422, 431] },
    { what: "REST read 20k query path", send: () => server.rest("GET", `/workspaces/${wsId}/files/content?path=${"q".repeat(20_000)}`), expect: [431] },
    { what: "REST write ../ escape", send: () => put({ path: "../../etc/escape.txt", content: "x" }), expect: [403] },
    { what: "REST write NUL", send: () => put({ path: "a\u0000b.txt", content: "x" }), expect: [400, 403, 422] },
  ]);

  // A tree a sandbox could make on its own: deeper than anyone would type.
  let deep = path.join(root, "deep");
  for (let i = 0; i < DEPTH; i++) deep = path.join(deep, "d");
  await mkdir(deep, { recursive: true });
  await writeFile(path.join(deep, "bottom.txt"), "needle at the bottom\n");
  await giveToSandbox(path.join(root, "deep"));
  const rel = path.relative(root, path.join(deep, "bottom.txt"));
  await attempt(
    h,
    "input: deep nesting",
    `${DEPTH}-level directory: read the bottom, grep, list, download as tar.gz, snapshot`,
    [
      { what: "read bottom", send: () => server.rest("GET", `/workspaces/${wsId}/files/content?path=${q(rel)}`), expect: [200, 400, 422] },
      { what: "grep", send: () => server.rest("GET", `/workspaces/${wsId}/files/grep?pattern=needle`), expect: [200] },
      { what: "list deep", send: () => server.rest("GET", `/workspaces/${wsId}/files?path=deep/d/d`), expect: [200] },
      { what: "download deep", send: () => downloadStatus(server, wsId, "deep"), expect: [200, 400, 413, 422] },
      { what: "snapshot", send: () => server.rest("POST", `/workspaces/${wsId}/snapshots`, { label: "deep" }), expect: [200, 201, 400, 413, 422] },
    ],
  );

  const many = path.join(root, "many");
  await mkdir(many);
  h.log(`input: creating ${FILES} files`);
  await run("sh", ["-c", `cd '${many}' && seq 1 ${FILES} | sed 's/^/f/' | xargs touch`], { maxBuffer: 1 << 20 });
  await giveToSandbox(many);
  const rssMany = await server.rss();
  let rssPeak = rssMany;
  const sample = setInterval(() => void server.rss().then((r) => (rssPeak = Math.max(rssPeak, r))), 100);
  let pages = 0;
  let listed = 0;
  await attempt(
    h,
    `input: ${FILES / 1000}k-file directory`,
    `list it page by page, grep the workspace, delete one file in it`,
    [
      { what: "grep", send: () => server.rest("GET", `/workspaces/${wsId}/files/grep?pattern=needle`), expect: [200] },
      { what: "stat-ish read of one", send: () => server.rest("GET", `/workspaces/${wsId}/files/content?path=many/f77`), expect: [200] },
      { what: "delete one", send: () => server.rest("DELETE", `/workspaces/${wsId}/files?path=many/f78`), expect: [200] },
    ],
    async () => {
      let cursor: string | null = null;
      do {
        const r: Reply<{ entries: unknown[]; nextCursor: string | null }> = await server.rest("GET", `/workspaces/${wsId}/files?path=many&limit=5000${cursor ? `&cursor=${q(cursor)}` : ""}`);
        if (r.status !== 200) return [`listing page ${pages + 1}: ${r.status} ${r.text.slice(0, 100)}`];
        pages++;
        listed += r.body.entries.length;
        cursor = r.body.nextCursor;
      } while (cursor && pages < 100);
      clearInterval(sample);
      const out = listed === FILES - 1 ? [] : [`listed ${listed} entries, ${FILES - 1} exist`];
      h.log(`input: listed ${listed} entries in ${pages} pages; RSS ${(rssMany / 2 ** 20).toFixed(0)} → peak ${(rssPeak / 2 ** 20).toFixed(0)} MB`);
      return out;
    },
  );
  await run("rm", ["-rf", many]);

  await writeFile(path.join(root, "garbage.bin"), randomBytes(64 << 10));
  await giveToSandbox(path.join(root, "garbage.bin"));
  await attempt(h, "input: binary garbage", "random bytes as JSON bodies, socket events with garbage, a binary file read as text", [
    { what: "REST write body", send: () => putRaw(randomBytes(64 << 10)), expect: [400] },
    { what: "REST write octet-stream", send: () => putRaw(randomBytes(4096), "application/octet-stream"), expect: [400, 415] },
    { what: "tRPC body", send: () => trpcRaw("files.write", randomBytes(64 << 10)), expect: [400] },
    { what: "read binary as utf8", send: () => server.rest("GET", `/workspaces/${wsId}/files/content?path=garbage.bin&encoding=utf8`), expect: [200, 400, 415, 422] },
    { what: "socket garbage", send: () => socketGarbage(server), expect: [200] },
  ]);

  const weird = Buffer.concat([Buffer.from(path.join(root, "bad-")), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from(".txt")]);
  await writeFile(weird, "not utf-8 named\n");
  await lchown(weird, Number(SANDBOX_IDS.split(":")[0]), Number(SANDBOX_IDS.split(":")[1]));
  await attempt(h, "input: invalid UTF-8 names", "a file named with bytes ff fe 80 on disk; %FF in paths; lone surrogates", [
    { what: "list root", send: () => server.rest("GET", `/workspaces/${wsId}/files`), expect: [200] },
    { what: "read %FF%FE%80", send: () => server.rest("GET", `/workspaces/${wsId}/files/content?path=bad-%FF%FE%80.txt`), expect: [400, 404, 422] },
    { what: "write lone surrogate", send: () => put({ path: "s-\ud800.txt", content: "x" }), expect: [400, 403, 422] },
    { what: "grep", send: () => server.rest("GET", `/workspaces/${wsId}/files/grep?pattern=utf-8`), expect: [200] },
    { what: "download root", send: () => downloadStatus(server, wsId, ""), expect: [200] },
  ]);

  const after = await tree(root);
  const created = after.split("\n").filter((l) => !before.includes(l) && !/^(deep|many|garbage\.bin|bad-)/.test(l) && l.trim() !== "");
  h.record({
    case: "input: nothing written",
    tried: "the workspace tree before and after every refused request",
    held: created.length === 0,
    detail: created.length ? `new on disk: ${created.slice(0, 5).join(", ")}` : "no file appeared or changed besides the fixtures",
  });

}

/** `mib` MiB of "a", streamed without a Content-Length (chunked), the way a hostile client can. */
function endless(mib: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(1 << 20).fill(0x61);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ >= mib) controller.close();
      else controller.enqueue(chunk);
    },
  });
}

async function downloadStatus(server: Atrium, wsId: string, p: string): Promise<Reply> {
  const res = await fetch(`${server.url}/api/v1/workspaces/${wsId}/files/download?path=${encodeURIComponent(p)}`, { headers: { authorization: `Bearer ${server.adminKey}` } });
  let bytes = 0;
  const reader = res.body?.getReader();
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) break;
    bytes += chunk.value.byteLength;
  }
  return { status: res.status, body: null, text: `${bytes} bytes`, ms: 0, headers: res.headers };
}

/** Wrong shapes on the socket: every request must be acknowledged with an error, and the socket stay usable. */
async function socketGarbage(server: Atrium): Promise<Reply> {
  const socket = await server.socket();
  const problems: string[] = [];
  const shapes: unknown[] = [null, 5, "x".repeat(100_000), { workspaceId: 5, sessionId: [], cols: "x", rows: -1 }, randomBytes(1024)];
  try {
    for (const shape of shapes) {
      // Deliberately untyped: these are the payloads a broken or hostile client sends.
      const ack = (await (socket.timeout(10_000) as unknown as { emitWithAck(e: string, a: unknown): Promise<{ ok: boolean }> }).emitWithAck("terminal:open", shape).catch((e: unknown) => ({ ok: true, timeout: String(e) }))) as {
        ok: boolean;
        timeout?: string;
      };
      if (ack.ok) problems.push(ack.timeout ? `no acknowledgement for ${typeof shape}` : `accepted ${typeof shape}`);
    }
    socket.emit("terminal:input", { terminalId: 42, data: { a: 1 } } as never);
    const alive = await socket.timeout(10_000).emitWithAck("terminal:list", { workspaceId: "nope" }).then(
      () => true,
      () => false,
    );
    if (!alive) problems.push("the socket stopped answering");
  } finally {
    socket.close();
  }
  return { status: problems.length ? 500 : 200, body: { error: { message: problems.join("; ") } }, text: problems.join("; "), ms: 0, headers: new Headers() };
}
