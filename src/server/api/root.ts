import { adminRouter } from "./routers/admin";
import { apiKeysRouter } from "./routers/api-keys";
import { auditRouter } from "./routers/audit";
import { authRouter } from "./routers/auth";
import { filesRouter } from "./routers/files";
import { layoutRouter } from "./routers/layout";
import { membersRouter } from "./routers/members";
import { pathRulesRouter } from "./routers/path-rules";
import { policyRouter } from "./routers/policy";
import { sandboxRouter } from "./routers/sandbox";
import { sharedFoldersRouter } from "./routers/shared-folders";
import { snapshotsRouter } from "./routers/snapshots";
import { stateRouter } from "./routers/state";
import { systemRouter } from "./routers/system";
import { tasksRouter } from "./routers/tasks";
import { workspacesRouter } from "./routers/workspaces";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  apiKeys: apiKeysRouter,
  admin: adminRouter,
  system: systemRouter,
  workspaces: workspacesRouter,
  members: membersRouter,
  pathRules: pathRulesRouter,
  policy: policyRouter,
  files: filesRouter,
  sandbox: sandboxRouter,
  snapshots: snapshotsRouter,
  tasks: tasksRouter,
  audit: auditRouter,
  state: stateRouter,
  sharedFolders: sharedFoldersRouter,
  layout: layoutRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
