// Workspace members: anyone in the workspace can see who else is; owners manage; anyone can leave.
import {
  inviteMember,
  leaveWorkspace,
  listMembers,
  removeMember,
  setMemberRole,
  ZInviteMemberInput,
  ZRemoveMemberInput,
  ZSetMemberRoleInput,
} from "~/server/workspaces/members";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

export const membersRouter = createTRPCRouter({
  list: workspaceProcedure("viewer", "read").query(({ ctx }) => listMembers(ctx.workspace.id)),
  invite: workspaceProcedure("owner", "write").input(ZInviteMemberInput).mutation(({ ctx, input }) => inviteMember(ctx, ctx.workspace.id, input)),
  setRole: workspaceProcedure("owner", "write").input(ZSetMemberRoleInput).mutation(({ ctx, input }) => setMemberRole(ctx, ctx.workspace.id, input)),
  remove: workspaceProcedure("owner", "write").input(ZRemoveMemberInput).mutation(({ ctx, input }) => removeMember(ctx, ctx.workspace.id, input.userId)),
  leave: workspaceProcedure("viewer", "write").mutation(({ ctx }) => leaveWorkspace(ctx, ctx.workspace.id)),
});
