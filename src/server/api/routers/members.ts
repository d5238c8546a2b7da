import { createTRPCRouter } from "../trpc";

export const membersRouter = createTRPCRouter({});
