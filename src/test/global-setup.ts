// One migrated database for the whole integration run; each test makes its own users and data.
import pg from "pg";
import type { TestProject } from "vitest/node";
import { buildNoExec } from "~/server/sandbox/noexec/noexec-build";
import { buildFsd } from "~/server/storage/fsd/fsd-build";
import { createTestDatabase } from "./database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // Every file operation runs through the confined helper: build it (skipped when up to date).
  await buildFsd();
  await buildNoExec();
  const database = await createTestDatabase();
  // The instance's first account is always an admin; take it here so that no test that asks for a
  // plain user gets an admin just because its file happened to run first.
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(
    `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ('first-account', 'first-account@atrium.test', 'First account', '!', 'ADMIN', now())`,
  );
  await client.end();
  project.provide("databaseUrl", database.url);
  return async () => {
    await database.drop();
  };
}
