// Export (manifest first, protected and blocked paths left out, viewers allowed) and import (a new
// workspace the caller owns; manifest validated; plain tar.gz with a name; hostile archives refused
// with nothing created), through the real HTTP handlers.
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import * as tar from "tar";
import { afterAll, describe, expect, it, vi } from "vitest";
import { env } from "~/env";
import type { ActorUser } from "~/server/auth/types";
import { db } from "~/server/db/client";
import { subscribe, type RoomMessage } from "~/server/realtime/workspace-bus";
import { craftArchive, HOSTILE_ARCHIVES } from "~/server/snapshots/archives.fixture";
import { callerAs, lastAudit, makeUser, sessionCookie } from "~/test/actors";
import { exportRoute, importRoute } from "~/server/http/transfer-routes";
import { MANIFEST_PATH, ZExportManifest } from "./export-workspace";
import { workspacesDir } from "./paths";
import { hostTempDir, makeTeam, removeDataDir, removeHostDirs, teamWorkspace, treeFingerprint, writeRichTree } from "./test-helpers";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));
afterAll(async () => {
  await removeDataDir();
  await removeHostDirs();
});

async function exportAs(user: ActorUser, workspaceId: string): Promise<{ status: number; body: Buffer; headers: Headers }> {
  const res = await exportRoute(new Request(`http://atrium.test/api/workspaces/${workspaceId}/export`, { headers: { cookie: await sessionCookie(user.id) } }), { params: Promise.resolve({ workspaceId }) });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

interface ImportBody {
  workspace?: { id: string; name: string; description: string; metadata: Record<string, unknown>; ownerId: string; rootPath: string; role: string };
  manifest?: boolean;
  operationId?: string;
  error?: { code: string; reason?: string; message: string };
}

async function importAs(user: ActorUser, archive: Buffer, query = ""): Promise<{ status: number; body: ImportBody }> {
  const res = await importRoute(
    new Request(`http://atrium.test/api/workspaces/import${query}`, {
      method: "POST",
      body: new Uint8Array(archive),
      headers: { cookie: await sessionCookie(user.id), "content-type": "application/gzip" },
    }), { params: Promise.resolve({}) }
  );
  return { status: res.status, body: (await res.json()) as ImportBody };
}

async function entriesOf(archive: Buffer): Promise<{ path: string; body?: string }[]> {
  const dir = await hostTempDir("list");
  const file = path.join(dir, "a.tar.gz");
  await writeFile(file, archive);
  const out: { path: string; body?: string }[] = [];
  await tar.list({
    file,
    onReadEntry: (e) => {
      const item: { path: string; body?: string } = { path: e.path };
      out.push(item);
      if (e.path === MANIFEST_PATH) {
        const chunks: Buffer[] = [];
        e.on("data", (c: Buffer) => chunks.push(c));
        e.on("end", () => (item.body = Buffer.concat(chunks).toString("utf8")));
      } else e.resume();
    },
  });
  return out;
}

/** Workspace rows and leftover staging/temporary entries: what "nothing created" is checked against. */
async function footprint(user: ActorUser) {
  const rows = await db().workspace.count({ where: { ownerId: user.id } });
  const staging = (await readdir(workspacesDir()).catch(() => [] as string[])).filter((n) => n.startsWith("."));
  const temps = await readdir(path.join(env().dataDir, "imports")).catch(() => [] as string[]);
  return { rows, staging, temps };
}

async function richWorkspace() {
  const team = await makeTeam();
  const ws = await teamWorkspace(team, { template: "empty", name: `Export source ${Math.random().toString(36).slice(2, 8)}`, metadata: { team: "infra", run: 7 } });
  const root = ws.rootPath;
  await writeRichTree(root, 70_000);
  // A user file at the manifest's path is an ordinary file: it must survive the round trip.
  await mkdir(path.join(root, ".atrium"));
  await writeFile(path.join(root, MANIFEST_PATH), '{"mine":true}\n');
  return { team, ws, root };
}

describe("export", () => {
  it("streams a .tar.gz whose first entry is a valid manifest; protected files and blocked paths stay out; viewers may, strangers may not", async () => {
    const { team, ws, root } = await richWorkspace();
    await writeFile(path.join(root, ".env"), "SECRET=1\n");
    await mkdir(path.join(root, "secrets"));
    await writeFile(path.join(root, "secrets/key.txt"), "blocked");
    await (await callerAs(team.owner)).pathRules.create({ workspaceId: ws.id, pattern: "secrets/**", effect: "block" });
    const snap = await (await callerAs(team.owner)).snapshots.create({ workspaceId: ws.id, label: "listed" });

    const res = await exportAs(team.viewer, ws.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/gzip");
    expect(res.headers.get("content-disposition")).toMatch(new RegExp(`attachment; filename="${ws.slug}-export-\\d{8}_\\d{6}\\.tar\\.gz"`));
    const entries = await entriesOf(res.body);
    expect(entries[0]?.path).toBe(MANIFEST_PATH);
    const manifest = ZExportManifest.parse(JSON.parse(entries[0]?.body ?? ""));
    expect(manifest).toMatchObject({ format: "atrium-workspace-export", version: 1, name: ws.name, metadata: { team: "infra", run: 7 } });
    expect(manifest.snapshots).toEqual([{ id: snap.id, label: "listed", kind: "MANUAL", createdAt: snap.createdAt.toISOString(), sizeBytes: Number(snap.sizeBytes), sha256: snap.sha256 }]);
    const paths = entries.map((e) => e.path);
    expect(paths).toContain(`./${MANIFEST_PATH}`); // the user's own file, later in the archive
    expect(paths.filter((p) => /\.env|secrets/.test(p))).toEqual([]);
    expect(await lastAudit({ actorUserId: team.viewer.id, action: "workspaces.export" })).toMatchObject({ outcome: "ALLOWED", workspaceId: ws.id });

    const stranger = await makeUser();
    expect((await exportAs(stranger, ws.id)).status).toBe(404);
  });
});

describe("import", () => {
  it("round-trips an export byte for byte (contents, modes, empty dirs, symlinks) into a new workspace the importer owns, with the manifest's name, description and metadata", async () => {
    const { team, ws, root } = await richWorkspace();
    const before = await treeFingerprint(root);
    const archive = (await exportAs(team.owner, ws.id)).body;

    const importer = await makeUser();
    const messages: RoomMessage[] = [];
    const stop = subscribe((m) => messages.push(m));
    const res = await importAs(importer, archive, "?operationId=op-import-0001").finally(stop);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ manifest: true, operationId: "op-import-0001", workspace: { name: ws.name, metadata: { team: "infra", run: 7 }, ownerId: importer.id, role: "owner" } });
    const created = res.body.workspace!;
    expect(await treeFingerprint(created.rootPath)).toEqual(before);
    expect((await db().workspace.findUniqueOrThrow({ where: { id: created.id } })).usageBytes).toBeGreaterThan(70_000n);
    // Progress went to the importer's own room (the workspace did not exist yet), ending with the new id.
    const progress = messages.flatMap((m) => (m.event === "snapshot:progress" && m.payload.operationId === "op-import-0001" ? [{ room: m.room, ...m.payload }] : []));
    expect(new Set(progress.map((p) => p.room))).toEqual(new Set([`user:${importer.id}`]));
    expect([...new Set(progress.map((p) => p.phase))]).toEqual(["receiving", "verifying", "extracting", "swapping", "done"]);
    expect(progress.at(-1)).toMatchObject({ phase: "done", workspaceId: created.id, operation: "import" });
    expect(await lastAudit({ actorUserId: importer.id, action: "workspaces.import" })).toMatchObject({ outcome: "ALLOWED", workspaceId: created.id, details: { manifest: true } });

    // The exporter already has a workspace with that name: a clear CONFLICT, nothing created; a new name works.
    const before2 = await footprint(team.owner);
    const clash = await importAs(team.owner, archive);
    expect(clash).toMatchObject({ status: 409, body: { error: { reason: "name_taken" } } });
    expect(await footprint(team.owner)).toEqual(before2);
    const renamed = await importAs(team.owner, archive, "?name=Copy%20of%20it&description=mine");
    expect(renamed).toMatchObject({ status: 201, body: { workspace: { name: "Copy of it", description: "mine" } } });
  });

  it("imports a plain tar.gz without a manifest when given a name, and says a name is needed otherwise", async () => {
    const dir = await hostTempDir("plain");
    await mkdir(path.join(dir, "tree/sub"), { recursive: true });
    await writeFile(path.join(dir, "tree/sub/a.txt"), "plain\n");
    const file = path.join(dir, "plain.tar.gz");
    await tar.create({ gzip: true, file, cwd: path.join(dir, "tree") }, ["."]);
    const archive = await import("node:fs/promises").then((fs) => fs.readFile(file));
    const user = await makeUser();

    const unnamed = await importAs(user, archive);
    expect(unnamed).toMatchObject({ status: 422, body: { error: { code: "INVALID_INPUT", reason: "name_required" } } });
    const named = await importAs(user, archive, "?name=Plain");
    expect(named).toMatchObject({ status: 201, body: { manifest: false, workspace: { name: "Plain", description: "" } } });
    expect(await treeFingerprint(named.body.workspace!.rootPath)).toMatchObject({ "sub/a.txt": expect.stringMatching(/^file:/) as unknown });
    expect(await footprint(user)).toMatchObject({ staging: [], temps: [] });
  });

  describe("validates the manifest with nothing created", () => {
    const manifest = (patch: Record<string, unknown>) =>
      Buffer.from(JSON.stringify({ format: "atrium-workspace-export", version: 1, name: "From manifest", createdAt: new Date().toISOString(), exportedAt: new Date().toISOString(), ...patch }));
    const cases: [string, Buffer][] = [
      ["not JSON", Buffer.from("{ nope")],
      ["a future version", manifest({ version: 2 })],
      ["another format", manifest({ format: "something-else" })],
      ["an empty name", manifest({ name: "" })],
      ["unknown keys", manifest({ extra: true })],
      ["a bad snapshot checksum", manifest({ snapshots: [{ id: "s", label: "", kind: "MANUAL", createdAt: new Date().toISOString(), sizeBytes: 1, sha256: "xyz" }] })],
      ["metadata that is not an object", manifest({ metadata: [1, 2] })],
    ];
    for (const [name, body] of cases) {
      it(name, async () => {
        const user = await makeUser();
        const res = await importAs(user, craftArchive([{ path: MANIFEST_PATH, body }, { path: "a.txt", body: Buffer.from("a") }]));
        expect(res).toMatchObject({ status: 422, body: { error: { code: "INVALID_INPUT", reason: "manifest_invalid" } } });
        expect(await footprint(user)).toEqual({ rows: 0, staging: [], temps: [] });
      });
    }

    it("a valid hand-written manifest is accepted", async () => {
      const user = await makeUser();
      const res = await importAs(user, craftArchive([{ path: MANIFEST_PATH, body: manifest({ description: "by hand" }) }, { path: "a.txt", body: Buffer.from("a") }]));
      expect(res).toMatchObject({ status: 201, body: { manifest: true, workspace: { name: "From manifest", description: "by hand" } } });
    });
  });

  describe("refuses hostile archives with nothing created", () => {
    for (const [name, make, reason] of HOSTILE_ARCHIVES) {
      it(name, async () => {
        const user = await makeUser();
        const res = await importAs(user, make(), "?name=Hostile");
        expect(res.body.error?.reason).toBe(reason);
        expect(await footprint(user)).toEqual({ rows: 0, staging: [], temps: [] });
      });
    }

    it("a file that is not a .tar.gz, and a form instead of a body", async () => {
      const user = await makeUser();
      expect(await importAs(user, Buffer.from("definitely not gzip"), "?name=Junk")).toMatchObject({ status: 422, body: { error: { reason: "archive_unreadable" } } });
      const form = await importRoute(
        new Request("http://atrium.test/api/workspaces/import?name=Form", { method: "POST", body: new FormData(), headers: { cookie: await sessionCookie(user.id) } }), { params: Promise.resolve({}) }
      );
      expect(form.status).toBe(422);
      expect(await footprint(user)).toEqual({ rows: 0, staging: [], temps: [] });
    });

    it("signed-out callers", async () => {
      const res = await importRoute(new Request("http://atrium.test/api/workspaces/import?name=X", { method: "POST", body: new Uint8Array(craftArchive([])) }), { params: Promise.resolve({}) });
      expect(res.status).toBe(401);
    });
  });
});
