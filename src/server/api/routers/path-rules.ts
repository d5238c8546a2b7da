import { createTRPCRouter } from "../trpc";

export const pathRulesRouter = createTRPCRouter({});
