// Workspace policy through the tRPC procedures with real Postgres and Docker (issue 17): a command
// policy owners set (one-click preset, bypass attempts refused at every door that starts a
// program), NO_EXEC path rules, path checks that agree with the real operations, limits an owner
// raises within the admin's ceilings, and the task workers' health.
import { chmod, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import { db } from "~/server/db/client";
import { docker } from "~/server/docker/client";
import { TaskWorker } from "~/server/tasks/worker";
import { makeTeam, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";
import { failure, lastAudit } from "~/test/actors";
import { sandboxConfig } from "./config";
import { configureSandbox } from "./service";
import { stopSessionById } from "./sessions";
import { requireDocker } from "./test-docker";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const TEST_IMAGE = env().ATRIUM_TEST_IMAGE;
await requireDocker([TEST_IMAGE]);

describe("workspace policy", () => {
  let team: Team;
  let wsId: string;
  let root: string;

  beforeAll(async () => {
    configureSandbox(sandboxConfig({ runtimeImage: TEST_IMAGE, dataDir: env().dataDir, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, instanceId: `policy-test-${process.pid}` }));
    team = await makeTeam();
    wsId = (await teamWorkspace(team, { template: "empty" })).id;
    root = (await db().workspace.findUniqueOrThrow({ where: { id: wsId } })).rootPath;
  });

  afterAll(async () => {
    const rows = await db().sandboxSession.findMany({ where: { workspaceId: wsId, status: { in: ["STARTING", "RUNNING"] } }, select: { id: true } });
    await Promise.all(rows.map((r) => stopSessionById(r.id, "test_cleanup")));
  });

  describe("command policy", () => {
    it("an owner applies the worker preset in one call; it is audited with before and after", async () => {
      const saved = await team.as.owner.policy.setCommandPolicy({ workspaceId: wsId, preset: "worker" });
      expect(saved.policy?.allowedBinaries).toEqual(expect.arrayContaining(["git", "python3", "npm", "ls", "cat"]));
      expect(await lastAudit({ actorUserId: team.owner.id, action: "policy.setCommandPolicy" })).toMatchObject({ outcome: "ALLOWED", workspaceId: wsId, details: expect.objectContaining({ preset: "worker", before: null }) as unknown });
      // Members can read it (a refusal should make sense to them).
      expect((await team.as.viewer.policy.commandPolicy({ workspaceId: wsId })).policy?.allowedBinaries).toEqual(saved.policy?.allowedBinaries);
    });

    it("editors and viewers cannot change it, and each refusal is audited; strangers learn nothing", async () => {
      for (const who of ["editor", "viewer"] as const) {
        expect(await failure(team.as[who].policy.setCommandPolicy({ workspaceId: wsId, policy: null }))).toMatchObject({ code: "FORBIDDEN", reason: "role_required" });
        expect(await lastAudit({ actorUserId: team[who].id, reason: "role_required" })).toMatchObject({ action: "policy.setCommandPolicy", workspaceId: wsId });
      }
      expect(await failure(team.as.stranger.policy.setCommandPolicy({ workspaceId: wsId, policy: null }))).toMatchObject({ code: "NOT_FOUND" });
      expect((await team.as.owner.policy.commandPolicy({ workspaceId: wsId })).policy?.allowedBinaries).toContain("git");
    });

    it("refuses invalid names and patterns with a typed error, never saving them", async () => {
      expect(await failure(team.as.owner.policy.setCommandPolicy({ workspaceId: wsId, policy: { allowedBinaries: ["../../bin/sh"] } }))).toMatchObject({ code: "BAD_REQUEST" });
      expect(await failure(team.as.owner.policy.setCommandPolicy({ workspaceId: wsId, policy: { blockedPatterns: ["re:(a"] } }))).toMatchObject({ code: "BAD_REQUEST" });
      expect(await failure(team.as.owner.policy.setCommandPolicy({ workspaceId: wsId, preset: "everything" }))).toMatchObject({ code: "BAD_REQUEST" });
    });

    it("refuses a program off the allowlist in a real sandbox, and every bypass attempt, audited", async () => {
      const editor = team.as.editor.sandbox;
      expect((await editor.exec({ workspaceId: wsId, command: ["ls", "/"] })).exitCode).toBe(0);
      // A script named like an allowed program, in the workspace.
      await writeFile(path.join(root, "python3"), "#!/bin/sh\necho pwned\n");
      await chmod(path.join(root, "python3"), 0o755);
      const attempts: (string | string[] | { command: string[]; env: Record<string, string> })[] = [
        ["uname"],
        ["./python3"],
        ["/workspace/python3"],
        ["env", "uname"],
        ["sh", "-c", "uname"],
        ["find", ".", "-maxdepth", "0", "-exec", "uname", ";"],
        "ls; uname",
        "PATH=/workspace python3",
        { command: ["python3"], env: { PATH: "/workspace" } },
      ];
      for (const attempt of attempts) {
        const input = typeof attempt === "object" && !Array.isArray(attempt) ? attempt : { command: attempt };
        const f = await failure(editor.exec({ workspaceId: wsId, ...input }));
        expect(f, JSON.stringify(attempt)).toMatchObject({ code: "FORBIDDEN", reason: "blocked_command" });
      }
      expect(await lastAudit({ actorUserId: team.editor.id, reason: "blocked_command" })).toMatchObject({ action: "sandbox.exec", workspaceId: wsId, permission: "exec" });
      // The same refusal at the other doors that start programs.
      expect(await failure(editor.executeCode({ workspaceId: wsId, runtime: "bash", code: "uname" }))).toMatchObject({ reason: "blocked_command" });
      expect(await failure(team.as.editor.tasks.submit({ workspaceId: wsId, command: ["./python3"] }))).toMatchObject({ reason: "blocked_command" });
      expect(await lastAudit({ actorUserId: team.editor.id, action: "tasks.submit" })).toMatchObject({ reason: "blocked_command" });
      // Removing the policy lets the same command run (the refusal was the policy's, not the sandbox's).
      await team.as.owner.policy.setCommandPolicy({ workspaceId: wsId, policy: null });
      expect((await editor.exec({ workspaceId: wsId, command: ["id", "-u"] })).exitCode).toBe(0);
    });

    it("blocks RE2 patterns", async () => {
      await team.as.owner.policy.setCommandPolicy({ workspaceId: wsId, policy: { blockedPatterns: ["re:git\\s+push\\b.*--force"] } });
      expect(await failure(team.as.editor.sandbox.exec({ workspaceId: wsId, command: "git push origin main --force" }))).toMatchObject({ reason: "blocked_command" });
      await team.as.owner.policy.setCommandPolicy({ workspaceId: wsId, policy: null });
    });
  });

  describe("no_exec and path checks", () => {
    beforeAll(async () => {
      // Through the file API, so the files belong to the sandbox user as any workspace file does.
      const put = (p: string, content: string) => team.as.owner.files.write({ workspaceId: wsId, path: p, content });
      for (const f of ["uploads/run.sh", "tools/run.sh"]) {
        await put(f, "#!/bin/sh\necho ran\n");
        await chmod(path.join(root, f), 0o755);
      }
      await put("secrets/key.txt", "k");
      await put("docs/readme.md", "r");
      await put("plain.txt", "p");
      await team.as.owner.pathRules.create({ workspaceId: wsId, pattern: "uploads/**", effect: "no_exec" });
      await team.as.owner.pathRules.create({ workspaceId: wsId, pattern: "secrets/**", effect: "block" });
      await team.as.owner.pathRules.create({ workspaceId: wsId, pattern: "docs/**", effect: "read_only" });
    });

    it("exec and tasks refuse a file under a no_exec rule with blocked_path (audited); elsewhere it runs", async () => {
      const editor = team.as.editor.sandbox;
      for (const command of [["./uploads/run.sh"], ["sh", "uploads/run.sh"], "cd uploads && ./run.sh", ["/workspace/uploads/run.sh"]]) {
        expect(await failure(editor.exec({ workspaceId: wsId, command })), JSON.stringify(command)).toMatchObject({ appCode: "PATH_DENIED", reason: "blocked_path" });
      }
      expect(await failure(editor.exec({ workspaceId: wsId, command: ["./run.sh"], cwd: "uploads" }))).toMatchObject({ reason: "blocked_path" });
      expect(await lastAudit({ actorUserId: team.editor.id, reason: "blocked_path" })).toMatchObject({ action: "sandbox.exec", permission: "execute", target: "uploads/run.sh" });
      expect(await failure(team.as.editor.tasks.submit({ workspaceId: wsId, command: ["sh", "uploads/run.sh"] }))).toMatchObject({ reason: "blocked_path" });
      expect((await editor.exec({ workspaceId: wsId, command: ["./tools/run.sh"] })).stdout).toBe("ran\n");
      // Reading the file is still fine.
      expect((await team.as.editor.files.read({ workspaceId: wsId, path: "uploads/run.sh" })).content).toContain("echo ran");
    });

    it("check_path says allowed exactly when the real operation succeeds (read, write, delete; viewer and editor)", async () => {
      const paths = ["plain.txt", "secrets/key.txt", "docs/readme.md", "uploads/run.sh", "tools/run.sh", ".env", "../outside.txt", "new/file.txt"];
      for (const who of ["viewer", "editor"] as const) {
        const caller = team.as[who];
        for (const p of paths) {
          for (const permission of ["read", "write", "delete"] as const) {
            const check = await caller.policy.checkPath({ workspaceId: wsId, path: p, permission });
            const op =
              permission === "read"
                ? caller.files.read({ workspaceId: wsId, path: p })
                : permission === "write"
                  ? caller.files.write({ workspaceId: wsId, path: p, content: "x" })
                  : caller.files.delete({ workspaceId: wsId, path: p });
            const f = await failure(op).catch(() => null); // null: the operation succeeded
            // Existence is not a permission: a missing file is "allowed, but not there".
            const refusedByPolicy = f !== null && f.appCode !== "NOT_FOUND";
            if (f && refusedByPolicy) expect(f.reason, `${who} ${permission} ${p}`).toBe(check.reason);
            expect(check.allowed, `${who} ${permission} ${p}: ${check.reason ?? ""}`).toBe(!refusedByPolicy);
            // Put back what a delete removed, so the next round asks about the same tree.
            if (permission === "delete" && !refusedByPolicy && p !== "new/file.txt") await team.as.owner.files.write({ workspaceId: wsId, path: p, content: "restored" });
          }
        }
      }
    });

    it("answers execute like exec does, and a check is not audited", async () => {
      const before = await db().auditEvent.count({ where: { actorUserId: team.editor.id } });
      const blocked = await team.as.editor.policy.checkPath({ workspaceId: wsId, path: "uploads/run.sh", permission: "execute" });
      expect(blocked).toMatchObject({ allowed: false, reason: "blocked_path", resolved: "uploads/run.sh" });
      expect(await team.as.editor.policy.checkPath({ workspaceId: wsId, path: "tools/run.sh", permission: "execute" })).toMatchObject({ allowed: true, resolved: "tools/run.sh" });
      expect(await team.as.viewer.policy.checkPath({ workspaceId: wsId, path: "tools/run.sh", permission: "execute" })).toMatchObject({ allowed: false, reason: "role_required" });
      expect(await team.as.editor.policy.checkPath({ workspaceId: wsId, path: "uploads/run.sh", permission: "read" })).toMatchObject({ allowed: true });
      expect(await db().auditEvent.count({ where: { actorUserId: team.editor.id } })).toBe(before);
    });
  });

  describe("limits an owner can raise", () => {
    it("within the admin's ceiling the session gets it; above is LIMIT_EXCEEDED, audited; only owners and admins", async () => {
      expect(await failure(team.as.owner.policy.setCeilings({ memoryMb: 6144 }))).toMatchObject({ code: "FORBIDDEN", reason: "admin_required" });
      const ceilings = await team.as.admin.policy.setCeilings({ memoryMb: 6144, cpus: 2, processes: 300 });
      expect(ceilings).toMatchObject({ memoryMb: 6144, processes: 300 });
      expect(await lastAudit({ actorUserId: team.admin.id, action: "policy.setCeilings" })).toMatchObject({ outcome: "ALLOWED" });

      const raised = await team.as.owner.policy.setLimits({ workspaceId: wsId, limits: { memoryMb: 6000, processes: 250 } });
      expect(raised.presets.find((p) => p.name === "default")).toMatchObject({ memoryMb: 6000, processes: 250 });
      expect(await lastAudit({ actorUserId: team.owner.id, action: "policy.setLimits" })).toMatchObject({ outcome: "ALLOWED", workspaceId: wsId });

      const above = await failure(team.as.owner.policy.setLimits({ workspaceId: wsId, limits: { memoryMb: 8192 } }));
      expect(above).toMatchObject({ appCode: "LIMIT_EXCEEDED", reason: "limit_above_ceiling" });
      expect(above.message).toContain("memoryMb 8192 (ceiling 6144)");
      expect(await lastAudit({ actorUserId: team.owner.id, reason: "limit_above_ceiling" })).toMatchObject({ outcome: "DENIED", workspaceId: wsId });
      expect(await failure(team.as.editor.policy.setLimits({ workspaceId: wsId, limits: { memoryMb: 512 } }))).toMatchObject({ reason: "role_required" });

      // A new session really has the raised limits: the container says so.
      const session = await team.as.editor.sandbox.sessions.create({ workspaceId: wsId });
      expect(session.limits).toMatchObject({ memoryMb: 6000, processes: 250 });
      const row = await db().sandboxSession.findUniqueOrThrow({ where: { id: session.id } });
      const info = await docker().getContainer(row.containerId!).inspect();
      expect(info.HostConfig.Memory).toBe(6000 * 1024 * 1024);
      expect(info.HostConfig.PidsLimit).toBe(250);
      // Overrides still only lower.
      expect(await failure(team.as.editor.sandbox.sessions.create({ workspaceId: wsId, overrides: { memoryMb: 6100 } }))).toMatchObject({ reason: "override_above_preset" });
      await team.as.editor.sandbox.sessions.stop({ workspaceId: wsId, sessionId: session.id });
      // A lowered ceiling cuts what was set, for the next session.
      await team.as.admin.policy.setCeilings({ memoryMb: 4096 });
      expect((await team.as.owner.policy.limits({ workspaceId: wsId })).presets.find((p) => p.name === "default")?.memoryMb).toBe(4096);
    });
  });

  describe("worker health", () => {
    it("health shows the worker's id, active tasks, concurrency and free space; the heartbeat is for admins", async () => {
      const worker = new TaskWorker({ concurrency: 3, perWorkspace: 1, onlyWorkspaces: [wsId], pollMs: 200, flushMs: 200, log: () => undefined, useQueue: false });
      await worker.start();
      try {
        const health = await team.as.viewer.system.health();
        expect(health.workers).toContainEqual({ id: worker.id, activeTasks: 0, concurrency: 3 });
        expect(health.volume).toMatchObject({ freeBytes: expect.any(Number) as unknown, totalBytes: expect.any(Number) as unknown });
        expect(JSON.stringify(health)).not.toContain("lastTickAt");
        await new Promise((r) => setTimeout(r, 400));
        const admin = await team.as.admin.policy.workerHealth();
        const mine = admin.workers.find((w) => w.id === worker.id);
        expect(mine).toMatchObject({ concurrency: 3, stopping: false });
        expect(Date.now() - Date.parse(mine!.lastTickAt!)).toBeLessThan(60_000);
        expect(await failure(team.as.owner.policy.workerHealth())).toMatchObject({ reason: "admin_required" });
      } finally {
        await worker.stop();
      }
    });
  });
});
