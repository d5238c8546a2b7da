// The workspace-role guard every workspace procedure uses: one table of who may do what.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ActorUser } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { failure, lastAudit, makeKey, makeUser, sessionCookie } from "~/test/actors";
import { createCallerFactory, createContext, createTRPCRouter, workspaceProcedure } from "./trpc";

const probe = createTRPCRouter({
  read: workspaceProcedure("viewer", "read").query(({ ctx }) => ctx.role),
  write: workspaceProcedure("editor", "write").mutation(({ ctx }) => ctx.role),
  manage: workspaceProcedure("owner", "write").mutation(({ ctx }) => ctx.role),
});
const createProbe = createCallerFactory(probe);

async function probeAs(options: { cookie?: string; authorization?: string }) {
  return createProbe(await createContext({ authorization: options.authorization ?? null, cookie: options.cookie ?? null, ip: "192.0.2.1", channel: "UI" }));
}

async function workspaceWith(members: Record<"owner" | "editor" | "viewer", ActorUser>) {
  return db().workspace.create({
    data: {
      slug: `ws-${randomBytes(4).toString("hex")}`,
      name: "Probe",
      ownerId: members.owner.id,
      rootPath: "/nonexistent",
      quotaBytes: 1024n,
      memberships: {
        create: [
          { userId: members.owner.id, role: "OWNER" },
          { userId: members.editor.id, role: "EDITOR" },
          { userId: members.viewer.id, role: "VIEWER" },
        ],
      },
    },
  });
}

const ALLOW = "allow";
const table: Record<"none" | "viewer" | "editor" | "owner" | "admin", Record<"read" | "write" | "manage", string>> = {
  none: { read: "NOT_FOUND", write: "NOT_FOUND", manage: "NOT_FOUND" },
  viewer: { read: ALLOW, write: "FORBIDDEN", manage: "FORBIDDEN" },
  editor: { read: ALLOW, write: ALLOW, manage: "FORBIDDEN" },
  owner: { read: ALLOW, write: ALLOW, manage: ALLOW },
  admin: { read: ALLOW, write: ALLOW, manage: ALLOW },
};

describe("workspaceProcedure", () => {
  it("enforces viewer < editor < owner, with admins as owners and strangers told nothing", async () => {
    const members = { owner: await makeUser(), editor: await makeUser(), viewer: await makeUser() };
    const people = { ...members, none: await makeUser(), admin: await makeUser({ admin: true }) };
    const ws = await workspaceWith(members);
    for (const [who, row] of Object.entries(table)) {
      const caller = await probeAs({ cookie: await sessionCookie(people[who as keyof typeof people].id) });
      for (const [proc, expected] of Object.entries(row)) {
        const call = proc === "read" ? caller.read({ workspaceId: ws.id }) : proc === "write" ? caller.write({ workspaceId: ws.id }) : caller.manage({ workspaceId: ws.id });
        const outcome = await call.then(() => ALLOW, (e: { code: string }) => e.code);
        expect(`${who} ${proc}: ${outcome}`).toBe(`${who} ${proc}: ${expected}`);
      }
    }
    expect(await lastAudit({ actorUserId: people.viewer.id, reason: "role_required" })).toMatchObject({ workspaceId: ws.id, action: "manage", permission: "owner", outcome: "DENIED" });
    expect(await lastAudit({ actorUserId: people.none.id, reason: "not_a_member" })).toMatchObject({ workspaceId: ws.id, outcome: "DENIED" });
  });

  it("narrows API keys to their scopes and their workspaces", async () => {
    const members = { owner: await makeUser(), editor: await makeUser(), viewer: await makeUser() };
    const ws = await workspaceWith(members);
    const other = await workspaceWith(members);
    const readOnly = await probeAs({ authorization: `Bearer ${await makeKey(members.owner, { scopes: ["read"] })}` });
    await expect(readOnly.read({ workspaceId: ws.id })).resolves.toBe("owner");
    expect(await failure(readOnly.write({ workspaceId: ws.id }))).toMatchObject({ code: "FORBIDDEN", reason: "missing_scope" });

    const pinned = await probeAs({ authorization: `Bearer ${await makeKey(members.owner, { scopes: ["read", "write"], workspaceIds: [other.id] })}` });
    await expect(pinned.write({ workspaceId: other.id })).resolves.toBe("owner");
    expect(await failure(pinned.read({ workspaceId: ws.id }))).toMatchObject({ code: "NOT_FOUND", reason: "api_key_workspace_not_allowed" });
  });

  it("answers NOT_FOUND for a workspace that does not exist", async () => {
    const caller = await probeAs({ cookie: await sessionCookie((await makeUser({ admin: true })).id) });
    expect(await failure(caller.read({ workspaceId: "does-not-exist" }))).toMatchObject({ code: "NOT_FOUND", reason: "workspace_not_found" });
  });
});
