// Co-editing on the production server (its own database and data directory) with real Chromium
// pages running the real IDE. Not part of `npm test`.
//   npx tsx bench/collab.bench.ts [--edits 200] [--editors 10] [--seconds 60] [--quick]
// 1. Edit propagation between two browsers on loopback: a character typed into page A's Monaco
//    model → the same character in page B's model (both stamped with Date.now() inside the pages,
//    one clock). Baseline, same run and server: the relay alone, a Yjs update between two Node
//    socket.io clients in the same document (no browser, no Monaco). Targets: p50 ≤ 30 ms, p99 ≤ 100 ms.
// 2. N editors typing 5 characters a second each (each on its own line, in the page, as keystrokes
//    into Monaco) for S seconds: every keystroke must arrive (each editor's character counted in
//    every page's text), every page's text must equal the file on disk, and the server's CPU
//    (from /proc, user+system) and resident memory are reported. `--quick`: 15 s.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import * as Y from "yjs";
import type { Ack, CollabJoined } from "~/server/realtime/events";
import { textOf } from "~/lib/collab/yjs-text";
import { machine, stats, table } from "./harness";
import { printGroups } from "./support/report";
import { type Atrium, type ClientSocket, onInterrupt, sleep, startAtrium } from "./support/server";

const { values } = parseArgs({
  options: {
    edits: { type: "string", default: "200" },
    editors: { type: "string", default: "10" },
    seconds: { type: "string", default: "60" },
    quick: { type: "boolean", default: false },
  },
});
const EDITS = Number(values.edits);
const EDITORS = Number(values.editors);
const SECONDS = values.quick ? 15 : Number(values.seconds);
const CHARS_PER_SECOND = 5;
const FILE = "collab-bench.txt";

interface PageWindow {
  monaco: { editor: { getModels(): { getValue(): string; onDidChangeContent(cb: () => void): void }[]; getEditors(): { trigger(source: string, handler: string, payload: unknown): void; setPosition(p: { lineNumber: number; column: number }): void; getModel(): { getLineMaxColumn(line: number): number } | null; focus(): void }[] } };
  __seen?: Record<string, number>;
  __typed?: Record<string, number>;
  __stop?: () => void;
}

async function cpuTicks(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

async function openIde(context: BrowserContext, url: string, workspaceId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${url}/workspaces/${workspaceId}`);
  await page.getByRole("tree", { name: "Files" }).getByRole("treeitem", { name: FILE, exact: true }).click();
  await page.locator(`[data-testid="editor"][data-path="${FILE}"][data-collab="live"]`).waitFor({ timeout: 60_000 });
  return page;
}

/** Stamps, inside the page, when each marker first appears in the file's model. */
async function watchMarkers(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as PageWindow;
    w.__seen = {};
    const model = w.monaco.editor.getModels()[0]!;
    model.onDidChangeContent(() => {
      const text = model.getValue();
      for (const m of text.match(/§\d+§/g) ?? []) w.__seen![m] ??= Date.now();
    });
  });
}

async function relayBaseline(server: Atrium, workspaceId: string, n: number): Promise<number[]> {
  const [a, b] = [await server.socket(), await server.socket()];
  const ref = { workspaceId, path: FILE };
  const docs = [new Y.Doc(), new Y.Doc()];
  for (const [i, s] of [a, b].entries()) {
    const joined: Ack<CollabJoined> = await s.emitWithAck("collab:join", ref);
    if (!joined.ok) throw new Error(joined.error.message);
    Y.applyUpdate(docs[i]!, new Uint8Array(joined.data.state as Uint8Array), "remote");
  }
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const arrived = new Promise<number>((resolve) => b.once("collab:updated", () => resolve(performance.now())));
    const before = Y.encodeStateVector(docs[0]!);
    const t0 = performance.now();
    textOf(docs[0]!).insert(0, "r");
    a.emit("collab:update", { ...ref, update: Y.encodeStateAsUpdate(docs[0]!, before) });
    samples.push((await arrived) - t0);
    await sleep(20);
  }
  // Undo the baseline's characters so the browsers start from the same text.
  const before = Y.encodeStateVector(docs[0]!);
  textOf(docs[0]!).delete(0, n);
  await a.emitWithAck("collab:update", { ...ref, update: Y.encodeStateAsUpdate(docs[0]!, before) });
  for (const s of [a, b] as ClientSocket[]) s.close();
  return samples;
}

async function main(): Promise<void> {
  const server = await startAtrium({ name: "collab" });
  let browser: Browser | null = null;
  const stop = onInterrupt(async () => {
    await browser?.close();
    await server.dispose();
  });
  try {
    const workspaceId = await server.workspace(`collab bench ${Date.now()}`);
    const lines = Array.from({ length: EDITORS }, (_, i) => `editor ${i}: `).join("\n");
    await server.ok("PUT", `/workspaces/${workspaceId}/files/content`, { path: FILE, content: `propagation: \n${lines}\n` });

    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"] });
    const first = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const signIn = await first.newPage();
    await signIn.goto(`${server.url}/sign-in`);
    const form = signIn.getByRole("form", { name: "Sign in" });
    await form.getByLabel("Email").fill(server.adminEmail);
    await form.getByLabel("Password").fill(server.adminPassword);
    await form.getByRole("button", { name: "Sign in" }).click();
    await signIn.waitForURL(/\/dashboard$/);
    const state = await first.storageState();
    const contexts: BrowserContext[] = [first];
    for (let i = 1; i < EDITORS; i++) contexts.push(await browser.newContext({ viewport: { width: 1280, height: 800 }, storageState: state }));

    // ---- 1. propagation between two browsers ----
    const baseline = await relayBaseline(server, workspaceId, Math.min(EDITS, 200));
    const [pageA, pageB] = [await openIde(contexts[0]!, server.url, workspaceId), await openIde(contexts[1]!, server.url, workspaceId)];
    await watchMarkers(pageA);
    await watchMarkers(pageB);
    const propagation: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const marker = `§${i}§`;
      await pageA.evaluate((m) => {
        const w = window as unknown as PageWindow;
        const editor = w.monaco.editor.getEditors()[0]!;
        editor.setPosition({ lineNumber: 1, column: 1 });
        editor.trigger("bench", "type", { text: m });
      }, marker);
      const handle = await pageB.waitForFunction((m) => (window as unknown as PageWindow).__seen?.[m], marker, { timeout: 10_000, polling: 50 });
      const seenB = (await handle.jsonValue()) as number;
      const seenA = await pageA.evaluate((m) => (window as unknown as PageWindow).__seen?.[m] ?? 0, marker);
      propagation.push(seenB - seenA);
      await sleep(30);
    }
    const p = stats(propagation);

    // ---- 2. N editors typing at 5 chars/s ----
    const pages = [pageA, pageB];
    for (let i = 2; i < EDITORS; i++) pages.push(await openIde(contexts[i]!, server.url, workspaceId));
    const pid = server.pid;
    const cpu0 = await cpuTicks(pid);
    const rssBefore = await server.rss();
    let rssPeak = rssBefore;
    const t0 = performance.now();
    await Promise.all(
      pages.map((page, i) =>
        page.evaluate(
          ({ line, char, perSecond }) => {
            const w = window as unknown as PageWindow;
            w.__typed = { count: 0 };
            const editor = w.monaco.editor.getEditors()[0]!;
            const timer = setInterval(() => {
              // Each editor types at the end of its own line (line 2 + its index).
              const column = editor.getModel()!.getLineMaxColumn(line);
              editor.setPosition({ lineNumber: line, column });
              editor.trigger("bench", "type", { text: char });
              w.__typed!.count!++;
            }, 1000 / perSecond);
            w.__stop = () => clearInterval(timer);
          },
          { line: i + 2, char: String.fromCharCode(0x61 + (i % 26)), perSecond: CHARS_PER_SECOND },
        ),
      ),
    );
    while (performance.now() - t0 < SECONDS * 1000) {
      await sleep(1000);
      rssPeak = Math.max(rssPeak, await server.rss());
    }
    await Promise.all(pages.map((page) => page.evaluate(() => (window as unknown as PageWindow).__stop?.())));
    const elapsed = (performance.now() - t0) / 1000;
    const cpuSeconds = ((await cpuTicks(pid)) - cpu0) / 100;
    const typed = await Promise.all(pages.map((page) => page.evaluate(() => (window as unknown as PageWindow).__typed?.count ?? 0)));

    // Settle: every page the same text, and the disk the same after a flush.
    let texts: string[] = [];
    for (let i = 0; i < 100; i++) {
      texts = await Promise.all(pages.map((page) => page.evaluate(() => (window as unknown as PageWindow).monaco.editor.getModels()[0]!.getValue())));
      if (new Set(texts).size === 1) break;
      await sleep(200);
    }
    await pageA.keyboard.press("Control+s");
    await sleep(1500);
    const disk = (await server.ok<{ content: string }>("GET", `/workspaces/${workspaceId}/files/content?path=${FILE}`)).content;
    const final = texts[0] ?? "";
    const lost = pages.map((_, i) => {
      const line = final.split("\n")[i + 1] ?? "";
      const char = String.fromCharCode(0x61 + (i % 26));
      return typed[i]! - (line.replace(`editor ${i}: `, "").split(char).length - 1);
    });
    const converged = new Set(texts).size === 1;
    const onDisk = disk === final;

    printGroups(
      "collab",
      [{ title: "edit propagation A → B (ms)", baseline: "relay only (2 Node clients)", unit: "ms", samples: { "relay only (2 Node clients)": baseline, "two Chromium pages (Monaco → Monaco)": propagation } }],
      {
        propagation: { p50: p.median, p95: p.p95, p99: p.p99, n: p.n, targetsMet: p.median <= 30 && p.p99 <= 100 },
        typing: { editors: EDITORS, seconds: +elapsed.toFixed(1), keystrokes: typed.reduce((a, b) => a + b, 0), lost: lost.reduce((a, b) => a + b, 0), converged, onDisk, serverCpuPercent: +((cpuSeconds / elapsed) * 100).toFixed(1), rssBeforeMiB: +(rssBefore / 2 ** 20).toFixed(1), rssPeakMiB: +(rssPeak / 2 ** 20).toFixed(1) },
      },
    );
    console.log(
      `\n${table(
        ["propagation", "p50 ms", "p95 ms", "p99 ms", "target"],
        [["two browsers", p.median.toFixed(1), p.p95.toFixed(1), p.p99.toFixed(1), p.median <= 30 && p.p99 <= 100 ? "met" : "MISSED"]],
      )}`,
    );
    console.log(
      `\n${EDITORS} editors × ${CHARS_PER_SECOND} chars/s × ${elapsed.toFixed(0)} s (${machine()}): ${typed.reduce((a, b) => a + b, 0)} keystrokes, lost ${lost.reduce((a, b) => a + b, 0)}, ` +
        `pages converged: ${converged}, disk equals pages: ${onDisk}; server CPU ${((cpuSeconds / elapsed) * 100).toFixed(1)}% of one core, RSS ${(rssBefore / 2 ** 20).toFixed(0)} → peak ${(rssPeak / 2 ** 20).toFixed(0)} MiB`,
    );
    if (!converged || !onDisk || lost.some((l) => l !== 0)) process.exitCode = 1;
  } finally {
    stop();
    await browser?.close();
    await server.dispose();
  }
}

await main();
