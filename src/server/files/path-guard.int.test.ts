// The path guard on a real filesystem with a real audit log: the whole hostile corpus plus
// symlink, hard-link, FIFO, socket and device tricks built for real in a temporary folder, and
// races between check and use. Zero paths may resolve outside the root (checked independently
// with fs.realpath), every refusal must carry the expected reason, and every refusal must write
// exactly one AuditEvent (each workspace here is fresh, so its rows are ours alone).
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { link, mkdir, mkdtemp, readFile, realpath, rename, rm, stat, symlink, unlink, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestContext, WorkspaceRoleName } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { type AppError, isAppError } from "~/server/errors";
import { makeUser } from "~/test/actors";
import { giveToSandbox } from "~/test/sandbox-owner";
import { CORPUS_RULES, type Expected, hostileCorpus } from "./hostile-paths.fixture";
import { auditTargetOf } from "./path-denial";
import { type FileOp, type GuardedPath, guardPath, type GuardTarget, loadGuardTarget, openGuarded, confinedCall } from "./path-guard";

let base: string;
let root: string;
let rootReal: string;
let outside: string;
let ctx: RequestContext;
let ownerId: string;
let socketServer: Server | null = null;
const skipped: string[] = [];

async function makeWorkspace(rootPath: string, rules: GuardTarget["rules"] = CORPUS_RULES, status: "ACTIVE" | "ARCHIVED" = "ACTIVE"): Promise<GuardTarget> {
  const ws = await db().workspace.create({
    data: {
      slug: `guard-${randomBytes(5).toString("hex")}`,
      name: "Guard corpus",
      ownerId,
      rootPath,
      status,
      quotaBytes: 1n << 30n,
      pathRules: { create: rules.map((r) => ({ pattern: r.pattern, effect: r.effect })) },
    },
  });
  return loadGuardTarget(ws.id);
}

interface Outcome {
  got: Expected;
  guarded?: GuardedPath;
  error?: AppError;
}

async function attempt(ws: GuardTarget, raw: string, op: FileOp, role: WorkspaceRoleName): Promise<Outcome> {
  try {
    return { got: "inside", guarded: await guardPath(ctx, ws, role, raw, op, "files.corpus") };
  } catch (error) {
    if (isAppError(error) && error.code === "PATH_DENIED") return { got: error.reason as Expected, error };
    throw error;
  }
}

/** Independent of the guard: realpath of the nearest existing ancestor, plus the missing names. */
async function realLocation(absolute: string): Promise<string> {
  let probe = absolute;
  const missing: string[] = [];
  for (;;) {
    try {
      return path.join(await realpath(probe), ...missing);
    } catch {
      if (probe === "/") throw new Error(`nothing of ${absolute} exists`);
      missing.unshift(path.basename(probe));
      probe = path.dirname(probe);
    }
  }
}

const insideRoot = (p: string) => p === rootReal || p.startsWith(`${rootReal}/`);

/** The returned path is normalized and really inside; a delete's final name is a name, not followed. */
async function assertInside(guarded: GuardedPath, op: FileOp, label: string): Promise<void> {
  const { absolute } = guarded;
  expect(path.isAbsolute(absolute), label).toBe(true);
  expect(path.normalize(absolute), label).toBe(absolute);
  const real = op === "delete" ? path.join(await realLocation(path.dirname(absolute)), path.basename(absolute)) : await realLocation(absolute);
  expect(insideRoot(real), `${label} resolved to ${real}`).toBe(true);
}

/** Runs a list of attempts, checking reason, containment and exactly one audit row per refusal. */
async function runCorpus(ws: GuardTarget, entries: { path: string; op: FileOp; role: WorkspaceRoleName; expect: Expected; family: string }[]) {
  const seen = new Set<string>();
  const wrong: string[] = [];
  let denials = 0;
  for (const e of entries) {
    const label = `${e.family} ${JSON.stringify(e.path.slice(0, 80))} ${e.op}/${e.role}`;
    const outcome = await attempt(ws, e.path, e.op, e.role);
    if (outcome.got !== e.expect) wrong.push(`${label}: expected ${e.expect}, got ${outcome.got}${outcome.error ? ` (${outcome.error.message})` : ""}`);
    if (outcome.guarded) await assertInside(outcome.guarded, e.op, label);
    const fresh = await db().auditEvent.findMany({ where: { workspaceId: ws.id, id: { notIn: [...seen] } } });
    fresh.forEach((row) => seen.add(row.id));
    if (outcome.error) {
      denials++;
      expect(fresh.length, `${label}: audit rows`).toBe(1);
      expect(fresh[0], label).toMatchObject({
        action: "files.corpus",
        outcome: "DENIED",
        reason: outcome.got,
        permission: e.op,
        target: auditTargetOf(e.path).target,
        actorUserId: ownerId,
        channel: "API",
        ip: "198.51.100.9",
      });
      expect(outcome.error.message.length, label).toBeGreaterThan(20);
    } else {
      expect(fresh.length, `${label}: an accepted path writes no audit row`).toBe(0);
    }
  }
  expect(wrong).toEqual([]);
  expect(await db().auditEvent.count({ where: { workspaceId: ws.id } })).toBe(denials);
  return denials;
}

beforeAll(async () => {
  const user = await makeUser();
  ownerId = user.id;
  ctx = { actor: { user, apiKey: null }, ip: "198.51.100.9", channel: "API" };
  base = await realpath(await mkdtemp(path.join(tmpdir(), "atrium-guard-")));
  root = path.join(base, "root");
  outside = path.join(base, "outside");
  for (const d of [root, outside, `${root}-sibling`, path.join(root, "sub"), path.join(root, "secrets"), path.join(root, "docs"), path.join(root, "vendor"), path.join(root, ".git")]) {
    await mkdir(d, { recursive: true });
  }
  await writeFile(path.join(outside, "secret.txt"), "OUTSIDE SECRET");
  await writeFile(path.join(outside, "file.txt"), "OUTSIDE");
  await writeFile(path.join(`${root}-sibling`, "file.txt"), "SIBLING");
  await writeFile(path.join(root, "normal.txt"), "normal");
  await writeFile(path.join(root, "sub", "file.txt"), "sub file");
  await writeFile(path.join(root, "secrets", "k.txt"), "blocked");
  await writeFile(path.join(root, ".git", "config"), "[core]");
  await writeFile(path.join(root, ".env"), "TOKEN=1");
  rootReal = await realpath(root);

  const links: [string, string][] = [
    ["link_root", "/"],
    ["link_up", ".."],
    ["link_out_abs", outside],
    ["link_sibling", `${root}-sibling`],
    ["c1", "c2"],
    ["c2", "c3"],
    ["c3", "/etc"],
    ["i1", "i2"],
    ["i2", "sub"],
    ["innocent", ".env"],
    ["envabs", path.join(root, ".env")],
    ["gitlink", ".git"],
    ["seclink", "secrets"],
    ["sub/deep_up", "../../outside"],
    ["dangle_out", path.join(base, `nowhere-${randomBytes(3).toString("hex")}`, "x")],
    ["dangle_in", "created-later.txt"],
    ["dangle_rel_out", "../nope"],
    ["loop", "loop"],
    ["loop_a", "loop_b"],
    ["loop_b", "loop_a"],
    ["abs_in", path.join(root, "sub")],
    ["proc_root", "/proc/self/root"],
    ["devnull", "/dev/null"],
    ["self_root", "."],
    ["fifo_link", "fifo"],
  ];
  for (const [name, target] of links) await symlink(target, path.join(root, name));
  execFileSync("mkfifo", [path.join(root, "fifo")]);
  socketServer = createServer();
  await new Promise<void>((resolve, reject) => {
    socketServer!.once("error", reject);
    socketServer!.listen(path.join(root, "sock"), resolve);
  });
  try {
    execFileSync("mknod", [path.join(root, "chardev"), "c", "1", "3"], { stdio: "ignore" });
  } catch {
    skipped.push("chardev (mknod needs CAP_MKNOD)");
  }
  await writeFile(path.join(outside, "hl-target.txt"), "HOST FILE");
  try {
    await link(path.join(outside, "hl-target.txt"), path.join(root, "hardlink.txt"));
  } catch {
    skipped.push("hardlink (temp dir spans filesystems)");
  }
  // The workspace tree belongs to the sandbox uid, as the confined helper that works on it.
  giveToSandbox(root);
});

afterAll(async () => {
  await new Promise<void>((resolve) => (socketServer ? socketServer.close(() => resolve()) : resolve()));
  if (base) await rm(base, { recursive: true, force: true });
  if (skipped.length) console.warn("[path-guard.int] skipped:", skipped.join(", "));
});

describe("guardPath on the hostile corpus", () => {
  it("refuses every hostile spelling with the expected, audited reason and never leaves the root", async () => {
    const ws = await makeWorkspace(root);
    const corpus = hostileCorpus(root).map((e) => ({ ...e, op: e.op ?? "read", role: e.role ?? "editor" }));
    expect(new Set(corpus.map((e) => e.path)).size).toBeGreaterThanOrEqual(300);
    const denials = await runCorpus(ws, corpus);
    expect(denials).toBeGreaterThan(400);
  });

  it("handles symlinks, special files and hard links by where they really lead", async () => {
    const ws = await makeWorkspace(root);
    const e = (p: string, op: FileOp, expect: Expected, role: WorkspaceRoleName = "editor") => ({ path: p, op, expect, role, family: "fs" });
    const entries = [
      e("link_root", "read", "outside_workspace"),
      e("link_root/etc/passwd", "read", "outside_workspace"),
      e("link_root/", "list", "outside_workspace"),
      e("link_root/etc/passwd", "write", "outside_workspace"),
      e("link_root/etc/passwd", "write", "outside_workspace", "viewer"),
      e(`${root}/link_root/etc`, "read", "outside_workspace"),
      e("sub/../link_root/etc", "read", "outside_workspace"),
      e("link_up", "list", "outside_workspace"),
      e("link_up/outside/secret.txt", "read", "outside_workspace"),
      e("link_up/root-sibling/file.txt", "read", "outside_workspace"),
      e("link_up/root/normal.txt", "read", "inside"),
      e("link_up/root/.env", "read", "critical_file"),
      e("link_out_abs/secret.txt", "read", "outside_workspace"),
      e("link_out_abs/new.txt", "write", "outside_workspace"),
      e("link_sibling/file.txt", "read", "outside_workspace"),
      e("c1/passwd", "read", "outside_workspace"),
      e("c1", "list", "outside_workspace"),
      e("i1/file.txt", "read", "inside"),
      e("i1/new.txt", "write", "inside"),
      e("abs_in/file.txt", "read", "inside"),
      e("innocent", "read", "critical_file"),
      e("innocent", "write", "critical_file"),
      e("innocent", "delete", "inside"),
      e("envabs", "read", "critical_file"),
      e("gitlink/config", "read", "critical_file"),
      e("gitlink", "list", "critical_file"),
      e("seclink/k.txt", "read", "blocked_path"),
      e("seclink", "list", "blocked_path"),
      e("sub/deep_up/secret.txt", "read", "outside_workspace"),
      e("dangle_out", "read", "outside_workspace"),
      e("dangle_out", "write", "outside_workspace"),
      e("dangle_out/more/x", "write", "outside_workspace"),
      e("dangle_out", "delete", "inside"),
      e("dangle_in", "write", "inside"),
      e("dangle_rel_out", "write", "outside_workspace"),
      e("loop", "read", "invalid_path"),
      e("loop/x", "write", "invalid_path"),
      e("loop_a", "read", "invalid_path"),
      e("proc_root/etc/passwd", "read", "outside_workspace"),
      e("devnull", "read", "outside_workspace"),
      e("devnull", "write", "outside_workspace"),
      e("self_root/normal.txt", "read", "inside"),
      e("self_root", "list", "inside"),
      e("self_root", "write", "invalid_path"),
      e("self_root", "delete", "inside"),
      e("link_root", "delete", "inside"),
      e("fifo", "read", "invalid_path"),
      e("fifo", "write", "invalid_path"),
      e("fifo", "read", "invalid_path", "viewer"),
      e("fifo", "delete", "inside"),
      e("fifo_link", "read", "invalid_path"),
      e("sock", "read", "invalid_path"),
      e("sock", "write", "invalid_path"),
      ...(skipped.some((s) => s.startsWith("chardev")) ? [] : [e("chardev", "read", "invalid_path"), e("chardev", "write", "invalid_path")]),
      ...(skipped.some((s) => s.startsWith("hardlink"))
        ? []
        : [e("hardlink.txt", "read", "hard_link"), e("hardlink.txt", "write", "hard_link"), e("hardlink.txt", "delete", "inside"), e("hardlink.txt", "execute", "inside")]),
      e("normal.txt/x", "read", "inside"),
      e("normal.txt", "read", "inside"),
      e("normal.txt", "write", "inside"),
      e(`${rootReal}/normal.txt`, "read", "inside"),
      e(".git", "list", "critical_file"),
      e(".git/config", "read", "critical_file"),
      e("sub", "list", "inside"),
      e("sub", "delete", "inside"),
      e("sub/file.txt", "write", "permission_denied", "viewer"),
      e(".", "list", "inside"),
    ];
    await runCorpus(ws, entries);
  });

  it("accepts absolute paths through either spelling of a symlinked root; any other leading / is the workspace root", async () => {
    const rootLink = path.join(base, "root-link");
    await symlink(root, rootLink);
    const ws = await makeWorkspace(rootLink, []);
    const g = await guardPath(ctx, ws, "editor", `${rootLink}/normal.txt`, "read", "files.read");
    expect(g).toMatchObject({ relative: "normal.txt", absolute: path.join(rootReal, "normal.txt") });
    expect((await guardPath(ctx, ws, "editor", `${rootReal}/sub/file.txt`, "read", "files.read")).relative).toBe("sub/file.txt");
    expect((await guardPath(ctx, ws, "editor", ".", "list", "files.list")).absolute).toBe(rootReal);
    // A host path outside the root names a file INSIDE the workspace, never the host's.
    const foreign = await guardPath(ctx, ws, "editor", `${base}/outside/secret.txt`, "read", "files.read");
    expect(foreign.relative).toBe(`${base}/outside/secret.txt`.slice(1));
    expect(foreign.absolute.startsWith(`${rootReal}/`)).toBe(true);
    await expect(guardPath(ctx, ws, "editor", `${rootLink}/../outside/secret.txt`, "read", "files.read")).rejects.toMatchObject({ code: "PATH_DENIED", reason: "outside_workspace" });
  });

  it("refuses changes to an archived workspace as read_only, and says so", async () => {
    const ws = await makeWorkspace(root, [], "ARCHIVED");
    for (const op of ["write", "delete", "execute"] as const) {
      const error = (await attempt(ws, "normal.txt", op, "owner")).error;
      expect(error).toMatchObject({ code: "PATH_DENIED", reason: "read_only" });
      expect(error?.message).toMatch(/archived/u);
    }
    expect((await attempt(ws, "normal.txt", "read", "owner")).got).toBe("inside");
    expect(await db().auditEvent.count({ where: { workspaceId: ws.id, reason: "read_only" } })).toBe(3);
    const gone = await makeWorkspace(path.join(base, "packed-away"), [], "ARCHIVED");
    await expect(guardPath(ctx, gone, "owner", "x.txt", "read", "files.read")).rejects.toMatchObject({ code: "CONFLICT", reason: "workspace_archived" });
  });

  it("stores hostile targets the database cannot hold verbatim, still one row per refusal", async () => {
    const ws = await makeWorkspace(root, []);
    for (const raw of ["a\0b", "x\ud800", "\u202eexe.txt", "y".repeat(50_000)]) {
      await expect(guardPath(ctx, ws, "editor", raw, "read", "files.read")).rejects.toMatchObject({ reason: "invalid_path" });
    }
    const rows = await db().auditEvent.findMany({ where: { workspaceId: ws.id }, orderBy: { at: "asc" } });
    expect(rows.map((r) => r.target).sort()).toEqual(["a\0b", "x\ud800", "\u202eexe.txt", "y".repeat(50_000)].map((raw) => auditTargetOf(raw).target).sort());
    expect(rows.find((r) => r.target?.startsWith("yyy"))?.details).toMatchObject({ targetEncoding: "truncated", targetLength: 50_000 });
  });

  it("loads rules and reports an unknown workspace clearly", async () => {
    const ws = await makeWorkspace(root, [{ pattern: "a/**", effect: "BLOCK" }]);
    expect(ws.rules).toEqual([{ pattern: "a/**", effect: "BLOCK" }]);
    await expect(loadGuardTarget("no-such-workspace")).rejects.toMatchObject({ code: "NOT_FOUND", reason: "workspace_not_found" });
  });
});

describe("between check and use (TOCTOU)", () => {
  const { O_RDONLY, O_WRONLY, O_CREAT, O_TRUNC } = constants;

  async function denialRows(wsId: string) {
    return db().auditEvent.findMany({ where: { workspaceId: wsId }, orderBy: { at: "asc" } });
  }

  it("refuses a folder swapped for a symlink to outside after the check (read and create)", async () => {
    const ws = await makeWorkspace(root, []);
    await mkdir(path.join(root, "race"), { recursive: true });
    await writeFile(path.join(root, "race", "file.txt"), "inside");
    const read = await guardPath(ctx, ws, "editor", "race/file.txt", "read", "files.read");
    const create = await guardPath(ctx, ws, "editor", "race/new.txt", "write", "files.write");
    await rename(path.join(root, "race"), path.join(root, "race-old"));
    await symlink(outside, path.join(root, "race"));

    await expect(openGuarded(read, O_RDONLY)).rejects.toMatchObject({ code: "PATH_DENIED", reason: "outside_workspace" });
    await expect(openGuarded(create, O_WRONLY | O_CREAT)).rejects.toMatchObject({ code: "PATH_DENIED", reason: "outside_workspace" });
    await expect(confinedCall(create, ({ fs, parent }) => fs.list(parent))).rejects.toMatchObject({ reason: "outside_workspace" });
    await expect(stat(path.join(outside, "new.txt"))).rejects.toMatchObject({ code: "ENOENT" });
    // A plain open of the checked path would have escaped; that is the race being closed.
    expect(await readFile(read.absolute, "utf8")).toBe("OUTSIDE");

    const rows = await denialRows(ws.id);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.reason === "outside_workspace" && (r.details as { stage?: string }).stage === "open")).toBe(true);
    expect(rows.map((r) => r.target).sort()).toEqual(["race/file.txt", "race/new.txt", "race/new.txt"]);
  });

  it("refuses a final file swapped for a symlink, a FIFO or a hard link, without modifying it", async () => {
    const ws = await makeWorkspace(root, []);
    await writeFile(path.join(root, "final.txt"), "inside");
    const asLink = await guardPath(ctx, ws, "editor", "final.txt", "read", "files.read");
    await unlink(path.join(root, "final.txt"));
    await symlink(path.join(outside, "secret.txt"), path.join(root, "final.txt"));
    await expect(openGuarded(asLink, O_RDONLY)).rejects.toMatchObject({ reason: "outside_workspace" });

    await writeFile(path.join(root, "pipe.txt"), "inside");
    const asFifo = await guardPath(ctx, ws, "editor", "pipe.txt", "read", "files.read");
    await unlink(path.join(root, "pipe.txt"));
    execFileSync("mkfifo", [path.join(root, "pipe.txt")]);
    await expect(openGuarded(asFifo, O_RDONLY)).rejects.toMatchObject({ reason: "invalid_path" }); // and did not hang

    if (!skipped.some((s) => s.startsWith("hardlink"))) {
      await writeFile(path.join(root, "later.txt"), "keep me");
      giveToSandbox(root);
      const asHardLink = await guardPath(ctx, ws, "editor", "later.txt", "write", "files.write");
      await link(path.join(root, "later.txt"), path.join(outside, `alias-${randomBytes(3).toString("hex")}.txt`));
      await expect(openGuarded(asHardLink, O_WRONLY | O_TRUNC)).rejects.toMatchObject({ reason: "hard_link" });
      expect(await readFile(path.join(root, "later.txt"), "utf8")).toBe("keep me");
    }
  });

  it("refuses a folder swapped for a symlink to a protected folder inside the root", async () => {
    const ws = await makeWorkspace(root, []);
    await mkdir(path.join(root, "cfg"), { recursive: true });
    await writeFile(path.join(root, "cfg", "config"), "harmless");
    const g = await guardPath(ctx, ws, "editor", "cfg/config", "read", "files.read");
    await rename(path.join(root, "cfg"), path.join(root, "cfg-old"));
    await symlink(".git", path.join(root, "cfg"));
    await expect(openGuarded(g, O_RDONLY)).rejects.toMatchObject({ code: "PATH_DENIED" });
  });

  it("opens, writes atomically and lists through pinned folders when nothing changed", async () => {
    const ws = await makeWorkspace(root, []);
    const read = await guardPath(ctx, ws, "editor", "i1/file.txt", "read", "files.read");
    const handle = await openGuarded(read, O_RDONLY);
    try {
      expect(await handle.readFile("utf8")).toBe("sub file");
    } finally {
      await handle.close();
    }
    const target = await guardPath(ctx, ws, "editor", "made/deep/new.txt", "write", "files.write");
    await confinedCall(target, async ({ fs, parent, name, rel }) => {
      await fs.mkdir(parent, { parents: true });
      const temp = await fs.open(`${parent}/.tmp-${name}`, { write: true, create: true, exclusive: true });
      await temp.handle.writeFile("atomic");
      await temp.handle.close();
      await fs.rename(`${parent}/.tmp-${name}`, rel);
    });
    expect(await readFile(path.join(root, "made", "deep", "new.txt"), "utf8")).toBe("atomic");
    const listing = await guardPath(ctx, ws, "viewer", "sub", "list", "files.list");
    expect((await confinedCall(listing, ({ fs, rel }) => fs.list(rel))).map((e) => e.name).sort()).toEqual(["deep_up", "file.txt"]);
    await expect(openGuarded(read, O_WRONLY)).rejects.toMatchObject({ code: "INTERNAL", reason: "guard_op_mismatch" });
    await expect(openGuarded({ ...read }, O_RDONLY)).rejects.toMatchObject({ code: "INTERNAL", reason: "unguarded_path" });
    expect(await db().auditEvent.count({ where: { workspaceId: ws.id } })).toBe(0);
  });

  it("never reads outside while another process keeps swapping a folder and a symlink", async () => {
    const ws = await makeWorkspace(root, []);
    await mkdir(path.join(root, "flip"), { recursive: true });
    await writeFile(path.join(root, "flip", "file.txt"), "inside");
    const script = `
      const fs = require("fs");
      const end = Date.now() + Number(process.argv[1]);
      while (Date.now() < end) {
        try { fs.renameSync("flip", "flip_store"); fs.symlinkSync(${JSON.stringify(outside)}, "flip"); } catch {}
        try { fs.unlinkSync("flip"); fs.renameSync("flip_store", "flip"); } catch {}
      }`;
    const flipper = spawn(process.execPath, ["-e", script, "2500"], { cwd: root, stdio: "ignore" });
    const exited = new Promise<void>((resolve) => flipper.once("exit", () => resolve()));
    const counts = { read: 0, denied: 0, vanished: 0 };
    const started = Date.now();
    while (Date.now() - started < 2000) {
      try {
        const g = await guardPath(ctx, ws, "editor", "flip/file.txt", "read", "files.read");
        const handle = await openGuarded(g, O_RDONLY);
        try {
          expect(await handle.readFile("utf8")).toBe("inside");
          counts.read++;
        } finally {
          await handle.close();
        }
      } catch (error) {
        if (isAppError(error) && error.code === "PATH_DENIED") counts.denied++;
        else if (["ENOENT", "ENOTDIR"].includes((error as { code?: string }).code ?? "")) counts.vanished++;
        else throw error;
      }
    }
    await exited;
    console.info("[path-guard.int] swap race outcomes:", counts);
    expect(counts.read + counts.denied + counts.vanished).toBeGreaterThan(50);
    expect(await db().auditEvent.count({ where: { workspaceId: ws.id } })).toBe(counts.denied);
  });
});
