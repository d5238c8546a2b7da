// Boots the runtime of each integration test file against the run's database, as server.ts would.
import { afterAll, inject } from "vitest";
import { disconnectDb } from "~/server/db/client";
import { appVersion, setRuntime } from "~/server/runtime";

setRuntime({ databaseUrl: inject("databaseUrl"), authSecret: "test-secret-test-secret-test-secret-0123", version: appVersion() });

afterAll(async () => {
  await disconnectDb();
});
