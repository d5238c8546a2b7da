// Members: inviting by email, roles, leaving, and the last-owner protections.
import { afterAll, describe, expect, it, vi } from "vitest";
import { db } from "~/server/db/client";
import { callerAs, failure, lastAudit } from "~/test/actors";
import { makeTeam, makeUser, removeDataDir, teamWorkspace } from "./test-helpers";

vi.mock("~/env", async (importOriginal) => (await import("./test-data-dir")).withTempDataDir(await importOriginal()));
afterAll(removeDataDir);

describe("members", () => {
  it("owners invite existing accounts by email (any case) and everyone in the workspace sees the list, owners first", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team);
    const newcomer = await makeUser();
    const added = await team.as.owner.members.invite({ workspaceId: ws.id, email: newcomer.email.toUpperCase(), role: "viewer" });
    expect(added).toMatchObject({ userId: newcomer.id, email: newcomer.email, role: "viewer" });
    const list = await team.as.viewer.members.list({ workspaceId: ws.id });
    expect(list.map((m) => [m.userId, m.role])).toEqual([
      [team.owner.id, "owner"],
      [team.editor.id, "editor"],
      [team.viewer.id, "viewer"],
      [newcomer.id, "viewer"],
    ]);
    expect(await lastAudit({ actorUserId: team.owner.id, action: "members.invite" })).toMatchObject({ outcome: "ALLOWED", workspaceId: ws.id, target: newcomer.id });
  });

  it("refuses an unknown email with NOT_FOUND and a message that says what to do; a second invite is CONFLICT", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team);
    const err = await failure(team.as.owner.members.invite({ workspaceId: ws.id, email: "nobody-here@example.test" }));
    expect(err).toMatchObject({ code: "NOT_FOUND", reason: "user_not_found", message: "No Atrium account uses that email; ask them to sign up first." });
    expect(await failure(team.as.owner.members.invite({ workspaceId: ws.id, email: team.editor.email }))).toMatchObject({ code: "CONFLICT", reason: "already_member" });
    expect(await failure(team.as.owner.members.invite({ workspaceId: ws.id, email: "not an email" }))).toMatchObject({ code: "BAD_REQUEST" });
    const disabled = await makeUser();
    await db().user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    expect(await failure(team.as.owner.members.invite({ workspaceId: ws.id, email: disabled.email }))).toMatchObject({ code: "CONFLICT", reason: "user_disabled" });
  });

  it("only owners (and admins) manage members", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team);
    const someone = await makeUser();
    expect(await failure(team.as.editor.members.invite({ workspaceId: ws.id, email: someone.email }))).toMatchObject({ code: "FORBIDDEN", reason: "role_required" });
    expect(await failure(team.as.editor.members.setRole({ workspaceId: ws.id, userId: team.viewer.id, role: "editor" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure(team.as.stranger.members.list({ workspaceId: ws.id }))).toMatchObject({ code: "NOT_FOUND" });
    await expect(team.as.admin.members.invite({ workspaceId: ws.id, email: someone.email })).resolves.toMatchObject({ role: "editor" });
  });

  it("changes roles, which take effect on the next call", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team);
    expect(await failure(team.as.viewer.workspaces.update({ workspaceId: ws.id, description: "x" }))).toMatchObject({ code: "FORBIDDEN" });
    await expect(team.as.owner.members.setRole({ workspaceId: ws.id, userId: team.viewer.id, role: "owner" })).resolves.toMatchObject({ role: "owner" });
    await expect(team.as.viewer.workspaces.update({ workspaceId: ws.id, description: "x" })).resolves.toMatchObject({ description: "x" });
    await expect(team.as.owner.members.setRole({ workspaceId: ws.id, userId: team.editor.id, role: "viewer" })).resolves.toMatchObject({ role: "viewer" });
    expect(await lastAudit({ actorUserId: team.owner.id, action: "members.setRole" })).toMatchObject({ details: { from: "editor", to: "viewer" } });
    expect(await failure(team.as.owner.members.setRole({ workspaceId: ws.id, userId: team.stranger.id, role: "viewer" }))).toMatchObject({ code: "NOT_FOUND", reason: "member_not_found" });
  });

  it("protects the last owner from demotion, removal and leaving (CONFLICT last_owner)", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team);
    const demote = await failure(team.as.owner.members.setRole({ workspaceId: ws.id, userId: team.owner.id, role: "editor" }));
    expect(demote).toMatchObject({ code: "CONFLICT", reason: "last_owner" });
    expect(demote.message).toMatch(/Make someone else an owner first/);
    expect(await failure(team.as.owner.members.remove({ workspaceId: ws.id, userId: team.owner.id }))).toMatchObject({ reason: "last_owner" });
    expect(await failure(team.as.owner.members.leave({ workspaceId: ws.id }))).toMatchObject({ reason: "last_owner" });
    // Even an admin cannot remove the last owner.
    expect(await failure(team.as.admin.members.remove({ workspaceId: ws.id, userId: team.owner.id }))).toMatchObject({ reason: "last_owner" });

    // With a second owner, the first may go; the primary owner passes to the one who remains.
    await team.as.owner.members.setRole({ workspaceId: ws.id, userId: team.editor.id, role: "owner" });
    await expect(team.as.owner.members.leave({ workspaceId: ws.id })).resolves.toEqual({ left: true });
    expect((await db().workspace.findUniqueOrThrow({ where: { id: ws.id } })).ownerId).toBe(team.editor.id);
    expect(await failure(team.as.owner.workspaces.get({ workspaceId: ws.id }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("two owners demoting each other at the same moment leave exactly one owner", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team);
    await team.as.owner.members.setRole({ workspaceId: ws.id, userId: team.editor.id, role: "owner" });
    const results = await Promise.allSettled([
      team.as.owner.members.setRole({ workspaceId: ws.id, userId: team.editor.id, role: "viewer" }),
      team.as.editor.members.setRole({ workspaceId: ws.id, userId: team.owner.id, role: "viewer" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db().membership.count({ where: { workspaceId: ws.id, role: "OWNER" } })).toBe(1);
  });

  it("lets any member leave, and owners remove others", async () => {
    const team = await makeTeam();
    const ws = await teamWorkspace(team);
    await expect(team.as.viewer.members.leave({ workspaceId: ws.id })).resolves.toEqual({ left: true });
    expect(await failure(team.as.viewer.workspaces.get({ workspaceId: ws.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await lastAudit({ actorUserId: team.viewer.id, action: "members.leave" })).toMatchObject({ outcome: "ALLOWED", target: team.viewer.id });
    await expect(team.as.owner.members.remove({ workspaceId: ws.id, userId: team.editor.id })).resolves.toEqual({ removed: true, userId: team.editor.id });
    expect(await failure(team.as.owner.members.remove({ workspaceId: ws.id, userId: team.editor.id }))).toMatchObject({ code: "NOT_FOUND", reason: "member_not_found" });
    // An admin who is not a member has nothing to leave.
    expect(await failure(team.as.admin.members.leave({ workspaceId: ws.id }))).toMatchObject({ code: "NOT_FOUND", reason: "member_not_found" });
    expect((await (await callerAs(team.owner)).members.list({ workspaceId: ws.id })).map((m) => m.userId)).toEqual([team.owner.id]);
  });
});
