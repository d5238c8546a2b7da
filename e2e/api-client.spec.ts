// A client generated from the document, against the real running server: openapi-typescript types
// (examples/openapi/atrium-api.d.ts, regenerated here from the LIVE /api/v1/openapi.json and
// compared) and openapi-fetch run the whole agent flow with no casts and no workarounds; the
// typecheck proves the types line up (this file is in tsconfig). Every response is also checked
// against the live document (status, Content-Type, body) by the same validator the REST tests use.
// The strict preset (argv, no network) keeps exec and tasks off Docker's bridge network.
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "../examples/openapi/atrium-api";
import { GENERATED_TYPES_FILE, generateTypes } from "../src/test/openapi-types";
import { createResponseValidator } from "../src/test/openapi-validate";
import { createApiKeyViaApi, expect, signUp, test, uniqueUser } from "./fixtures";

/** A call's data, or the test fails with the status and the error body the server sent. */
function must<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) throw new Error(`${result.response.status} ${result.response.url}: ${JSON.stringify(result.error)}`);
  return result.data;
}

test("a client generated from the document runs the full agent flow against the server", async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  const api = `${baseURL}/api/v1`;

  // The document this server serves is the one the committed types were generated from.
  const document = must(await createClient<paths>({ baseUrl: api }).GET("/openapi.json"));
  expect(await generateTypes(document), "examples/openapi/atrium-api.d.ts is stale: run npm run openapi:types").toBe(await readFile(GENERATED_TYPES_FILE, "utf8"));

  const conforms = createResponseValidator(document);
  const checked: Middleware = {
    async onResponse({ request, response }) {
      const problems = conforms({ method: request.method, url: request.url, status: response.status, contentType: response.headers.get("content-type"), body: await response.clone().text() });
      expect(problems, `${request.method} ${request.url} does not match the document`).toEqual([]);
      return response;
    },
  };

  // A person signs up and mints a key for their agent.
  await signUp(page, uniqueUser("Gene Generated"));
  const key = await createApiKeyViaApi(page.request, { name: "generated client", scopes: ["read", "write", "exec"] });

  const client = createClient<paths>({ baseUrl: api, headers: { authorization: `Bearer ${key}` } });
  client.use(checked);

  // Workspace, files.
  const workspace = must(await client.POST("/workspaces", { body: { name: `generated client ${Date.now()}`, template: "empty", metadata: { by: "openapi-fetch" } } }));
  const ws = { params: { path: { id: workspace.id } } };
  const written = must(await client.PUT("/workspaces/{id}/files/content", { ...ws, body: { path: "notes/hello.txt", content: "original\n" } }));
  expect(written).toMatchObject({ path: "notes/hello.txt", created: true });
  const read = must(await client.GET("/workspaces/{id}/files/content", { params: { path: { id: workspace.id }, query: { path: "notes/hello.txt" } } }));
  expect(read.content).toBe("original\n");
  expect(read.version).toBe(written.version);
  const listed = must(await client.GET("/workspaces/{id}/files", { params: { path: { id: workspace.id }, query: { path: "notes" } } }));
  expect(listed.entries.map((e) => e.name)).toEqual(["hello.txt"]);
  const found = must(await client.GET("/workspaces/{id}/files/grep", { params: { path: { id: workspace.id }, query: { pattern: "ORIGINAL", caseSensitive: false } } }));
  expect(found.matches.map((m) => m.file)).toEqual(["notes/hello.txt"]);

  // Exec.
  const ran = must(await client.POST("/workspaces/{id}/exec", { ...ws, body: { command: ["cat", "notes/hello.txt"], preset: "strict", timeoutMs: 60_000 } }));
  expect(ran).toMatchObject({ exitCode: 0, stdout: "original\n", timedOut: false });

  // Tasks: one runs to completion, one is cancelled (a body-less POST).
  const echo = must(await client.POST("/workspaces/{id}/tasks", { ...ws, body: { command: ["echo", "from-a-task"], preset: "strict" } }));
  await expect.poll(async () => must(await client.GET("/tasks/{id}", { params: { path: { id: echo.id } } })).status, { timeout: 120_000 }).toBe("COMPLETED");
  const done = must(await client.GET("/tasks/{id}", { params: { path: { id: echo.id } } }));
  expect(done).toMatchObject({ exitCode: 0, stdoutTail: "from-a-task\n" });
  const sleeper = must(await client.POST("/workspaces/{id}/tasks", { ...ws, body: { command: ["sleep", "300"], preset: "strict", timeoutMs: 600_000 } }));
  const cancelled = must(await client.POST("/tasks/{id}/cancel", { params: { path: { id: sleeper.id } } }));
  expect(cancelled.status).toBe("CANCELLED");

  // Snapshot, change, restore (body-less) and the change is gone.
  const snapshot = must(await client.POST("/workspaces/{id}/snapshots", { ...ws, body: { label: "before the change" } }));
  must(await client.PUT("/workspaces/{id}/files/content", { ...ws, body: { path: "notes/hello.txt", content: "changed\n", ifMatch: written.version } }));
  const restored = must(await client.POST("/snapshots/{id}/restore", { params: { path: { id: snapshot.id } } }));
  expect(restored.restored.id).toBe(snapshot.id);
  expect(restored.preRestore.kind).toBe("PRE_RESTORE");
  const after = must(await client.GET("/workspaces/{id}/files/content", { params: { path: { id: workspace.id }, query: { path: "notes/hello.txt" } } }));
  expect(after.content).toBe("original\n");

  // Downloads: one file, then the whole workspace (no path) as .tar.gz.
  const file = must(await client.GET("/workspaces/{id}/files/download", { params: { path: { id: workspace.id }, query: { path: "notes/hello.txt" } }, parseAs: "text" }));
  expect(file).toBe("original\n");
  const whole = must(await client.GET("/workspaces/{id}/files/download", { ...ws, parseAs: "arrayBuffer" }));
  expect(gunzipSync(Buffer.from(whole)).toString("latin1")).toContain("notes/hello.txt");

  // Archive (body-less); a boolean query parameter finds it again.
  const archived = must(await client.POST("/workspaces/{id}/archive", ws));
  expect(archived.status).toBe("ARCHIVED");
  const mine = must(await client.GET("/workspaces", { params: { query: { archived: true, scope: "mine" } } }));
  expect(mine.items.map((w) => w.id)).toContain(workspace.id);

  // Errors come back typed, with the documented body.
  const missing = await client.GET("/workspaces/{id}", { params: { path: { id: "no-such-workspace" } } });
  expect(missing.response.status).toBe(404);
  expect(missing.error?.error.code).toBe("NOT_FOUND");
  const tooLong = await client.POST("/workspaces/{id}/exec", { ...ws, body: { command: ["true"], timeoutMs: 1_800_001 } });
  expect(tooLong.response.status).toBe(400);
  expect(tooLong.error?.error.details).toHaveProperty("fieldErrors.timeoutMs");
  const hugeQuery = await client.GET("/workspaces", { params: { query: { q: "x".repeat(20_000) } } });
  expect(hugeQuery.response.status).toBe(431);
  expect(hugeQuery.error?.error.reason).toBe("headers_too_large");
  const anonymous = createClient<paths>({ baseUrl: api });
  anonymous.use(checked);
  const refused = await anonymous.GET("/workspaces");
  expect(refused.response.status).toBe(401);
  expect(refused.error?.error.code).toBe("UNAUTHORIZED");
});
