// Workspaces are private to their members: another account neither sees one in its list nor
// reaches its files, and is told "not found" rather than "forbidden" (no existence leak).
import { randomBytes } from "node:crypto";
import { expect, signUp, test, trpcMutation, trpcQuery, uniqueUser } from "./fixtures";

test("another account cannot see someone else's workspace or read its files", async ({ page, browser }) => {
  const owner = uniqueUser("Priya Private");
  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  await signUp(ownerPage, owner);
  const name = `private-${randomBytes(3).toString("hex")}`;
  const created = await trpcMutation(ownerPage.request, "workspaces.create", { name, template: "python" });
  expect(created.status(), await created.text()).toBe(200);
  const id = ((await created.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;
  await ownerContext.close();

  await signUp(page, uniqueUser("Olaf Outsider"));
  await expect(page.getByRole("heading", { name: "No workspaces yet" })).toBeVisible();
  await expect(page.getByText(name)).toHaveCount(0);

  const input = (value: unknown) => encodeURIComponent(JSON.stringify({ json: value }));
  const listed = await trpcQuery(page.request, `workspaces.list?input=${input({ q: name })}`);
  expect(listed.status()).toBe(200);
  expect(((await listed.json()) as { result: { data: { json: { items: unknown[] } } } }).result.data.json.items).toEqual([]);

  const read = await trpcQuery(page.request, `files.read?input=${input({ workspaceId: id, path: "main.py" })}`);
  expect(read.status()).toBe(404);
  const body = (await read.json()) as { error: { json: { data: { code: string; app: { code: string } | null } } } };
  expect(body.error.json.data.code).toBe("NOT_FOUND");
  expect(body.error.json.data.app?.code).toBe("NOT_FOUND");

  const download = await page.request.get(`/api/workspaces/${id}/files/download?path=main.py`);
  expect(download.status()).toBe(404);
  const remove = await trpcMutation(page.request, "workspaces.delete", { workspaceId: id, deleteFiles: true });
  expect(remove.status()).toBe(404);
});

test("signed out, the workspace procedures refuse without saying what exists", async ({ request }) => {
  const listed = await trpcQuery(request, "workspaces.list");
  expect(listed.status()).toBe(401);
  const created = await trpcMutation(request, "workspaces.create", { name: "nope" });
  expect(created.status()).toBe(401);
});
