import { createTRPCRouter } from "../trpc";

export const workspacesRouter = createTRPCRouter({});
