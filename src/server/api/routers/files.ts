import { createTRPCRouter } from "../trpc";

export const filesRouter = createTRPCRouter({});
