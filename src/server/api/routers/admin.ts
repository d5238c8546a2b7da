// Instance administration: accounts and every sandbox session. Thin: parse, call a service, return.
// Workspaces across the instance come from `workspaces.list` with scope "all"; the audit log from `audit.*`.
import { listUsers, setUserDisabled, setUserRole, ZSetUserDisabledInput, ZSetUserRoleInput } from "~/server/auth/admin-users";
import { killSession, listAllSessions, ZAdminSessionsInput, ZKillSessionInput } from "~/server/sandbox/admin-sessions";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const adminRouter = createTRPCRouter({
  users: adminProcedure.query(() => listUsers()),
  /** Refuses your own account and the last active admin (both audited). */
  setUserDisabled: adminProcedure.input(ZSetUserDisabledInput).mutation(({ ctx, input }) => setUserDisabled(ctx, input)),
  /** Refuses to demote the last active admin (audited). */
  setUserRole: adminProcedure.input(ZSetUserRoleInput).mutation(({ ctx, input }) => setUserRole(ctx, input)),
  sessions: adminProcedure.input(ZAdminSessionsInput).query(({ input }) => listAllSessions(input)),
  /** Stops a session and removes it, whoever started it. */
  killSession: adminProcedure.input(ZKillSessionInput).mutation(({ ctx, input }) => killSession(ctx, input)),
});
