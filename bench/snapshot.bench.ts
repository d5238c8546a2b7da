// Snapshot create and restore through Atrium's services (real PostgreSQL, real disk) against
// `tar czf` / `tar xzf` of the same tree, in interleaved rounds so machine noise hits every variant
// alike. The tree is realistic: a few thousand source-like text files (compressible), random binary
// blobs (not), a few large files, nested and empty folders, symlinks.
//   Atrium create  = createSnapshot(): stream-pack (gzip -6) + sha256 + fsync + rename + DB row + retention
//   Atrium restore = restoreSnapshot(): sha256 check + verified extract into a sibling + PRE_RESTORE
//                    snapshot of the current tree + swap + remove the old tree + usage recount
//   verify+extract = the restore's own work without the PRE_RESTORE snapshot: sha256 check + the
//                    verified extractor into a fresh directory (the fair match for `tar xzf`)
// Not part of `npm test`. Needs DATABASE_URL (a PostgreSQL server; a fresh database is made and dropped).
//   npx tsx bench/snapshot.bench.ts [--rounds 5] [--files 3000] [--mb 150]
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { interleaved, machine, stats, table } from "./harness";

const run = promisify(execFile);
const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" }, files: { type: "string", default: "3000" }, mb: { type: "string", default: "150" } } });
const ROUNDS = Number(values.rounds);
const FILES = Number(values.files);
const TARGET_BYTES = Number(values.mb) * 1024 * 1024;

// env() is parsed once, on first use: the data directory must be set before any service loads.
const dataDir = await mkdtemp(path.join(tmpdir(), "atrium-snapbench-"));
process.env.ATRIUM_DATA_DIR = dataDir;

const WORDS = "const let return function import export async await if else for while switch case break class interface type extends implements new this value result error data items index count total".split(" ");

/** Deterministic-enough source-like text: compresses roughly like real code (about 4-6x). */
function text(bytes: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  let seed = bytes;
  while (size < bytes) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const n = 3 + (seed % 9);
    const words = Array.from({ length: n }, (_, i) => WORDS[(seed >> (i % 16)) % WORDS.length]!);
    const line = `${"  ".repeat(seed % 4)}${words.join(" ")} ${seed.toString(36)};\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join("")).subarray(0, bytes);
}

/** ~72% of the bytes random binary (already compressed assets), the rest text; returns the tree's total bytes. */
async function buildTree(root: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  const put = async (rel: string, body: Buffer) => {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), body);
    bytes += body.length;
    files++;
  };
  // A few big files: 2 random blobs, 2 big text files (logs, a bundle).
  const big = Math.round(TARGET_BYTES * 0.16);
  await put("assets/video.bin", randomBytes(Math.round(big * 0.3)));
  await put("assets/model.bin", randomBytes(Math.round(big * 0.3)));
  await put("logs/build.log", text(Math.round(big * 0.2)));
  await put("dist/bundle.js", text(Math.round(big * 0.2)));
  const binaries = Math.round(FILES * 0.13);
  const texts = FILES - binaries - 4;
  const binBudget = TARGET_BYTES * 0.56;
  const textBudget = TARGET_BYTES - bytes - binBudget;
  for (let i = 0; i < binaries; i++) await put(`assets/img/${i % 20}/pic-${i}.png`, randomBytes(Math.max(1, Math.round((binBudget / binaries) * (0.2 + ((i * 37) % 160) / 100)))));
  for (let i = 0; i < texts; i++) {
    const size = Math.max(10, Math.round((textBudget / texts) * (0.1 + ((i * 53) % 190) / 100)));
    await put(`src/pkg${i % 25}/mod${i % 7}/file-${i}.ts`, text(size));
  }
  for (let i = 0; i < 20; i++) await mkdir(path.join(root, `empty/dir-${i}`), { recursive: true });
  await mkdir(path.join(root, "links"));
  for (let i = 0; i < 30; i++) await symlink(`../src/pkg${i % 25}`, path.join(root, "links", `l${i}`));
  return { bytes, files };
}

async function main(): Promise<void> {
  const { createTestDatabase } = await import("~/test/database");
  const { setRuntime, appVersion } = await import("~/server/runtime");
  const database = await createTestDatabase();
  setRuntime({ databaseUrl: database.url, authSecret: "bench-secret-bench-secret-bench-secret-01", version: appVersion() });
  const { db, disconnectDb } = await import("~/server/db/client");
  const { createWorkspace } = await import("~/server/workspaces/create-workspace");
  const { resolveWorkspaceAccess } = await import("~/server/auth/workspace-access");
  const { createSnapshot } = await import("~/server/snapshots/create");
  const { restoreSnapshot } = await import("~/server/snapshots/restore");
  const { verifySnapshotFile } = await import("~/server/snapshots/restore");
  const { loadSnapshot } = await import("~/server/snapshots/snapshots");
  const { extractVerified } = await import("~/server/workspaces/tarball");
  const scratch = await mkdtemp(path.join(tmpdir(), "atrium-snapbench-tar-"));
  try {
    const user = await db().user.create({ data: { email: `bench-${Date.now()}@atrium.test`, name: "Bench", passwordHash: "!", role: "ADMIN" } });
    const ctx = { actor: { user: { id: user.id, email: user.email, name: user.name, role: user.role }, apiKey: null }, ip: null, channel: "UI" as const };
    const ws = await createWorkspace(ctx, { name: "Snapshot bench" });
    // Keep the disk use bounded: every restore adds a PRE_RESTORE snapshot.
    await db().workspace.update({ where: { id: ws.id }, data: { snapshotKeep: 3 } });
    console.error(`[bench] building the tree (${FILES} files, ~${values.mb} MB) in ${ws.rootPath}`);
    const tree = await buildTree(ws.rootPath);
    const { recomputeUsage } = await import("~/server/workspaces/quota");
    await recomputeUsage(ws.id);
    const access = await resolveWorkspaceAccess(ctx, ws.id, "owner", "write", "bench");
    const mb = tree.bytes / (1024 * 1024);
    console.error(`[bench] tree: ${tree.files} files, ${mb.toFixed(1)} MiB; ${ROUNDS} rounds after a warm-up`);

    const tarFile = path.join(scratch, "tree.tar.gz");
    let lastSnapshot = "";
    const create = await interleaved(
      {
        "Atrium snapshot create": async () => {
          lastSnapshot = (await createSnapshot(ctx, access, { label: "bench" })).id;
        },
        "tar czf": async () => void (await run("tar", ["czf", tarFile, "-C", ws.rootPath, "."])),
      },
      ROUNDS,
    );
    // The restore source is kept: retention (3 here) would otherwise expire it among the PRE_RESTORE ones.
    await db().snapshot.update({ where: { id: lastSnapshot }, data: { keep: true } });
    const snapshot = await loadSnapshot(ws.id, lastSnapshot);
    const archiveMb = Number(snapshot.sizeBytes) / (1024 * 1024);
    let n = 0;
    const fresh = async () => {
      const dir = path.join(scratch, `x${n++}`);
      await mkdir(dir);
      return dir;
    };
    const restore = await interleaved(
      {
        "Atrium restore (full)": async () => void (await restoreSnapshot(ctx, access, { snapshotId: snapshot.id })),
        "Atrium verify+extract": async () => {
          const dir = await fresh();
          const t0 = performance.now();
          await verifySnapshotFile(snapshot);
          await extractVerified(snapshot.path, dir, { limitBytes: null });
          const ms = performance.now() - t0;
          await rm(dir, { recursive: true, force: true });
          return [ms];
        },
        "tar xzf": async () => {
          const dir = await fresh();
          const t0 = performance.now();
          await run("tar", ["xzf", tarFile, "-C", dir]);
          const ms = performance.now() - t0;
          await rm(dir, { recursive: true, force: true });
          return [ms];
        },
      },
      ROUNDS,
    );
    report({ ...create, ...restore }, mb, archiveMb, tree.files);
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await disconnectDb().catch(() => undefined);
    await database.drop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
}

function report(samples: Record<string, number[]>, treeMb: number, archiveMb: number, files: number): void {
  const s = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v)]));
  const base = (name: string) => (name.startsWith("Atrium snapshot") || name === "tar czf" ? s["tar czf"]! : s["tar xzf"]!);
  const rows = Object.entries(s).map(([name, st]) => [
    name,
    String(st.n),
    (st.median / 1000).toFixed(2),
    (st.p95 / 1000).toFixed(2),
    (treeMb / (st.median / 1000)).toFixed(1),
    (st.median / base(name).median).toFixed(2) + "x",
  ]);
  console.log(`\nsnapshot bench ${new Date().toISOString()} (${machine()}; tree ${files} files, ${treeMb.toFixed(1)} MiB; archive ${archiveMb.toFixed(1)} MiB)`);
  console.log(table(["variant", "n", "median s", "p95 s", "tree MiB/s", "vs tar (median)"], rows));
  const ratio = (a: string, b: string) => +(s[a]!.median / s[b]!.median).toFixed(3);
  console.log(
    JSON.stringify({
      bench: "snapshot",
      date: new Date().toISOString(),
      cores: cpus().length,
      tree: { files, mib: +treeMb.toFixed(1), archiveMib: +archiveMb.toFixed(1) },
      results: Object.fromEntries(
        Object.entries(s).map(([k, v]) => [k, { medianMs: +v.median.toFixed(1), p95Ms: +v.p95.toFixed(1), n: v.n, treeMibPerS: +(treeMb / (v.median / 1000)).toFixed(1) }]),
      ),
      ratios: {
        createVsTarCzf: ratio("Atrium snapshot create", "tar czf"),
        restoreFullVsTarXzf: ratio("Atrium restore (full)", "tar xzf"),
        verifyExtractVsTarXzf: ratio("Atrium verify+extract", "tar xzf"),
      },
    }),
  );
}

await main();
