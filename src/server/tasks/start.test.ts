import { describe, expect, it } from "vitest";
import { parseEnv } from "~/env";
import { taskLimitsFromEnv } from "./start";

describe("per-user limits from the environment", () => {
  it("default to caps a team of 20 does not hit by accident, and one slot left for others", () => {
    const e = parseEnv({});
    expect(e).toMatchObject({ ATRIUM_USER_MAX_SESSIONS: 8, ATRIUM_USER_MAX_QUEUED_TASKS: 200, ATRIUM_USER_MAX_GREPS: 4, ATRIUM_TASK_USER_CONCURRENCY: 0 });
    expect(taskLimitsFromEnv(e)).toEqual({ concurrency: 3, perWorkspace: 1, perUser: 2 });
  });

  it("derive the per-person task cap from the process's slots unless it is set", () => {
    expect(taskLimitsFromEnv(parseEnv({ ATRIUM_TASK_CONCURRENCY: "1" })).perUser).toBe(1);
    expect(taskLimitsFromEnv(parseEnv({ ATRIUM_TASK_CONCURRENCY: "10" })).perUser).toBe(9);
    expect(taskLimitsFromEnv(parseEnv({ ATRIUM_TASK_CONCURRENCY: "10", ATRIUM_TASK_USER_CONCURRENCY: "4" })).perUser).toBe(4);
  });
});
