// NO_EXEC path rules enforced by the sandbox itself (issue 17), with real Postgres and Docker:
// commands run straight through the driver, past Atrium's own refusal (run-guard.ts), as a process
// in the sandbox would run them, so only the noexec mounts stand in the way.
import { chmod, rename } from "node:fs/promises";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import { db } from "~/server/db/client";
import { makeTeam, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";
import { failure, lastAudit } from "~/test/actors";
import { sandboxConfig } from "../config";
import type { SandboxHandle } from "../driver";
import { configureSandbox, driverFor } from "../service";
import { stopSessionById } from "../sessions";
import { requireDocker } from "../test-docker";
import { noExecBinaryPath } from "./noexec-build";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
await requireDocker([TEST_IMAGE]);

const SCRIPT = "#!/bin/sh\necho hi\n";

describe("no_exec folders are mounted noexec in the sandbox", () => {
  let team: Team;
  let wsId: string;
  let root: string;
  let handle: SandboxHandle;

  const run = (argv: string[]) => driverFor("docker").exec(handle, argv, { timeoutMs: 20_000, maxOutputBytes: 1 << 16 });
  const mounts = async () => (await run(["cat", "/proc/mounts"])).stdout;
  const put = async (p: string) => {
    await team.as.owner.files.write({ workspaceId: wsId, path: p, content: SCRIPT });
    await chmod(path.join(root, p), 0o755);
  };

  beforeAll(async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: `noexec-test-${process.pid}` }));
    team = await makeTeam();
    wsId = (await teamWorkspace(team, { template: "empty" })).id;
    root = (await db().workspace.findUniqueOrThrow({ where: { id: wsId } })).rootPath;
    for (const f of ["bin/x.sh", "ok/x.sh", "lib/bin/y.sh", "tools/t.sh"]) await put(f);
    await team.as.owner.pathRules.create({ workspaceId: wsId, pattern: "bin/**", effect: "no_exec" });
    const session = await team.as.editor.sandbox.sessions.create({ workspaceId: wsId });
    const row = await db().sandboxSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.status).toBe("RUNNING");
    handle = { driver: "docker", id: row.containerId ?? "" };
  });

  afterAll(async () => {
    const rows = await db().sandboxSession.findMany({ where: { workspaceId: wsId, status: { in: ["STARTING", "RUNNING"] } }, select: { id: true } });
    await Promise.all(rows.map((r) => stopSessionById(r.id, "test_cleanup")));
  });

  it("a script in a matching folder (at any depth) is refused by the kernel; elsewhere it runs", async () => {
    const denied = await run(["/workspace/bin/x.sh"]);
    expect(denied.exitCode).not.toBe(0);
    expect(denied.stderr).toMatch(/Permission denied/);
    expect((await run(["sh", "-c", "cd /workspace/bin && ./x.sh"])).stderr).toMatch(/Permission denied/);
    // Unanchored, like every path rule: lib/bin matches bin/** too.
    expect((await run(["/workspace/lib/bin/y.sh"])).stderr).toMatch(/Permission denied/);
    expect(await run(["/workspace/ok/x.sh"])).toMatchObject({ exitCode: 0, stdout: "hi\n" });
    const m = await mounts();
    expect(m).toMatch(/ \/workspace\/bin \S+ \S*noexec/);
    expect(m).toMatch(/ \/workspace\/lib\/bin \S+ \S*noexec/);
    expect(m).not.toMatch(/ \/workspace\/ok /);
    // Files there can still be read and written (noexec, not read-only).
    expect(await run(["sh", "-c", "echo more >> /workspace/bin/x.sh && cat /workspace/bin/x.sh"])).toMatchObject({ exitCode: 0, stdout: `${SCRIPT}more\n` });
  });

  it("a rule added while the session runs applies to it at once", async () => {
    expect(await run(["/workspace/tools/t.sh"])).toMatchObject({ exitCode: 0, stdout: "hi\n" });
    await team.as.owner.pathRules.create({ workspaceId: wsId, pattern: "/tools", effect: "no_exec" });
    expect((await run(["/workspace/tools/t.sh"])).stderr).toMatch(/Permission denied/);
    expect((await db().sandboxSession.findFirstOrThrow({ where: { containerId: handle.id } })).status).toBe("RUNNING");
  });

  it("a symlink the sandbox plants where a rule's folder would be is never followed: / stays executable, the host untouched", async () => {
    const hostMountsBefore = readFileSync("/proc/self/mounts", "utf8");
    // A process in the sandbox makes `evil -> /` (and `evil2 -> /bin`) before the rule exists.
    expect((await run(["sh", "-c", "ln -s / /workspace/evil && ln -s /bin /workspace/evil2"])).exitCode).toBe(0);
    await team.as.owner.pathRules.create({ workspaceId: wsId, pattern: "evil", effect: "no_exec" });
    // The racing case: the helper is asked for a folder that is a symlink by the time it looks.
    expect(await driverFor("docker").mountNoExec?.(handle, ["evil2", "evil", "ok/x.sh", "gone"])).toEqual([
      { folder: "evil2", result: "skip", error: "ELOOP" },
      { folder: "evil", result: "skip", error: "ELOOP" },
      { folder: "ok/x.sh", result: "skip", error: "ENOTDIR" },
      { folder: "gone", result: "skip", error: "ENOENT" },
    ]);
    const m = await mounts();
    expect(m.split("\n").filter((l) => / \/ | \/bin | \/workspace\/evil/.test(l) && l.includes("noexec"))).toEqual([]);
    expect(await run(["/bin/sh", "-c", "echo still"])).toMatchObject({ exitCode: 0, stdout: "still\n" });
    expect(readFileSync("/proc/self/mounts", "utf8")).toBe(hostMountsBefore);
    expect((await db().sandboxSession.findFirstOrThrow({ where: { containerId: handle.id } })).status).toBe("RUNNING");
  });

  it("a sandbox process swapping a folder's parent for a symlink to / while the helper runs never gets / (or anything but that folder) mounted noexec", async () => {
    const hostMountsBefore = readFileSync("/proc/self/mounts", "utf8");
    const noexecTargets = async () => new Set((await mounts()).split("\n").filter((l) => l.includes("noexec")).map((l) => l.split(" ")[1] ?? ""));
    const before = await noexecTargets();
    const swapper = run(["sh", "-c", "cd /workspace && i=0; end=$(( $(date +%s) + 3 )); while [ $(date +%s) -lt $end ]; do i=$((i+1)); rm -f race; mkdir -p race/sub; mv race old.$i; ln -s / race; done; echo swapped"]);
    const results = new Set<string>();
    for (let i = 0; i < 40; i++) for (const o of (await driverFor("docker").mountNoExec?.(handle, ["race/sub"])) ?? []) results.add(`${o.result}${o.error ? ` ${o.error}` : ""}`);
    expect((await swapper).stdout).toContain("swapped");
    // Each attempt either mounted the real folder, found it noexec already, or refused the symlink / a gap.
    for (const r of results) expect(["ok", "already", "skip ELOOP", "skip ENOENT", "skip ENOTDIR"]).toContain(r);
    expect(results.has("skip ELOOP")).toBe(true);
    // New noexec mount points can only be real race/sub folders (renamed to old.N by the swapper since).
    expect([...(await noexecTargets())].filter((t) => !before.has(t) && !/^\/workspace\/(race|old\.\d+)\/sub$/.test(t))).toEqual([]);
    expect(await run(["/bin/sh", "-c", "echo still"])).toMatchObject({ exitCode: 0, stdout: "still\n" });
    expect(readFileSync("/proc/self/mounts", "utf8")).toBe(hostMountsBefore);
  });

  it("without the helper, a session of a workspace with no_exec rules does not start (typed, audited)", async () => {
    const binary = noExecBinaryPath();
    await rename(binary, `${binary}.away`);
    try {
      expect(await failure(team.as.editor.sandbox.sessions.create({ workspaceId: wsId }))).toMatchObject({ appCode: "UNAVAILABLE", reason: "noexec_unavailable" });
    } finally {
      await rename(`${binary}.away`, binary);
    }
    expect(await lastAudit({ actorUserId: team.editor.id, reason: "noexec_unavailable" })).toMatchObject({ action: "sandbox.sessions.create", workspaceId: wsId });
    expect(await db().sandboxSession.count({ where: { workspaceId: wsId, status: "FAILED" } })).toBe(1);
  });
});
