// Co-editing end to end on the server: real socket.io clients (each holding a real Y.Doc, as the
// browser does) on a random port, real PostgreSQL, the real confined file service on a temp
// workspace. External changes are made on disk and announced with `files:changed` on the bus,
// exactly as the workspace watcher does.
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import type { ActorUser } from "~/server/auth/types";
import { fileWorkspace, leftovers, removeRoots, type FileWorkspace } from "~/server/files/files.fixture";
import { db } from "~/server/db/client";
import { lastAudit, sessionCookie } from "~/test/actors";
import { type ClientSocket, connectSocket, startRealtimeServer } from "~/test/realtime-server";
import type { Ack, CollabAccessChanged, CollabConflicted, CollabJoined, CollabSaved } from "~/server/realtime/events";
import type { RealtimeServer } from "~/server/realtime/server";
import { publish, workspaceRoom } from "~/server/realtime/workspace-bus";
import { giveToSandbox } from "~/test/sandbox-owner";
import { textOf } from "~/lib/collab/yjs-text";

vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));

const REMOTE = Symbol("remote");

/** Waits until `check` holds; the test's timeout is the only clock. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; ; i++) {
    if (await check()) return;
    if (i > 600) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** One browser tab editing one file: a Y.Doc kept in sync over the socket, as the IDE does it. */
class Editor {
  readonly doc = new Y.Doc();
  joined: CollabJoined | null = null;
  readonly refusals: Ack<null>[] = [];
  readonly conflicts: CollabConflicted[] = [];
  readonly access: CollabAccessChanged[] = [];
  readonly saved: CollabSaved[] = [];

  constructor(
    readonly socket: ClientSocket,
    readonly workspaceId: string,
    readonly path: string,
  ) {
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      socket.emit("collab:update", { workspaceId, path, update }, (result) => {
        if (!result.ok) this.refusals.push(result);
      });
    });
    socket.on("collab:updated", (p) => {
      if (p.path === path) Y.applyUpdate(this.doc, new Uint8Array(p.update as Uint8Array), REMOTE);
    });
    socket.on("collab:conflicted", (p) => this.conflicts.push(p));
    socket.on("collab:access-changed", (p) => this.access.push(p));
    socket.on("collab:saved", (p) => this.saved.push(p));
  }

  get text(): string {
    return textOf(this.doc).toJSON();
  }

  async join(): Promise<Ack<CollabJoined>> {
    const result = await this.socket.emitWithAck("collab:join", { workspaceId: this.workspaceId, path: this.path });
    if (result.ok) {
      this.joined = result.data;
      Y.applyUpdate(this.doc, new Uint8Array(result.data.state as Uint8Array), REMOTE);
    }
    return result;
  }

  type(index: number, text: string): void {
    textOf(this.doc).insert(index, text);
  }
}

describe("co-editing documents", () => {
  let io: RealtimeServer;
  let url: string;
  let ws: FileWorkspace;
  const sockets: ClientSocket[] = [];

  async function editor(user: ActorUser, file: string, target: FileWorkspace = ws): Promise<Editor> {
    const socket = connectSocket(url, await sessionCookie(user.id));
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    return new Editor(socket, target.id, file);
  }
  const disk = (file: string, target: FileWorkspace = ws) => readFile(path.join(target.root, file), "utf8");
  const announce = (file: string, kind: "created" | "modified" | "deleted", target: FileWorkspace = ws) =>
    publish(workspaceRoom(target.id), "files:changed", { workspaceId: target.id, changes: [{ path: file, kind, isDirectory: false }], overflow: false });

  beforeAll(async () => {
    ({ io, url } = await startRealtimeServer());
    ws = await fileWorkspace();
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await io?.close();
    await removeRoots();
  });

  it("loads a file from disk, writes typing back (debounced), attributes it, and writes on leave", async () => {
    await ws.put("notes/a.txt", "hello\n");
    const alice = await editor(ws.users.editor, "notes/a.txt");
    const joined = await alice.join();
    expect(joined).toMatchObject({ ok: true, data: { readOnly: false, path: "notes/a.txt", conflict: null } });
    expect(alice.text).toBe("hello\n");

    alice.type(5, " world");
    await until(async () => (await disk("notes/a.txt")) === "hello world\n", "debounced write-back");
    // The audit line follows the write.
    await until(async () => (await lastAudit({ actorUserId: ws.users.editor.id, action: "files.write" })) !== null, "the audit line");
    const saved = await lastAudit({ actorUserId: ws.users.editor.id, action: "files.write" });
    expect(saved).toMatchObject({ outcome: "ALLOWED", channel: "UI", target: "notes/a.txt", workspaceId: ws.id });
    expect((saved!.details as { authors: { userId: string }[] }).authors.map((a) => a.userId)).toEqual([ws.users.editor.id]);

    // Typing and leaving at once: the leave writes it before acknowledging.
    alice.type(0, "# ");
    await new Promise((r) => setTimeout(r, 20));
    expect(await alice.socket.emitWithAck("collab:leave", { workspaceId: ws.id, path: "notes/a.txt" })).toEqual({ ok: true, data: null });
    expect(await disk("notes/a.txt")).toBe("# hello world\n");

    // The document was unloaded: opening it again is a fresh load from disk (new epoch, same text).
    const again = await editor(ws.users.owner, "notes/a.txt");
    const rejoined = await again.join();
    expect(rejoined.ok && rejoined.data.epoch).not.toBe(joined.ok && joined.data.epoch);
    expect(again.text).toBe("# hello world\n");
    await again.socket.emitWithAck("collab:leave", { workspaceId: ws.id, path: "notes/a.txt" });
  });

  it("converges two people typing at once; one write names both, the last typist as actor; Ctrl+S flushes now", async () => {
    await ws.put("pair.txt", "line\n");
    const alice = await editor(ws.users.editor, "pair.txt");
    const bob = await editor(ws.users.owner, "pair.txt");
    await alice.join();
    await bob.join();
    alice.type(0, "A");
    bob.type(5, "B");
    await until(() => alice.text === bob.text && alice.text.includes("A") && alice.text.includes("B"), "convergence");
    const flushed = await bob.socket.emitWithAck("collab:flush", { workspaceId: ws.id, path: "pair.txt" });
    const text = alice.text;
    // Either the flush wrote it, or the debounce had just done so: the disk holds the merged text.
    expect(flushed.ok).toBe(true);
    await until(async () => (await disk("pair.txt")) === text, "flushed text on disk");
    await until(async () => (await db().auditEvent.count({ where: { workspaceId: ws.id, action: "files.write", target: "pair.txt" } })) > 0, "audit lines");
    const rows = await db().auditEvent.findMany({ where: { workspaceId: ws.id, action: "files.write", target: "pair.txt" }, orderBy: { at: "asc" } });
    const authors = new Set(rows.flatMap((r) => (r.details as { authors: { userId: string }[] }).authors.map((a) => a.userId)));
    expect(authors).toEqual(new Set([ws.users.editor.id, ws.users.owner.id]));
    for (const r of rows) expect((r.details as { authors: { userId: string }[] }).authors[0]!.userId).toBe(r.actorUserId);
  });

  it("merges an external edit into the open document without losing unsaved typing", async () => {
    const original = ["one", "two", "three", "four", "five", ""].join("\n");
    await ws.put("merge.txt", original);
    const alice = await editor(ws.users.editor, "merge.txt");
    await alice.join();
    // Alice types at the top; before the debounce fires, a terminal rewrites the last line.
    alice.type(0, "zero\n");
    await writeFile(path.join(ws.root, "merge.txt"), original.replace("five", "FIVE (from sed)"));
    giveToSandbox(ws.root);
    announce("merge.txt", "modified");
    const expected = "zero\none\ntwo\nthree\nfour\nFIVE (from sed)\n";
    await until(() => alice.text === expected, "external edit merged into the editor");
    await until(async () => (await disk("merge.txt")) === expected, "merged text written back");
    expect(await leftovers(ws.root)).toEqual([]);
  });

  it("refuses a viewer's updates (audited, acknowledged) and keeps the document unchanged", async () => {
    await ws.put("view.txt", "look, don't touch\n");
    const viewer = await editor(ws.users.viewer, "view.txt");
    const owner = await editor(ws.users.owner, "view.txt");
    expect(await viewer.join()).toMatchObject({ ok: true, data: { readOnly: true } });
    await owner.join();
    viewer.type(0, "vandalised ");
    await until(() => viewer.refusals.length > 0, "the refusal");
    expect(viewer.refusals[0]).toMatchObject({ ok: false, error: { code: "FORBIDDEN", reason: "read_only" } });
    expect(await lastAudit({ actorUserId: ws.users.viewer.id, action: "collab.update" })).toMatchObject({ outcome: "DENIED", reason: "role_required", target: "view.txt" });
    // The owner's flush writes nothing new: the disk and the server's document never saw it.
    await owner.socket.emitWithAck("collab:flush", { workspaceId: ws.id, path: "view.txt" });
    expect(owner.text).toBe("look, don't touch\n");
    expect(await disk("view.txt")).toBe("look, don't touch\n");
  });

  it("refuses strangers and blocked paths at join", async () => {
    await ws.put("open.txt", "x");
    const stranger = await editor(ws.users.stranger, "open.txt");
    expect(await stranger.join()).toMatchObject({ ok: false, error: { code: "NOT_FOUND", reason: "workspace_not_found" } });
    const editorTab = await editor(ws.users.editor, ".env");
    expect(await editorTab.join()).toMatchObject({ ok: false, error: { code: "PATH_DENIED", reason: "critical_file" } });
    expect(await editorTab.socket.emitWithAck("collab:join", { workspaceId: ws.id, path: "" })).toMatchObject({ ok: false, error: { code: "INVALID_INPUT" } });
    // An update for a document the socket never joined is refused, not applied.
    expect(await editorTab.socket.emitWithAck("collab:update", { workspaceId: ws.id, path: "open.txt", update: new Uint8Array([0, 0]) })).toMatchObject({ ok: false, error: { reason: "collab_not_joined" } });
  });

  it("makes an open document read-only at once when a READ_ONLY rule is added, and closes it for a removed member", async () => {
    const team = await fileWorkspace();
    await team.put("docs/guide.md", "# Guide\n");
    const ed = await editor(team.users.editor, "docs/guide.md", team);
    const vw = await editor(team.users.viewer, "docs/guide.md", team);
    expect(await ed.join()).toMatchObject({ ok: true, data: { readOnly: false } });
    await vw.join();

    await team.as.owner.pathRules.create({ workspaceId: team.id, pattern: "docs/**", effect: "read_only" });
    await until(() => ed.access.some((a) => a.readOnly && !a.closed), "read-only notice");
    ed.type(0, "sneaky ");
    await until(() => ed.refusals.length > 0, "the refusal");
    expect(await lastAudit({ actorUserId: team.users.editor.id, action: "collab.update" })).toMatchObject({ outcome: "DENIED", reason: "read_only" });
    expect(await disk("docs/guide.md", team)).toBe("# Guide\n");

    await team.as.owner.members.remove({ workspaceId: team.id, userId: team.users.viewer.id });
    await until(() => vw.access.some((a) => a.closed), "closed notice");
    // Closed means closed: its updates and awareness are refused now.
    expect(await vw.socket.emitWithAck("collab:flush", { workspaceId: team.id, path: "docs/guide.md" })).toMatchObject({ ok: false, error: { reason: "collab_not_joined" } });
  });

  it("tells editors when the file is deleted or becomes binary, and keep-mine writes the text back", async () => {
    await ws.put("gone.txt", "precious\n");
    const alice = await editor(ws.users.editor, "gone.txt");
    await alice.join();
    await rm(path.join(ws.root, "gone.txt"));
    announce("gone.txt", "deleted");
    await until(() => alice.conflicts.some((c) => c.reason === "deleted"), "deleted notice");
    // Typing goes on in memory; nothing recreates the file behind the editors' backs.
    alice.type(0, "still ");
    await new Promise((r) => setTimeout(r, 1_200));
    await expect(disk("gone.txt")).rejects.toThrow(/ENOENT/);
    const kept = await alice.socket.emitWithAck("collab:resolve", { workspaceId: ws.id, path: "gone.txt", choice: "keep_mine" });
    expect(kept.ok).toBe(true);
    expect(await disk("gone.txt")).toBe("still precious\n");

    await writeFile(path.join(ws.root, "gone.txt"), Buffer.from([0, 1, 2, 3, 0, 255]));
    giveToSandbox(ws.root);
    announce("gone.txt", "modified");
    await until(() => alice.conflicts.some((c) => c.reason === "binary"), "binary notice");
    const taken = await alice.socket.emitWithAck("collab:resolve", { workspaceId: ws.id, path: "gone.txt", choice: "take_disk" });
    expect(taken).toEqual({ ok: true, data: null });
    expect(alice.access.at(-1)).toMatchObject({ closed: true });
    expect(await alice.join()).toMatchObject({ ok: false, error: { reason: "edit_binary_file" } });
  });

  it("surfaces a quota refusal as a typed error to the editors and writes nothing", async () => {
    const small = await fileWorkspace({ quotaBytes: 4_096n });
    await small.put("big.txt", "small\n");
    const alice = await editor(small.users.editor, "big.txt", small);
    await alice.join();
    alice.type(0, "x".repeat(10_000));
    await until(() => alice.conflicts.some((c) => c.reason === "write_failed"), "write failure notice");
    expect(alice.conflicts.find((c) => c.reason === "write_failed")!.error).toMatchObject({ code: "QUOTA_EXCEEDED" });
    const flushed = await alice.socket.emitWithAck("collab:flush", { workspaceId: small.id, path: "big.txt" });
    expect(flushed).toMatchObject({ ok: false, error: { code: "QUOTA_EXCEEDED" } });
    expect(await disk("big.txt", small)).toBe("small\n");
    expect(await leftovers(small.root)).toEqual([]);
  });
});
