// MCP file resources and subscriptions with the official SDK client over streamable HTTP, real
// Postgres and a real watcher: the capability, reading a file resource, `resources/subscribe` →
// `notifications/resources/updated` when the file changes on disk, unsubscribe, refusals for
// protected and blocked paths and for strangers (audited), a revoked key hearing nothing more,
// and the session's end releasing the watcher.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hashKey } from "~/server/auth/api-keys";
import { db } from "~/server/db/client";
import { watchState } from "~/server/watch/registry";
import { makeTeam, removeDataDir, type Team, teamWorkspace } from "~/server/workspaces/test-helpers";
import { lastAudit, makeKey } from "~/test/actors";
import { bridgeTo } from "~/test/http-bridge";
import { handleMcpRequest } from "./http";
import { fileUri, FILE_URI_TEMPLATE } from "./resources-files";

vi.mock("~/env", async (importOriginal) => {
  const withData = (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal());
  return { ...withData, env: () => ({ ...withData.env(), ATRIUM_WATCH_IDLE_MS: 200 }) };
});

const bridge = bridgeTo(handleMcpRequest);

describe("MCP file resources and subscriptions", () => {
  let http: Server;
  let url: URL;
  let team: Team;
  let wsId: string;
  let root: string;
  const clients: { client: Client; transport: StreamableHTTPClientTransport }[] = [];

  async function connect(key: string) {
    const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${key}` } } });
    const client = new Client({ name: "atrium-watch-test", version: "1.0.0" });
    const updated: string[] = [];
    const waiters = new Set<() => void>();
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      updated.push(n.params.uri);
      for (const w of [...waiters]) w();
    });
    await client.connect(transport);
    clients.push({ client, transport });
    const heard = (uri: string) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (!updated.includes(uri)) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      });
    return { client, transport, updated, heard };
  }

  beforeAll(async () => {
    http = createServer((req, res) => void bridge(req, res));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    url = new URL(`http://127.0.0.1:${(http.address() as AddressInfo).port}/api/mcp`);
    team = await makeTeam();
    wsId = (await teamWorkspace(team, { template: "empty" })).id;
    root = (await db().workspace.findUniqueOrThrow({ where: { id: wsId }, select: { rootPath: true } })).rootPath;
    await writeFile(path.join(root, "notes.md"), "first");
    await writeFile(path.join(root, "other.md"), "other");
  });

  afterAll(async () => {
    for (const { client } of clients) await client.close().catch(() => undefined);
    http?.closeAllConnections();
    await new Promise((resolve) => http?.close(resolve));
    await removeDataDir();
  });

  it("declares subscribable file resources and reads one", async () => {
    const { client } = await connect(await makeKey(team.viewer, { scopes: ["read"] }));
    expect(client.getServerCapabilities()?.resources).toMatchObject({ subscribe: true });
    const templates = await client.listResourceTemplates();
    expect(templates.resourceTemplates.map((t) => t.uriTemplate)).toContain(FILE_URI_TEMPLATE);
    const read = await client.readResource({ uri: fileUri(wsId, "notes.md") });
    expect(read.contents[0]).toMatchObject({ uri: fileUri(wsId, "notes.md"), text: "first" });
  });

  it("notifies a subscriber when the file changes on disk, and stops after unsubscribe", async () => {
    const viewer = await connect(await makeKey(team.viewer, { scopes: ["read"] }));
    const notes = fileUri(wsId, "notes.md");
    const other = fileUri(wsId, "other.md");
    await viewer.client.subscribeResource({ uri: notes });
    await viewer.client.subscribeResource({ uri: other });
    await writeFile(path.join(root, "notes.md"), "second");
    await viewer.heard(notes);
    expect(viewer.updated).not.toContain(other);

    await viewer.client.unsubscribeResource({ uri: notes });
    const before = viewer.updated.filter((u) => u === notes).length;
    await writeFile(path.join(root, "notes.md"), "third");
    await writeFile(path.join(root, "other.md"), "changed");
    // Notifications keep their order: once `other` is heard, a `notes` one would have come first.
    await viewer.heard(other);
    expect(viewer.updated.filter((u) => u === notes).length).toBe(before);
  });

  it("refuses protected files, blocked paths and strangers, audited", async () => {
    await team.as.owner.pathRules.create({ workspaceId: wsId, pattern: "private/**", effect: "block" });
    const viewer = await connect(await makeKey(team.viewer, { scopes: ["read"] }));
    await expect(viewer.client.subscribeResource({ uri: fileUri(wsId, ".env") })).rejects.toThrow(/protected|never/i);
    expect(await lastAudit({ actorUserId: team.viewer.id, action: "mcp.resources.subscribe" })).toMatchObject({ outcome: "DENIED", reason: "critical_file" });
    await expect(viewer.client.subscribeResource({ uri: fileUri(wsId, "private/plan.md") })).rejects.toThrow();
    expect(await lastAudit({ actorUserId: team.viewer.id, action: "mcp.resources.subscribe" })).toMatchObject({ outcome: "DENIED", reason: "blocked_path" });
    await expect(viewer.client.subscribeResource({ uri: "file:///etc/passwd" })).rejects.toThrow(/Not a file resource/);

    const stranger = await connect(await makeKey(team.stranger, { scopes: ["read", "write"] }));
    await expect(stranger.client.subscribeResource({ uri: fileUri(wsId, "notes.md") })).rejects.toThrow();
    expect(await lastAudit({ actorUserId: team.stranger.id, action: "mcp.resources.subscribe" })).toMatchObject({ outcome: "DENIED", reason: "not_a_member" });
  });

  it("a revoked key hears nothing more", async () => {
    const key = await makeKey(team.editor, { scopes: ["read"] });
    const editor = await connect(key);
    const watcher = await connect(await makeKey(team.viewer, { scopes: ["read"] }));
    const notes = fileUri(wsId, "notes.md");
    await editor.client.subscribeResource({ uri: notes });
    await watcher.client.subscribeResource({ uri: notes });
    const keyId = (await db().apiKey.findUniqueOrThrow({ where: { secretHash: hashKey(key) } })).id;
    await team.as.editor.apiKeys.revoke({ id: keyId });
    // Past the re-check interval, so the next notification re-checks the key.
    await new Promise((r) => setTimeout(r, 2100));
    const before = editor.updated.length;
    await writeFile(path.join(root, "notes.md"), "after revocation");
    await watcher.heard(notes);
    await new Promise((r) => setTimeout(r, 300));
    expect(editor.updated.length).toBe(before);
  });

  it("the session's end releases the watcher", async () => {
    const other = await teamWorkspace(team, { template: "empty" });
    const viewer = await connect(await makeKey(team.viewer, { scopes: ["read"] }));
    await viewer.client.subscribeResource({ uri: fileUri(other.id, "x.md") });
    expect(watchState(other.id).holders).toBe(1);
    await viewer.transport.terminateSession();
    await vi.waitFor(() => expect(watchState(other.id).holders).toBe(0), { timeout: 5000 });
  });
});
