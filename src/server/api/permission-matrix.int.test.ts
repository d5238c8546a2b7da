// THE permission matrix: every procedure of appRouter, and every streaming HTTP route under
// src/app/api/workspaces, called by every kind of caller, against ONE table each. Procedures are
// enumerated from the router and routes from the route files, so adding one without a row here
// fails this test (and so does a row for one that no longer exists).
//
// How a call is judged:
// - "deny" means the permission layer refused it: UNAUTHORIZED (not signed in), FORBIDDEN with a
//   tier reason (`role_required`, `admin_required`, `missing_scope`), or NOT_FOUND with
//   `workspace_not_found` / `api_key_workspace_not_allowed` (strangers are told nothing).
// - "allow" means the call succeeded with the row's input. Inputs are built to be valid, so a
//   domain error is NOT counted as allowed unless the row lists its reason in `passes` (e.g. the
//   last owner trying to leave): a broken input factory cannot hide a permission bug.
import { randomBytes } from "node:crypto";
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiKey } from "~/server/auth/api-keys";
import type { ActorUser } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { archiveWorkspace } from "~/server/workspaces/archive";
import { createWorkspace } from "~/server/workspaces/create-workspace";
import { hostTempDir, makeUser, removeDataDir } from "~/server/workspaces/test-helpers";
import type { WorkspaceView } from "~/server/workspaces/view";
import { callerAs, callerWith, callerWithKey, makeKey, sessionCookie, STRONG_PASSWORD, uniqueEmail } from "~/test/actors";
import { appRouter } from "./root";
import { writeSnapshot } from "~/server/snapshots/snapshots";
import { craftArchive } from "~/server/snapshots/archives.fixture";
import { contentVersion } from "~/server/files/version";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));
afterAll(removeDataDir);

const WHO = ["anon", "none", "viewer", "editor", "owner", "admin"] as const;
type Who = (typeof WHO)[number];
type Verdict = "allow" | "deny";

interface People {
  owner: ActorUser;
  editor: ActorUser;
  viewer: ActorUser;
  /** Signed in, member of nothing: the "none" column. */
  stranger: ActorUser;
  admin: ActorUser;
}

interface Fixture {
  who: Who;
  /** The caller; null when anonymous. */
  user: ActorUser | null;
  people: People;
  /** A python-template workspace for calls that change little; owner, editor and viewer are members. */
  shared: WorkspaceView;
  /** A new workspace with the same members, for calls that destroy or reshape it. */
  fresh(): Promise<WorkspaceView>;
  /** A fresh workspace, already archived. */
  archived(): Promise<WorkspaceView>;
}

type Row = Record<Who, Verdict> & {
  input: (f: Fixture) => unknown;
  /** AppError reasons that still prove the call got past the permission layer. */
  passes?: string[];
};

const A = "allow" as const;
const D = "deny" as const;
const PUBLIC = { anon: A, none: A, viewer: A, editor: A, owner: A, admin: A };
const SIGNED_IN = { anon: D, none: A, viewer: A, editor: A, owner: A, admin: A };
const ADMIN_ONLY = { anon: D, none: D, viewer: D, editor: D, owner: D, admin: A };
const VIEWER_UP = { anon: D, none: D, viewer: A, editor: A, owner: A, admin: A };
const EDITOR_UP = { anon: D, none: D, viewer: D, editor: A, owner: A, admin: A };
const OWNER_UP = { anon: D, none: D, viewer: D, editor: D, owner: A, admin: A };

const tag = () => randomBytes(4).toString("hex");
const seedSnapshot = (f: Fixture, w: WorkspaceView) =>
  writeSnapshot({ actor: { user: f.people.owner, apiKey: null }, ip: null, channel: "UI" }, w, { label: "seed", kind: "MANUAL", includeProtected: false, keep: false });
const ws = (w: WorkspaceView, rest: Record<string, unknown> = {}) => ({ workspaceId: w.id, ...rest });
const seedTask = (f: Fixture) => db().task.create({ data: { workspaceId: f.shared.id, userId: f.people.editor.id, command: "echo seeded", timeoutMs: 60_000 } });

/** Puts a file into a workspace behind the API's back, for calls that need one to exist. */
async function seedFile(w: WorkspaceView, name: string): Promise<string> {
  await writeFile(path.join(w.rootPath, name), `seeded ${name}\n`);
  return name;
}

const TABLE: Record<string, Row> = {
  "auth.config": { ...PUBLIC, input: () => undefined },
  "auth.session": { ...PUBLIC, input: () => undefined },
  "auth.signUp": { ...PUBLIC, input: () => ({ email: uniqueEmail("matrix"), password: STRONG_PASSWORD }), passes: ["signup_disabled"] },
  "auth.me": { ...SIGNED_IN, input: () => undefined },

  "apiKeys.list": { ...SIGNED_IN, input: () => undefined },
  "apiKeys.create": { ...SIGNED_IN, input: () => ({ name: "matrix", scopes: ["read"] }) },
  "apiKeys.revoke": {
    ...SIGNED_IN,
    input: async (f) => ({ id: f.user ? (await createApiKey({ actor: { user: f.user, apiKey: null }, ip: null, channel: "UI" }, { name: "to revoke", scopes: ["read"] })).apiKey.id : "no-key" }),
  },

  "admin.users": { ...ADMIN_ONLY, input: () => undefined },
  "admin.setUserDisabled": { ...ADMIN_ONLY, input: async () => ({ userId: (await makeUser()).id, disabled: true }) },
  "admin.setUserRole": { ...ADMIN_ONLY, input: async () => ({ userId: (await makeUser()).id, role: "ADMIN" }) },
  "admin.sessions": { ...ADMIN_ONLY, input: () => ({ includeStopped: true }) },
  "admin.killSession": { ...ADMIN_ONLY, input: () => ({ sessionId: "missing-session" }), passes: ["session_not_found"] },
  "system.health": { ...PUBLIC, input: () => undefined },

  "workspaces.create": { ...SIGNED_IN, input: () => ({ name: `Matrix ${tag()}`, template: "empty" }) },
  "workspaces.registerHostDir": { ...ADMIN_ONLY, input: async () => ({ path: await hostTempDir("matrix"), name: `Host ${tag()}` }) },
  "workspaces.list": { ...SIGNED_IN, input: () => ({ scope: "member" }) },
  "workspaces.get": { ...VIEWER_UP, input: (f) => ws(f.shared) },
  "workspaces.update": { ...OWNER_UP, input: (f) => ws(f.shared, { description: `edited ${tag()}` }) },
  "workspaces.archive": { ...OWNER_UP, input: async (f) => ws(await f.fresh()) },
  "workspaces.unarchive": { ...OWNER_UP, input: async (f) => ws(await f.archived()) },
  "workspaces.delete": { ...OWNER_UP, input: async (f) => ws(await f.fresh(), { deleteFiles: true }) },
  // Names are per owner: each caller looks up (or creates) one of their own.
  "workspaces.byName": {
    ...SIGNED_IN,
    input: async (f) => {
      const name = `matrix-${tag()}`;
      if (f.user) await createWorkspace({ actor: { user: f.user, apiKey: null }, ip: null, channel: "UI" }, { name });
      return { name };
    },
  },
  "workspaces.ensureNamed": { ...SIGNED_IN, input: () => ({ name: `matrix-${tag()}` }) },
  "workspaces.resolve": { ...SIGNED_IN, input: () => ({ scope: "agent", key: `matrix:${tag()}`, create: true }) },

  "members.list": { ...VIEWER_UP, input: (f) => ws(f.shared) },
  "members.invite": { ...OWNER_UP, input: async (f) => ws(f.shared, { email: (await makeUser()).email, role: "viewer" }) },
  "members.setRole": { ...OWNER_UP, input: async (f) => ws(await f.fresh(), { userId: f.people.viewer.id, role: "editor" }) },
  "members.remove": { ...OWNER_UP, input: async (f) => ws(await f.fresh(), { userId: f.people.editor.id }) },
  // Any member may leave; the owner of a fresh workspace is its last owner, and an admin is no member.
  "members.leave": { ...VIEWER_UP, input: async (f) => ws(await f.fresh()), passes: ["last_owner", "member_not_found"] },

  "pathRules.list": { ...VIEWER_UP, input: (f) => ws(f.shared) },
  "pathRules.create": { ...OWNER_UP, input: (f) => ws(f.shared, { pattern: `matrix-${tag()}/**`, effect: "read_only" }) },
  "pathRules.delete": {
    ...OWNER_UP,
    input: async (f) => ws(f.shared, { ruleId: (await db().pathRule.create({ data: { workspaceId: f.shared.id, pattern: `gone-${tag()}`, effect: "BLOCK" } })).id }),
  },
  "pathRules.preview": { ...OWNER_UP, input: (f) => ws(f.shared, { pattern: "*.py" }) },

  "policy.commandPolicy": { ...VIEWER_UP, input: (f) => ws(f.shared) },
  "policy.setCommandPolicy": { ...OWNER_UP, input: (f) => ws(f.shared, { preset: "open" }) },
  "policy.checkPath": { ...VIEWER_UP, input: (f) => ws(f.shared, { path: "main.py", permission: "read" }) },
  "policy.limits": { ...VIEWER_UP, input: (f) => ws(f.shared) },
  "policy.setLimits": { ...OWNER_UP, input: (f) => ws(f.shared, { limits: { processes: 50 } }) },
  "policy.ceilings": { ...SIGNED_IN, input: () => undefined },
  "policy.setCeilings": { ...ADMIN_ONLY, input: () => ({}) },
  "policy.workerHealth": { ...ADMIN_ONLY, input: () => undefined },

  "audit.list": { ...ADMIN_ONLY, input: (f) => ({ workspaceId: f.shared.id, limit: 10 }) },
  "audit.export": { ...ADMIN_ONLY, input: (f) => ({ workspaceId: f.shared.id }) },
  "audit.denialsPerDay": { ...ADMIN_ONLY, input: (f) => ({ days: 7, workspaceId: f.shared.id }) },

  "files.list": { ...VIEWER_UP, input: (f) => ws(f.shared, { path: "" }) },
  "files.stat": { ...VIEWER_UP, input: (f) => ws(f.shared, { path: "main.py" }) },
  "files.exists": { ...VIEWER_UP, input: (f) => ws(f.shared, { path: "main.py" }) },
  "files.read": { ...VIEWER_UP, input: (f) => ws(f.shared, { path: "main.py" }) },
  "files.grep": { ...VIEWER_UP, input: (f) => ws(f.shared, { query: "Hello" }) },
  "files.find": { ...VIEWER_UP, input: (f) => ws(f.shared, { exclude: [".git"] }) },
  "files.write": { ...EDITOR_UP, input: (f) => ws(f.shared, { path: `w-${tag()}.txt`, content: "x" }) },
  "files.append": { ...EDITOR_UP, input: (f) => ws(f.shared, { path: `a-${tag()}.txt`, content: "x" }) },
  "files.mkdir": { ...EDITOR_UP, input: (f) => ws(f.shared, { path: `d-${tag()}` }) },
  "files.move": { ...EDITOR_UP, input: async (f) => ws(f.shared, { from: await seedFile(f.shared, `m-${tag()}.txt`), to: `moved-${tag()}.txt` }) },
  "files.copy": { ...EDITOR_UP, input: (f) => ws(f.shared, { from: "main.py", to: `copy-${tag()}.py` }) },
  "files.delete": { ...EDITOR_UP, input: async (f) => ws(f.shared, { path: await seedFile(f.shared, `del-${tag()}.txt`) }) },
  "files.replacePreview": { ...EDITOR_UP, input: (f) => ws(f.shared, { query: "Hello", replacement: "Hello" }) },
  "files.replaceApply": {
    ...EDITOR_UP,
    input: async (f) => {
      const name = await seedFile(f.shared, `r-${tag()}.txt`);
      return ws(f.shared, { query: "seeded", replacement: "x", files: [{ path: name, version: contentVersion(Buffer.from(`seeded ${name}\n`)) }] });
    },
  },
  "files.replaceUndo": { ...EDITOR_UP, input: async (f) => ws(f.shared, { files: [{ path: await seedFile(f.shared, `u-${tag()}.txt`), version: "stale", content: "x" }] }) },
  "layout.get": { ...VIEWER_UP, input: (f) => ws(f.shared) },
  "layout.save": { ...VIEWER_UP, input: (f) => ws(f.shared, { state: { version: 1, tabs: [], active: null, side: "explorer", sideVisible: true, bottom: "terminal", bottomVisible: true, sizes: {} } }) },
  // Sandbox calls are aimed at a missing session or a refused image: they prove the permission
  // layer let them through without starting containers for every role.
  // No worker runs in this test: submitted tasks stay queued, and cancelling one never starts it.
  "tasks.list": { ...VIEWER_UP, input: (f) => ws(f.shared, { status: ["QUEUED"] }) },
  "tasks.get": { ...VIEWER_UP, input: async (f) => ws(f.shared, { taskId: (await seedTask(f)).id }) },
  "tasks.submit": { ...EDITOR_UP, input: (f) => ws(f.shared, { command: "echo matrix", priority: "low" }) },
  "tasks.cancel": { ...EDITOR_UP, input: async (f) => ws(f.shared, { taskId: (await seedTask(f)).id }) },
  "snapshots.list": { ...VIEWER_UP, input: (f) => ws(f.shared) },
  "snapshots.get": { ...VIEWER_UP, input: async (f) => ws(f.shared, { snapshotId: (await seedSnapshot(f, f.shared)).id }) },
  // Roles run at once on one workspace: a snapshot already running there proves the call got through.
  "snapshots.create": { ...EDITOR_UP, input: (f) => ws(f.shared, { label: `matrix ${tag()}` }), passes: ["workspace_busy"] },
  "snapshots.delete": { ...OWNER_UP, input: async (f) => ws(f.shared, { snapshotId: (await seedSnapshot(f, f.shared)).id }) },
  "snapshots.restore": {
    ...OWNER_UP,
    input: async (f) => {
      const w = await f.fresh();
      return ws(w, { snapshotId: (await seedSnapshot(f, w)).id });
    },
  },
  // Each caller gets its own new workspace (a unique name); the shared source is never changed.
  // Owners only: a snapshot carries the files path rules block, and the copy would be the caller's.
  "snapshots.restoreAsNew": {
    ...OWNER_UP,
    input: async (f) => ws(f.shared, { snapshotId: (await seedSnapshot(f, f.shared)).id, name: `Matrix copy ${tag()}` }),
  },
  "sandbox.options": { ...VIEWER_UP, input: (f) => ws(f.shared) },
  "sandbox.sessions.list": { ...VIEWER_UP, input: (f) => ws(f.shared) },
  "sandbox.sessions.create": { ...EDITOR_UP, input: (f) => ws(f.shared, { image: "not-allowed/image:1" }), passes: ["image_not_allowed"] },
  "sandbox.sessions.stop": { ...EDITOR_UP, input: (f) => ws(f.shared, { sessionId: "missing-session" }), passes: ["session_not_found"] },
  "sandbox.sessions.destroy": { ...EDITOR_UP, input: (f) => ws(f.shared, { sessionId: "missing-session" }), passes: ["session_not_found"] },
  "sandbox.sessions.snapshot": { ...EDITOR_UP, input: (f) => ws(f.shared, { sessionId: "missing-session" }), passes: ["session_not_found"] },
  "sandbox.sessions.stats": { ...VIEWER_UP, input: (f) => ws(f.shared, { sessionId: "missing-session" }), passes: ["session_not_found"] },
  "sandbox.startSession": { ...EDITOR_UP, input: (f) => ({ workspaceId: f.shared.id, image: "not-allowed/image:1" }), passes: ["image_not_allowed"] },
  "state.list": { ...VIEWER_UP, input: (f) => ws(f.shared) },
  "state.get": { ...VIEWER_UP, input: (f) => ws(f.shared, { key: "missing-key" }), passes: ["state_not_found"] },
  "state.set": { ...EDITOR_UP, input: (f) => ws(f.shared, { key: `k-${tag()}`, value: { n: 1 } }) },
  "state.delete": { ...EDITOR_UP, input: (f) => ws(f.shared, { key: "missing-key" }), passes: ["state_not_found"] },
  "sandbox.exec": { ...EDITOR_UP, input: (f) => ws(f.shared, { command: ["true"], sessionId: "missing-session" }), passes: ["session_not_found"] },
  "sharedFolders.list": { ...ADMIN_ONLY, input: () => undefined },
  "sharedFolders.define": { ...ADMIN_ONLY, input: async () => ({ name: `matrix-${tag()}`.toLowerCase().slice(0, 40), hostPath: await hostTempDir("matrix-shared") }) },
  "sharedFolders.update": { ...ADMIN_ONLY, input: () => ({ id: "missing-folder", allowWrite: true }), passes: ["shared_folder_not_found"] },
  "sharedFolders.delete": { ...ADMIN_ONLY, input: () => ({ id: "missing-folder" }), passes: ["shared_folder_not_found"] },
  "sharedFolders.forWorkspace": { ...VIEWER_UP, input: (f) => ws(f.shared) },
  "sharedFolders.attach": { ...OWNER_UP, input: (f) => ws(f.shared, { name: "missing-folder" }), passes: ["shared_folder_not_found"] },
  "sharedFolders.detach": { ...OWNER_UP, input: (f) => ws(f.shared, { name: "missing-folder" }), passes: ["shared_folder_not_found"] },
  "sandbox.executeCode": { ...EDITOR_UP, input: (f) => ws(f.shared, { code: "true", runtime: "bash", sessionId: "missing-session" }), passes: ["session_not_found"] },
};

/** A read-only API key of the shared workspace's owner (and of the admin, for admin procedures). */
const READ_KEY_TABLE: Record<string, { as: "owner" | "admin"; expect: Verdict }> = {
  "auth.me": { as: "owner", expect: A },
  "apiKeys.list": { as: "owner", expect: A },
  "apiKeys.create": { as: "owner", expect: D },
  "admin.users": { as: "admin", expect: D },
  "admin.sessions": { as: "admin", expect: D },
  "workspaces.list": { as: "owner", expect: A },
  "workspaces.get": { as: "owner", expect: A },
  "workspaces.create": { as: "owner", expect: D },
  "workspaces.registerHostDir": { as: "admin", expect: D },
  "workspaces.update": { as: "owner", expect: D },
  "workspaces.archive": { as: "owner", expect: D },
  "workspaces.delete": { as: "owner", expect: D },
  "workspaces.byName": { as: "owner", expect: A },
  "workspaces.ensureNamed": { as: "owner", expect: D },
  "workspaces.resolve": { as: "owner", expect: D },
  "sandbox.startSession": { as: "owner", expect: D },
  "state.list": { as: "owner", expect: A },
  "state.get": { as: "owner", expect: A },
  "state.set": { as: "owner", expect: D },
  "state.delete": { as: "owner", expect: D },
  "members.list": { as: "owner", expect: A },
  "members.invite": { as: "owner", expect: D },
  "members.leave": { as: "owner", expect: D },
  "pathRules.list": { as: "owner", expect: A },
  "pathRules.preview": { as: "owner", expect: A },
  "pathRules.create": { as: "owner", expect: D },
  "policy.checkPath": { as: "owner", expect: A },
  "policy.setCommandPolicy": { as: "owner", expect: D },
  "policy.setLimits": { as: "owner", expect: D },
  "files.read": { as: "owner", expect: A },
  "files.write": { as: "owner", expect: D },
  "files.replacePreview": { as: "owner", expect: D },
  "files.replaceApply": { as: "owner", expect: D },
  "layout.get": { as: "owner", expect: A },
  "layout.save": { as: "owner", expect: A },
  "sandbox.exec": { as: "owner", expect: D },
  "snapshots.list": { as: "owner", expect: A },
  "snapshots.create": { as: "owner", expect: D },
  "snapshots.restoreAsNew": { as: "owner", expect: D },
  "tasks.list": { as: "owner", expect: A },
  "tasks.submit": { as: "owner", expect: D },
  "audit.list": { as: "admin", expect: D },
  "sharedFolders.define": { as: "admin", expect: D },
  "sharedFolders.attach": { as: "owner", expect: D },
  "sharedFolders.forWorkspace": { as: "owner", expect: A },
};

const PERMISSION_REASONS: Record<string, ReadonlySet<string>> = {
  FORBIDDEN: new Set(["role_required", "admin_required", "missing_scope"]),
  NOT_FOUND: new Set(["workspace_not_found", "api_key_workspace_not_allowed"]),
};

interface Failure {
  code: string;
  reason?: string;
  message: string;
}

function failureOf(error: unknown): Failure {
  const e = error as { code?: string; message?: string; cause?: { reason?: string } };
  return { code: e.code ?? "UNKNOWN", reason: e.cause?.reason, message: e.message ?? String(error) };
}

function isPermissionDenial(f: Failure): boolean {
  return f.code === "UNAUTHORIZED" || (f.reason !== undefined && (PERMISSION_REASONS[f.code]?.has(f.reason) ?? false));
}

type Callable = (input: unknown) => Promise<unknown>;

function procedureOf(caller: unknown, dotted: string): Callable {
  let node = caller;
  for (const key of dotted.split(".")) node = (node as Record<string, unknown>)[key];
  if (typeof node !== "function") throw new Error(`${dotted} is not callable on the caller`);
  return node as Callable;
}

/** "allow", "deny", or a description of an unexpected failure. */
async function judge(call: Promise<unknown>, passes: readonly string[] = []): Promise<string> {
  try {
    await call;
    return A;
  } catch (error) {
    const f = failureOf(error);
    if (isPermissionDenial(f)) return D;
    if (f.reason && passes.includes(f.reason)) return A;
    return `error ${f.code}${f.reason ? `/${f.reason}` : ""}: ${f.message}`;
  }
}

let people: People;
let shared: WorkspaceView;
let callers: Record<Who, unknown>;

async function newWorkspace(): Promise<WorkspaceView> {
  const w = await createWorkspace({ actor: { user: people.owner, apiKey: null }, ip: null, channel: "UI" }, { name: `Matrix ws ${tag()}`, template: "python" });
  await db().membership.createMany({
    data: [
      { workspaceId: w.id, userId: people.editor.id, role: "EDITOR" },
      { workspaceId: w.id, userId: people.viewer.id, role: "VIEWER" },
    ],
  });
  return w;
}

function fixtureFor(who: Who): Fixture {
  const user = who === "anon" ? null : who === "none" ? people.stranger : people[who];
  return {
    who,
    user,
    people,
    shared,
    fresh: newWorkspace,
    archived: async () => {
      const w = await newWorkspace();
      await archiveWorkspace({ actor: { user: people.owner, apiKey: null }, ip: null, channel: "UI" }, w.id);
      return w;
    },
  };
}

beforeAll(async () => {
  const [owner, editor, viewer, stranger, admin] = await Promise.all([makeUser(), makeUser(), makeUser(), makeUser(), makeUser({ admin: true })]);
  people = { owner, editor, viewer, stranger, admin };
  shared = await newWorkspace();
  callers = {
    anon: await callerWith({}),
    none: await callerAs(stranger),
    viewer: await callerAs(viewer),
    editor: await callerAs(editor),
    owner: await callerAs(owner),
    admin: await callerAs(admin),
  };
});

describe("the permission matrix", () => {
  const procedures = Object.keys(appRouter._def.procedures).sort();

  it("has exactly one row per procedure of appRouter", () => {
    expect(procedures.length).toBeGreaterThan(0);
    expect(procedures.filter((p) => !(p in TABLE)), "procedures without a row in TABLE").toEqual([]);
    expect(Object.keys(TABLE).filter((p) => !procedures.includes(p)), "rows for procedures that do not exist").toEqual([]);
  });

  it.each(procedures.filter((p) => p in TABLE))("%s answers each caller as the table says", async (procedure) => {
    const row = TABLE[procedure]!;
    const outcomes = await Promise.all(
      WHO.map(async (who) => {
        const input = await row.input(fixtureFor(who));
        const outcome = await judge(procedureOf(callers[who], procedure)(input), row.passes);
        return `${who}: ${outcome}`;
      }),
    );
    expect(outcomes).toEqual(WHO.map((who) => `${who}: ${row[who]}`));
  });
});

describe("the permission matrix with a read-only API key", () => {
  it("lets read procedures through and refuses everything that needs another scope", async () => {
    const keys = {
      owner: await callerWithKey(await makeKey(people.owner, { scopes: ["read"] })),
      admin: await callerWithKey(await makeKey(people.admin, { scopes: ["read"] })),
    };
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const [procedure, { as, expect: verdict }] of Object.entries(READ_KEY_TABLE)) {
      const row = TABLE[procedure];
      if (!row) throw new Error(`${procedure} is in READ_KEY_TABLE but not in TABLE`);
      const input = await row.input(fixtureFor(as));
      outcomes.push(`${procedure}: ${await judge(procedureOf(keys[as], procedure)(input), row.passes)}`);
      expected.push(`${procedure}: ${verdict}`);
    }
    expect(outcomes).toEqual(expected);
  });

  it("a key pinned to another workspace cannot reach this one", async () => {
    const elsewhere = await newWorkspace();
    const pinned = await callerWithKey(await makeKey(people.owner, { scopes: ["read", "write"], workspaceIds: [elsewhere.id] }));
    expect(await judge(procedureOf(pinned, "workspaces.get")({ workspaceId: shared.id }))).toBe(D);
    expect(await judge(procedureOf(pinned, "workspaces.get")({ workspaceId: elsewhere.id }))).toBe(A);
  });
});

/** One streaming HTTP route call: the request a caller sends and the route's params. */
interface RouteCall {
  path: string;
  init?: RequestInit;
  params: Record<string, string>;
}

type RouteRow = Record<Who, Verdict> & {
  call: (f: Fixture) => Promise<RouteCall>;
  /** With a read-only key of the owner. */
  readKey: Verdict;
};

const ROUTES_DIR = path.join(process.cwd(), "src/app/api/workspaces");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function uploadForm(): FormData {
  const form = new FormData();
  form.append("files", new Blob([`matrix ${tag()}\n`]), `matrix-${tag()}.txt`);
  return form;
}

/** Keyed `METHOD dir` (dir relative to src/app/api/workspaces), as found on disk. */
const ROUTE_TABLE: Record<string, RouteRow> = {
  "POST [workspaceId]/files/upload": {
    ...EDITOR_UP,
    readKey: D,
    call: (f) => Promise.resolve({ path: `/api/workspaces/${f.shared.id}/files/upload?dir=matrix`, init: { method: "POST", body: uploadForm() }, params: { workspaceId: f.shared.id } }),
  },
  "GET [workspaceId]/files/download": {
    ...VIEWER_UP,
    readKey: A,
    call: async (f) => ({ path: `/api/workspaces/${f.shared.id}/files/download?path=${await seedFile(f.shared, `dl-${tag()}.txt`)}`, params: { workspaceId: f.shared.id } }),
  },
  "GET [workspaceId]/export": { ...VIEWER_UP, readKey: A, call: (f) => Promise.resolve({ path: `/api/workspaces/${f.shared.id}/export`, params: { workspaceId: f.shared.id } }) },
  // Server-Sent Events: judged on the response head; the stream is cancelled right after.
  "GET [workspaceId]/events": { ...VIEWER_UP, readKey: A, call: (f) => Promise.resolve({ path: `/api/workspaces/${f.shared.id}/events`, params: { workspaceId: f.shared.id } }) },
  "GET [workspaceId]/snapshots/[snapshotId]/download": {
    ...OWNER_UP,
    readKey: A,
    call: async (f) => {
      const snapshot = await seedSnapshot(f, f.shared);
      return { path: `/api/workspaces/${f.shared.id}/snapshots/${snapshot.id}/download`, params: { workspaceId: f.shared.id, snapshotId: snapshot.id } };
    },
  },
  "POST import": {
    ...SIGNED_IN,
    readKey: D,
    call: () =>
      Promise.resolve({
        path: `/api/workspaces/import?name=${encodeURIComponent(`Imported ${tag()}`)}`,
        init: { method: "POST", headers: { "content-type": "application/gzip" }, body: new Uint8Array(craftArchive([{ path: "hello.txt", body: Buffer.from("hi\n") }])) },
        params: {},
      }),
  },
};

type RouteFn = (req: Request, args: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function routeFiles(): Promise<Map<string, RouteFn>> {
  const found = new Map<string, RouteFn>();
  const files = (await readdir(ROUTES_DIR, { recursive: true })).filter((f) => f.endsWith("route.ts"));
  for (const file of files) {
    const mod = (await import(path.join(ROUTES_DIR, file))) as Record<string, unknown>;
    const dir = path.dirname(file);
    for (const method of METHODS) if (typeof mod[method] === "function") found.set(`${method} ${dir}`, mod[method] as RouteFn);
  }
  return found;
}

/** "allow" (2xx), "deny" (the permission layer refused), or what else happened. */
async function judgeResponse(res: Response): Promise<string> {
  if (res.ok) {
    // A stream (the event stream) never ends by itself: what counts is that it was allowed.
    await res.body?.cancel();
    return A;
  }
  const text = await res.text();
  let f: Failure = { code: String(res.status), message: text.slice(0, 200) };
  try {
    const body = JSON.parse(text) as { error?: { code: string; reason?: string; message: string } };
    if (body.error) f = body.error;
  } catch {
    // not JSON: reported as it is
  }
  if (isPermissionDenial(f)) return D;
  return `error ${res.status} ${f.code}${f.reason ? `/${f.reason}` : ""}: ${f.message}`;
}

async function callRoute(route: RouteFn, call: RouteCall, credentials: Record<string, string>): Promise<string> {
  const headers = new Headers(call.init?.headers);
  for (const [name, value] of Object.entries(credentials)) headers.set(name, value);
  const req = new Request(`http://atrium.test${call.path}`, { ...call.init, headers });
  return judgeResponse(await route(req, { params: Promise.resolve(call.params) }));
}

describe("the permission matrix of the streaming HTTP routes", () => {
  let routes: Map<string, RouteFn>;
  beforeAll(async () => {
    routes = await routeFiles();
  });

  it("has exactly one row per route file and method", () => {
    const found = [...routes.keys()].sort();
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((r) => !(r in ROUTE_TABLE)), "routes without a row in ROUTE_TABLE").toEqual([]);
    expect(Object.keys(ROUTE_TABLE).filter((r) => !found.includes(r)), "rows for routes that do not exist").toEqual([]);
  });

  it.each(Object.keys(ROUTE_TABLE))("%s answers each caller as the table says", async (key) => {
    const row = ROUTE_TABLE[key]!;
    const route = routes.get(key);
    if (!route) throw new Error(`${key} has no route file`);
    const outcomes: string[] = [];
    for (const who of WHO) {
      const f = fixtureFor(who);
      const credentials: Record<string, string> = f.user ? { cookie: await sessionCookie(f.user.id) } : {};
      outcomes.push(`${who}: ${await callRoute(route, await row.call(f), credentials)}`);
    }
    const key_ = await makeKey(people.owner, { scopes: ["read"] });
    outcomes.push(`read key: ${await callRoute(route, await row.call(fixtureFor("owner")), { authorization: `Bearer ${key_}` })}`);
    expect(outcomes).toEqual([...WHO.map((who) => `${who}: ${row[who]}`), `read key: ${row.readKey}`]);
  });
});
