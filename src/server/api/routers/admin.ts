import { listUsers } from "~/server/auth/admin-users";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const adminRouter = createTRPCRouter({
  users: adminProcedure.query(() => listUsers()),
});
