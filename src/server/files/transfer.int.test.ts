// Uploads and downloads through the real Next route handlers, with real Requests built from
// FormData and Blobs: binary-safe round trips, folder uploads, tar.gz folders, limits, quota and
// aborted uploads that leave nothing behind, and the same access rules as tRPC.
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as tar from "tar";
import { afterAll, describe, expect, it } from "vitest";
import { GET } from "~/app/api/workspaces/[workspaceId]/files/download/route";
import { POST } from "~/app/api/workspaces/[workspaceId]/files/upload/route";
import { lastAudit, makeKey, sessionCookie } from "~/test/actors";
import { fileWorkspace, leftovers, removeRoots } from "./files.fixture";
import { createUploadHandler } from "~/server/http/transfer-routes";

const scratch: string[] = [];
afterAll(async () => {
  await removeRoots();
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const params = (workspaceId: string) => ({ params: Promise.resolve({ workspaceId }) });

function form(files: Record<string, Buffer | string>): FormData {
  const data = new FormData();
  for (const [name, content] of Object.entries(files)) data.append("files", new Blob([typeof content === "string" ? content : new Uint8Array(content)]), name);
  return data;
}

function uploadRequest(workspaceId: string, body: FormData | ReadableStream<Uint8Array>, options: { dir?: string; cookie?: string; authorization?: string; contentType?: string } = {}): Request {
  const headers = new Headers();
  if (options.cookie) headers.set("cookie", options.cookie);
  if (options.authorization) headers.set("authorization", options.authorization);
  if (options.contentType) headers.set("content-type", options.contentType);
  const url = `http://atrium.test/api/workspaces/${workspaceId}/files/upload${options.dir !== undefined ? `?dir=${encodeURIComponent(options.dir)}` : ""}`;
  // Streaming request bodies need `duplex: "half"` (undici), which lib.dom's RequestInit does not know yet.
  const init: RequestInit & { duplex?: "half" } = { method: "POST", body, headers, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) };
  return new Request(url, init);
}

function downloadRequest(workspaceId: string, p: string, cookie?: string): Request {
  return new Request(`http://atrium.test/api/workspaces/${workspaceId}/files/download?path=${encodeURIComponent(p)}`, { headers: cookie ? { cookie } : {} });
}

async function errorOf(res: Response): Promise<{ status: number; code: string; reason?: string; message: string }> {
  const body = (await res.json()) as { error: { code: string; reason?: string; message: string } };
  return { status: res.status, ...body.error };
}

describe("upload", () => {
  it("streams many files (binary-safe, nested folders) into place and downloads them back byte for byte", async () => {
    const w = await fileWorkspace();
    const cookie = await sessionCookie(w.users.editor.id);
    const res = await POST(
      uploadRequest(w.id, form({ "all-bytes.bin": ALL_BYTES, "src/lib/nested.txt": "nested ✓\n", "README.md": "# hi\n" }), { dir: "incoming", cookie }),
      params(w.id),
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as { uploaded: { path: string; size: number; version: string }[] };
    expect(body.uploaded.map(({ path: p, size }) => ({ path: p, size }))).toEqual([
      { path: "incoming/all-bytes.bin", size: 256 },
      { path: "incoming/src/lib/nested.txt", size: 11 },
      { path: "incoming/README.md", size: 5 },
    ]);
    expect((await readFile(path.join(w.root, "incoming/all-bytes.bin"))).equals(ALL_BYTES)).toBe(true);
    expect(await readFile(path.join(w.root, "incoming/src/lib/nested.txt"), "utf8")).toBe("nested ✓\n");
    expect(await leftovers(w.root)).toEqual([]);
    expect(await w.usage()).toBe(272n);
    // The upload's version is the one a read reports.
    const read = await w.as.viewer.files.read({ workspaceId: w.id, path: "incoming/README.md" });
    expect(read.version).toBe(body.uploaded[2]!.version);

    const down = await GET(downloadRequest(w.id, "incoming/all-bytes.bin", await sessionCookie(w.users.viewer.id)), params(w.id));
    expect(down.status).toBe(200);
    expect(down.headers.get("content-type")).toBe("application/octet-stream");
    expect(down.headers.get("content-length")).toBe("256");
    expect(down.headers.get("content-disposition")).toBe(`attachment; filename="all-bytes.bin"; filename*=UTF-8''all-bytes.bin`);
    expect(down.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await down.arrayBuffer()).equals(ALL_BYTES)).toBe(true);
  });

  it("accepts an API key with the write scope, replaces existing files, and uploads to the root by default", async () => {
    const w = await fileWorkspace();
    await w.put("replace-me.txt", "old old old");
    const key = await makeKey(w.users.editor, { scopes: ["read", "write"] });
    const res = await POST(uploadRequest(w.id, form({ "replace-me.txt": "new" }), { authorization: `Bearer ${key}` }), params(w.id));
    expect(res.status).toBe(201);
    expect(await readFile(path.join(w.root, "replace-me.txt"), "utf8")).toBe("new");
  });

  it("refuses a file over the per-file limit with 413 JSON, leaving nothing behind (not even earlier files or new folders)", async () => {
    const w = await fileWorkspace();
    const small = createUploadHandler({ maxFileBytes: 1000, maxTotalBytes: 10_000, maxFiles: 10 });
    const cookie = await sessionCookie(w.users.editor.id);
    const res = await small(uploadRequest(w.id, form({ "first.txt": "fine", "deep/new/folder/big.bin": Buffer.alloc(1500, 7), "after.txt": "x" }), { cookie }), params(w.id));
    expect(await errorOf(res)).toMatchObject({ status: 413, code: "PAYLOAD_TOO_LARGE", reason: "file_too_large" });
    expect(await readdir(w.root)).toEqual([]);
    expect(await w.usage()).toBe(0n);

    const total = await small(uploadRequest(w.id, form({ "a.bin": Buffer.alloc(900), "b.bin": Buffer.alloc(900), "c.bin": Buffer.alloc(900) }), { cookie }), params(w.id));
    expect(total.status).toBe(201);
    const tooMany = await small(uploadRequest(w.id, form(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.txt`, "x"]))), { cookie }), params(w.id));
    expect(await errorOf(tooMany)).toMatchObject({ status: 413, reason: "too_many_files" });
    expect((await readdir(w.root)).sort()).toEqual(["a.bin", "b.bin", "c.bin"]);
  });

  it("refuses an upload whose Content-Length already passes the limit, before reading it", async () => {
    const w = await fileWorkspace();
    const small = createUploadHandler({ maxFileBytes: 1000, maxTotalBytes: 1000, maxFiles: 10 });
    const req = uploadRequest(w.id, form({ "big.bin": Buffer.alloc(200_000) }), { cookie: await sessionCookie(w.users.editor.id) });
    const sized = new Request(req, { headers: { ...Object.fromEntries(req.headers), "content-length": "200200" } });
    const err = await errorOf(await small(sized, params(w.id)));
    expect(err).toMatchObject({ status: 413, code: "PAYLOAD_TOO_LARGE", reason: "upload_too_large" });
    expect(err.message).toContain("1000 bytes, the limit per request");
    expect(await readdir(w.root)).toEqual([]);
  });

  it("refuses an upload that would pass the quota with 413 QUOTA_EXCEEDED, leaving nothing behind", async () => {
    const w = await fileWorkspace({ quotaBytes: 1000n });
    const cookie = await sessionCookie(w.users.editor.id);
    const res = await POST(uploadRequest(w.id, form({ "ok.txt": "fits", "sub/too-much.bin": Buffer.alloc(2000) }), { cookie }), params(w.id));
    const err = await errorOf(res);
    expect(err).toMatchObject({ status: 413, code: "QUOTA_EXCEEDED", reason: "quota_exceeded" });
    expect(err.message).toMatch(/workspace has 1000 bytes of 1000 bytes left; delete files or ask an owner to raise the quota\./);
    expect(await readdir(w.root)).toEqual([]);
    expect(await w.usage()).toBe(0n);
  });

  it("leaves nothing behind when the connection drops mid-upload", async () => {
    const w = await fileWorkspace();
    const cookie = await sessionCookie(w.users.editor.id);
    const boundary = "----atrium-test-boundary";
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="done.txt"\r\n\r\ncomplete\r\n--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="dir/partial.bin"\r\n\r\n`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(head);
        else if (sent < 4) controller.enqueue(Buffer.alloc(64 * 1024, sent));
        else controller.error(new Error("client went away"));
        sent++;
      },
    });
    const res = await POST(uploadRequest(w.id, body, { cookie, contentType: `multipart/form-data; boundary=${boundary}` }), params(w.id));
    expect(await errorOf(res)).toMatchObject({ status: 422, code: "INVALID_INPUT", reason: "upload_incomplete" });
    expect(await readdir(w.root)).toEqual([]);
  });

  it("guards every uploaded path: protected names and escapes are refused and audited", async () => {
    const w = await fileWorkspace();
    const cookie = await sessionCookie(w.users.owner.id);
    const env = await POST(uploadRequest(w.id, form({ "ok.txt": "x", ".env": "SECRET=1" }), { cookie }), params(w.id));
    expect(await errorOf(env)).toMatchObject({ status: 403, code: "PATH_DENIED", reason: "critical_file" });
    const escape = await POST(uploadRequest(w.id, form({ "../../evil.txt": "x" }), { cookie }), params(w.id));
    expect(await errorOf(escape)).toMatchObject({ status: 403, code: "PATH_DENIED", reason: "outside_workspace" });
    expect(await readdir(w.root)).toEqual([]);
    expect(await lastAudit({ actorUserId: w.users.owner.id, action: "files.upload", reason: "critical_file" })).toMatchObject({ workspaceId: w.id, target: ".env" });
  });

  it("answers like tRPC: 401 signed out, 403 for viewers, 404 for strangers, 409 when archived", async () => {
    const w = await fileWorkspace();
    expect(await errorOf(await POST(uploadRequest(w.id, form({ "a.txt": "x" })), params(w.id)))).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    expect(await errorOf(await POST(uploadRequest(w.id, form({ "a.txt": "x" }), { cookie: await sessionCookie(w.users.viewer.id) }), params(w.id)))).toMatchObject({ status: 403, reason: "role_required" });
    expect(await errorOf(await POST(uploadRequest(w.id, form({ "a.txt": "x" }), { cookie: await sessionCookie(w.users.stranger.id) }), params(w.id)))).toMatchObject({ status: 404, reason: "workspace_not_found" });
    const readKey = await makeKey(w.users.editor, { scopes: ["read"] });
    expect(await errorOf(await POST(uploadRequest(w.id, form({ "a.txt": "x" }), { authorization: `Bearer ${readKey}` }), params(w.id)))).toMatchObject({ status: 403, reason: "missing_scope" });
    expect(await errorOf(await POST(uploadRequest(w.id, form({ "a.txt": "x" }), { authorization: "Bearer atr_wrong" }), params(w.id)))).toMatchObject({ status: 401 });
    expect(await readdir(w.root)).toEqual([]);

    const archived = await fileWorkspace({ status: "ARCHIVED" });
    const res = await POST(uploadRequest(archived.id, form({ "a.txt": "x" }), { cookie: await sessionCookie(archived.users.owner.id) }), params(archived.id));
    expect(await errorOf(res)).toMatchObject({ status: 409, code: "CONFLICT", reason: "workspace_archived" });
  });

  it("refuses a body that is not multipart", async () => {
    const w = await fileWorkspace();
    const req = new Request(`http://atrium.test/api/workspaces/${w.id}/files/upload`, {
      method: "POST",
      body: JSON.stringify({ files: [] }),
      headers: { "content-type": "application/json", cookie: await sessionCookie(w.users.editor.id) },
    });
    expect(await errorOf(await POST(req, params(w.id)))).toMatchObject({ status: 422, reason: "not_multipart" });
  });
});

describe("download", () => {
  it("streams a folder as .tar.gz, skipping protected and blocked files and links that leave the workspace", async () => {
    const w = await fileWorkspace({ rules: [{ pattern: "proj/private/**", effect: "BLOCK" }] });
    await w.put("proj/src/main.py", "print('hi')\n");
    await w.put("proj/bin/all.bin", ALL_BYTES);
    await w.put("proj/.env", "SECRET=1");
    await w.put("proj/keys/id_rsa", "PRIVATE");
    await w.put("proj/.git/config", "[core]");
    await w.put("proj/private/plan.txt", "blocked");
    await w.put(`proj/${"long-folder-name/".repeat(8)}deep.txt`, "deep");
    await symlink("src/main.py", path.join(w.root, "proj/inside-link"));
    await symlink("/etc/passwd", path.join(w.root, "proj/outside-link"));

    const res = await GET(downloadRequest(w.id, "proj", await sessionCookie(w.users.viewer.id)), params(w.id));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/gzip");
    expect(res.headers.get("content-disposition")).toContain('filename="proj.tar.gz"');

    const dir = await mkdtemp(path.join(tmpdir(), "atrium-download-"));
    scratch.push(dir);
    const archive = path.join(dir, "proj.tar.gz");
    await writeFile(archive, Buffer.from(await res.arrayBuffer()));
    const listed: string[] = [];
    await tar.list({ file: archive, onReadEntry: (entry) => listed.push(`${entry.type}:${entry.path}`) });
    expect(listed).toContain("File:proj/src/main.py");
    expect(listed).toContain("File:proj/bin/all.bin");
    expect(listed).toContain(`File:proj/${"long-folder-name/".repeat(8)}deep.txt`);
    expect(listed).toContain("SymbolicLink:proj/inside-link");
    expect(listed.filter((e) => /\.env|id_rsa|\.git|private|outside-link/.test(e))).toEqual([]);

    const out = path.join(dir, "out");
    await mkdir(out);
    await tar.extract({ file: archive, cwd: out });
    expect((await readFile(path.join(out, "proj/bin/all.bin"))).equals(ALL_BYTES)).toBe(true);
    expect(await readFile(path.join(out, "proj/src/main.py"), "utf8")).toBe("print('hi')\n");
  });

  it("downloads the whole workspace named after its slug, and refuses protected files and strangers", async () => {
    const w = await fileWorkspace();
    await w.put("a.txt", "a");
    await w.put(".env", "SECRET=1");
    const viewer = await sessionCookie(w.users.viewer.id);
    const whole = await GET(downloadRequest(w.id, "", viewer), params(w.id));
    expect(whole.headers.get("content-disposition")).toMatch(/filename="files-[0-9a-f]+\.tar\.gz"/);
    await whole.arrayBuffer();

    expect(await errorOf(await GET(downloadRequest(w.id, ".env", viewer), params(w.id)))).toMatchObject({ status: 403, code: "PATH_DENIED", reason: "critical_file" });
    expect(await errorOf(await GET(downloadRequest(w.id, "missing.txt", viewer), params(w.id)))).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(await errorOf(await GET(downloadRequest(w.id, "a.txt", await sessionCookie(w.users.stranger.id)), params(w.id)))).toMatchObject({ status: 404, reason: "workspace_not_found" });
    expect(await errorOf(await GET(downloadRequest(w.id, "a.txt"), params(w.id)))).toMatchObject({ status: 401 });
    // The query string is checked like every door's input: a NUL is a 400 (a URL cannot carry a lone surrogate).
    expect(await errorOf(await GET(downloadRequest(w.id, "a\u0000.txt", viewer), params(w.id)))).toMatchObject({ status: 400, code: "INVALID_INPUT", reason: "nul_character" });
  });

  it("serves every file as an attachment with a sandboxing CSP, whatever its type", async () => {
    const w = await fileWorkspace();
    await w.put("page.html", "<script>alert(1)</script>");
    const res = await GET(downloadRequest(w.id, "page.html", await sessionCookie(w.users.viewer.id)), params(w.id));
    expect(res.headers.get("content-type")).toBe("text/html");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(res.headers.get("content-security-policy")).toContain("sandbox");
    expect(await res.text()).toBe("<script>alert(1)</script>");
  });
});
