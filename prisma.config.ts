// Prisma CLI configuration. Atrium applies migrations with its own runner (src/server/db/migrate.ts);
// this file serves `prisma generate` and, where Prisma's schema engine can be had, `prisma migrate deploy`.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/atrium" },
});
