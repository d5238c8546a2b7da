// These tests need an empty instance, so they run against their own fresh database.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type * as EnvModule from "~/env";
import { disconnectDb } from "~/server/db/client";
import { runtime, setRuntime } from "~/server/runtime";
import { callerWith, failure, STRONG_PASSWORD, uniqueEmail } from "~/test/actors";
import { createTestDatabase, type TestDatabase } from "~/test/database";

const config = vi.hoisted(() => ({ allowSignup: true, admin: null as null | { email: string; password: string } }));
vi.mock("~/env", async (importOriginal) => {
  const real = await importOriginal<typeof EnvModule>();
  return {
    ...real,
    env: () => ({
      ...real.env(),
      ATRIUM_ALLOW_SIGNUP: config.allowSignup,
      ATRIUM_ADMIN_EMAIL: config.admin?.email,
      ATRIUM_ADMIN_PASSWORD: config.admin?.password,
    }),
  };
});

let database: TestDatabase;
let previous: ReturnType<typeof runtime>;

async function useFreshDatabase() {
  await disconnectDb();
  database = await createTestDatabase();
  setRuntime({ ...previous, databaseUrl: database.url });
}

beforeAll(() => {
  previous = runtime();
});

afterAll(async () => {
  await disconnectDb();
  setRuntime(previous);
});

describe("the first account", () => {
  it("becomes the instance admin; later sign-ups are plain users", async () => {
    await useFreshDatabase();
    const caller = await callerWith({});
    await expect(caller.auth.config()).resolves.toEqual({ signupAllowed: true, firstUser: true });
    const first = await caller.auth.signUp({ email: uniqueEmail(), password: STRONG_PASSWORD });
    const second = await caller.auth.signUp({ email: uniqueEmail(), password: STRONG_PASSWORD });
    expect(first.role).toBe("ADMIN");
    expect(second.role).toBe("USER");
    await disconnectDb();
    await database.drop();
  });

  it("is still allowed when sign-up is off; everyone after is refused with a clear error", async () => {
    await useFreshDatabase();
    config.allowSignup = false;
    try {
      const caller = await callerWith({});
      await expect(caller.auth.config()).resolves.toMatchObject({ signupAllowed: true, firstUser: true });
      await expect(caller.auth.signUp({ email: uniqueEmail(), password: STRONG_PASSWORD })).resolves.toMatchObject({ role: "ADMIN" });
      await expect(caller.auth.config()).resolves.toMatchObject({ signupAllowed: false });
      const err = await failure(caller.auth.signUp({ email: uniqueEmail(), password: STRONG_PASSWORD }));
      expect(err).toMatchObject({ code: "FORBIDDEN", reason: "signup_disabled" });
      expect(err.message).toMatch(/Ask an administrator/);
    } finally {
      config.allowSignup = true;
      await disconnectDb();
      await database.drop();
    }
  });

  it("two simultaneous first sign-ups produce exactly one admin", async () => {
    await useFreshDatabase();
    const caller = await callerWith({});
    const users = await Promise.all(Array.from({ length: 6 }, () => caller.auth.signUp({ email: uniqueEmail(), password: STRONG_PASSWORD })));
    expect(users.filter((u) => u.role === "ADMIN")).toHaveLength(1);
    await disconnectDb();
    await database.drop();
  });

  it("ATRIUM_ADMIN_EMAIL/PASSWORD create that admin on an empty instance only", async () => {
    await useFreshDatabase();
    const { ensureBootstrapAdmin } = await import("./users");
    config.admin = { email: uniqueEmail("boot"), password: STRONG_PASSWORD };
    try {
      await expect(ensureBootstrapAdmin()).resolves.toMatchObject({ email: config.admin.email, role: "ADMIN" });
      await expect(ensureBootstrapAdmin()).resolves.toBeNull();
    } finally {
      config.admin = null;
      await disconnectDb();
      await database.drop();
    }
  });
});
