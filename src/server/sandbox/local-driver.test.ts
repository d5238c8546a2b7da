// The local driver runs host processes, so it is cheap enough for the unit project.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxHandle } from "./driver";
import { LocalDriver } from "./local-driver";
import { resolveLimits } from "./presets";

describe("local driver", () => {
  const driver = new LocalDriver();
  let dir: string;
  let handle: SandboxHandle;
  const opts = { timeoutMs: 10_000, maxOutputBytes: 1024 };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "atrium-local-"));
    handle = await driver.create({ sessionId: "local1", workspaceId: "w", image: "-", workspaceDir: dir, readOnly: false, limits: resolveLimits("strict"), masks: [], user: { uid: 1000, gid: 1000 } });
    await driver.start(handle);
  });
  afterAll(async () => {
    await driver.destroy(handle);
    await rm(dir, { recursive: true, force: true });
  });

  it("says it does not isolate", () => {
    expect(driver.isolated).toBe(false);
  });

  it("runs in the workspace directory, maps /workspace paths, passes stdin, and no server environment", async () => {
    await driver.exec(handle, ["mkdir", "sub"], opts);
    const r = await driver.exec(handle, ["sh", "-c", 'pwd; cat; echo "[$DATABASE_URL]"; ulimit -n'], { ...opts, cwd: "/workspace/sub", stdin: "in" });
    expect(r.stdout).toBe(`${path.join(dir, "sub")}\nin[]\n512\n`);
    await driver.exec(handle, ["sh", "-c", "echo hi > f"], opts);
    expect(await readFile(path.join(dir, "f"), "utf8")).toBe("hi\n");
  });

  it("kills the process group on timeout and truncates output", async () => {
    const t = await driver.exec(handle, ["sh", "-c", "sleep 30 & sleep 31"], { ...opts, timeoutMs: 200 });
    expect(t.timedOut).toBe(true);
    const f = await driver.exec(handle, ["sh", "-c", "head -c 5000 /dev/zero"], opts);
    expect(f).toMatchObject({ truncated: true, exitCode: 0 });
    expect(f.stdout.length).toBe(1024);
  });
});
