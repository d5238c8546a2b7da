// Integration-test fixture for the file service: a real temp folder as a workspace root, the
// Workspace and Membership rows created directly, callers for each role, and service-level
// contexts for calls that bypass tRPC.
import { giveToSandbox } from "~/test/sandbox-owner";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ActorUser, RequestContext, WorkspaceRoleName } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { callerAs, makeUser as makeAnyUser } from "~/test/actors";
import type { WorkspaceAccess } from "~/server/auth/workspace-access";
import { isTempName } from "./atomic";

let firstUser: Promise<unknown> | null = null;

/** Never the instance's first account (sign-up rules may make that one an admin). */
export async function makeUser(options: { admin?: boolean } = {}): Promise<ActorUser> {
  firstUser ??= makeAnyUser();
  await firstUser;
  return makeAnyUser(options);
}

export type Caller = Awaited<ReturnType<typeof callerAs>>;

export interface FileWorkspaceOptions {
  quotaBytes?: bigint;
  status?: "ACTIVE" | "ARCHIVED";
  rules?: { pattern: string; effect: "BLOCK" | "READ_ONLY" }[];
}

const roots: string[] = [];

export async function removeRoots(): Promise<void> {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
}

export async function fileWorkspace(options: FileWorkspaceOptions = {}) {
  const [owner, editor, viewer, stranger] = await Promise.all([makeUser(), makeUser(), makeUser(), makeUser()]);
  const root = await realpath(await mkdtemp(path.join(tmpdir(), "atrium-files-int-")));
  giveToSandbox(root);
  roots.push(root);
  const row = await db().workspace.create({
    data: {
      slug: `files-${randomBytes(5).toString("hex")}`,
      name: "Files test",
      ownerId: owner.id,
      rootPath: root,
      quotaBytes: options.quotaBytes ?? 1024n * 1024n * 1024n,
      status: options.status ?? "ACTIVE",
      memberships: {
        create: [
          { userId: owner.id, role: "OWNER" },
          { userId: editor.id, role: "EDITOR" },
          { userId: viewer.id, role: "VIEWER" },
        ],
      },
      pathRules: { create: options.rules ?? [] },
    },
  });
  const users = { owner, editor, viewer, stranger };
  const [o, e, v, s] = await Promise.all([owner, editor, viewer, stranger].map((u) => callerAs(u)));
  const as = { owner: o!, editor: e!, viewer: v!, stranger: s! };
  const roleOf: Record<"owner" | "editor" | "viewer", WorkspaceRoleName> = { owner: "owner", editor: "editor", viewer: "viewer" };

  return {
    id: row.id,
    root,
    users,
    as,
    /** A service-level context and access, as a socket or REST adapter would build them. */
    service(who: "owner" | "editor" | "viewer" = "editor"): { ctx: RequestContext; access: WorkspaceAccess } {
      return {
        ctx: { actor: { user: users[who], apiKey: null }, ip: "198.51.100.4", channel: "UI" },
        access: { workspace: { id: row.id, slug: row.slug, name: row.name, rootPath: root, status: row.status }, role: roleOf[who] },
      };
    },
    /** Writes a file directly on disk (behind the API's back), creating folders. */
    async put(relative: string, content: string | Buffer): Promise<void> {
      const full = path.join(root, relative);
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, content);
      giveToSandbox(root);
    },
    async usage(): Promise<bigint> {
      return (await db().workspace.findUniqueOrThrow({ where: { id: row.id }, select: { usageBytes: true } })).usageBytes;
    },
  };
}

export type FileWorkspace = Awaited<ReturnType<typeof fileWorkspace>>;

/** Every temp file or folder left anywhere under `root` (there should never be one after a call). */
export async function leftovers(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(root, { recursive: true })) {
    if (entry.split("/").some(isTempName)) found.push(entry);
  }
  return found;
}
