// The workspace list on the dashboard: create from a template with metadata, filter, reach the
// files from an agent's side (tRPC and the upload/download routes), archive, unarchive, delete.
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, signUp, test, trpcMutation, trpcQuery, uniqueUser } from "./fixtures";

const toasts = (page: Page) => page.getByRole("region", { name: "Notifications" });

class DashboardPage {
  constructor(readonly page: Page) {}

  row(name: string) {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("rowheader").filter({ hasText: name }) });
  }

  get createDialog() {
    return this.page.getByRole("dialog", { name: "New workspace" });
  }

  async create(options: { name: string; template: "Empty" | "Python" | "Node"; description?: string; metadata?: string }): Promise<void> {
    await this.page.getByRole("button", { name: /^(New workspace|Create your first workspace)$/ }).first().click();
    const dialog = this.createDialog;
    await expect(dialog).toBeVisible();
    await dialog.getByLabel("Name").fill(options.name);
    await dialog.getByRole("radio", { name: new RegExp(`^${options.template}`) }).check();
    if (options.description) await dialog.getByLabel(/^Description/).fill(options.description);
    if (options.metadata) await dialog.getByLabel(/^Metadata/).fill(options.metadata);
    await dialog.getByRole("button", { name: "Create workspace" }).click();
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole("searchbox", { name: "Search by name" }).fill(text);
  }
}

test("a workspace from the Python template: listed, filtered, its files reachable, archived, unarchived and deleted", async ({ page }) => {
  const user = uniqueUser("Wendy Workspace");
  await signUp(page, user);
  await expect(page.getByRole("heading", { name: "No workspaces yet" })).toBeVisible();
  const dashboard = new DashboardPage(page);
  const suffix = randomBytes(3).toString("hex");
  const name = `pipeline-${suffix}`;

  // The form says what is wrong before asking the server.
  await dashboard.create({ name: "", template: "Python", metadata: "team data" });
  await expect(dashboard.createDialog.getByText("Give the workspace a name.")).toBeVisible();
  await expect(dashboard.createDialog.getByText("Line 1: write it as key=value, for example team=data.")).toBeVisible();
  await dashboard.createDialog.getByLabel("Name").fill(name);
  await dashboard.createDialog.getByLabel(/^Description/).fill("Nightly data pipeline");
  await dashboard.createDialog.getByLabel(/^Metadata/).fill("team=data\nticket=ATR-42");
  await dashboard.createDialog.getByRole("button", { name: "Create workspace" }).click();
  await expect(toasts(page).getByText("Workspace created")).toBeVisible();
  // It opens in its IDE by itself; back to the list.
  await expect(page).toHaveURL(/\/workspaces\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
  await page.getByRole("link", { name: "All workspaces" }).click();

  const row = dashboard.row(name);
  await expect(row).toBeVisible();
  await expect(row).toContainText("Nightly data pipeline");
  await expect(row).toContainText("team=data");
  await expect(row.getByRole("cell").first()).toHaveText("Owner");
  await expect(row).toContainText(/\d+(\.\d)? (bytes|KiB) of \d+(\.\d)? (MiB|GiB)/);
  await expect(row).toContainText("1 member");

  // Its IDE: the template's files in the explorer.
  await row.getByRole("link", { name, exact: true }).click();
  await expect(page).toHaveURL(/\/workspaces\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
  const tree = page.getByRole("tree", { name: "Files" });
  for (const file of ["main.py", "README.md", ".gitignore"]) await expect(tree.getByRole("treeitem", { name: file, exact: true })).toBeVisible();
  await page.getByRole("link", { name: "All workspaces" }).click();
  await expect(row).toBeVisible();

  // A second workspace, made through the API, to filter against.
  const other = `notes-${suffix}`;
  expect((await trpcMutation(page.request, "workspaces.create", { name: other, metadata: { team: "web" } })).status()).toBe(200);
  await page.reload();
  await expect(dashboard.row(other)).toBeVisible();
  await dashboard.search("PIPE");
  await expect(dashboard.row(other)).toBeHidden();
  await expect(row).toBeVisible();
  await dashboard.search("");
  await expect(dashboard.row(other)).toBeVisible();
  const metadataFilter = page.getByRole("textbox", { name: "Filter by metadata" });
  await metadataFilter.fill("team");
  await expect(page.getByText("Filter by metadata: write it as key=value")).toBeVisible();
  await metadataFilter.fill("team=data");
  await expect(dashboard.row(other)).toBeHidden();
  await expect(row).toBeVisible();
  await page.getByRole("radio", { name: "Shared with me" }).check();
  await expect(page.getByRole("heading", { name: "No workspaces match" })).toBeVisible();
  await page.getByRole("radio", { name: "Mine" }).check();
  await expect(row).toBeVisible();

  // An agent's side: the template's file over tRPC, then a binary upload and download.
  const listed = await trpcQuery(page.request, "workspaces.list", { input: { q: name } });
  expect(listed.status()).toBe(200);
  const listBody = (await listed.json()) as { result: { data: { json: { items: { id: string; name: string }[] } } } };
  const id = listBody.result.data.json.items.find((w) => w.name === name)?.id ?? "";
  expect(id).not.toBe("");
  const read = await trpcQuery(page.request, "files.read", { input: { workspaceId: id, path: "main.py" } });
  expect(read.status(), await read.text()).toBe(200);
  const file = ((await read.json()) as { result: { data: { json: { content: string; encoding: string } } } }).result.data.json;
  expect(file.encoding).toBe("utf8");
  expect(file.content).toContain('print("Hello from Atrium!")');

  const bytes = Buffer.concat([Buffer.from([0, 255, 1, 254, 0x89, 0x50, 0x4e, 0x47]), randomBytes(4096)]);
  const upload = await page.request.post(`/api/workspaces/${id}/files/upload`, {
    multipart: { files: { name: "blob.bin", mimeType: "application/octet-stream", buffer: bytes } },
  });
  expect(upload.status(), await upload.text()).toBe(201);
  const download = await page.request.get(`/api/workspaces/${id}/files/download?path=${encodeURIComponent("blob.bin")}`);
  expect(download.status()).toBe(200);
  expect(Buffer.compare(await download.body(), bytes)).toBe(0);

  // Archive: it leaves the list, and comes back with "Show archived".
  await row.getByRole("button", { name: `Archive ${name}` }).click();
  const archiveDialog = page.getByRole("alertdialog", { name: `Archive “${name}”?` });
  await expect(archiveDialog).toContainText(".tar.gz");
  await expect(archiveDialog).toContainText("read-only");
  await archiveDialog.getByRole("button", { name: "Archive workspace" }).click();
  await expect(archiveDialog).toBeHidden();
  await expect(toasts(page).getByText("Workspace archived")).toBeVisible();
  await expect(row).toBeHidden();
  await page.getByRole("checkbox", { name: "Show archived" }).check();
  await expect(row).toBeVisible();
  await expect(row).toContainText("Archived");

  await row.getByRole("button", { name: `Unarchive ${name}` }).click();
  const unarchiveDialog = page.getByRole("alertdialog", { name: `Unarchive “${name}”?` });
  await unarchiveDialog.getByRole("button", { name: "Unarchive workspace" }).click();
  await expect(unarchiveDialog).toBeHidden();
  await expect(toasts(page).getByText("Workspace unarchived")).toBeVisible();
  await expect(row).not.toContainText("Archived");
  await page.getByRole("checkbox", { name: "Show archived" }).uncheck();
  await expect(row).toBeVisible();

  // Delete, files too: the button is armed only by the exact name.
  await row.getByRole("button", { name: `Delete ${name}` }).click();
  const deleteDialog = page.getByRole("alertdialog", { name: `Delete “${name}”?` });
  await expect(deleteDialog).toBeVisible();
  const confirm = deleteDialog.getByRole("button", { name: "Delete workspace" });
  await deleteDialog.getByRole("radio", { name: /^Delete files too/ }).check();
  await expect(confirm).toBeDisabled();
  const typed = deleteDialog.getByRole("textbox", { name: `Type ${name} to confirm` });
  await typed.fill(name.toUpperCase());
  await expect(confirm).toBeDisabled();
  await typed.fill(name);
  await expect(confirm).toBeEnabled();
  await confirm.click();
  await expect(deleteDialog).toBeHidden();
  await expect(toasts(page).getByText("Workspace deleted")).toBeVisible();
  await expect(row).toBeHidden();
  const gone = await trpcQuery(page.request, "files.read", { input: { workspaceId: id, path: "main.py" } });
  expect(gone.status()).toBe(404);
  // Clear the filters so the last screen shows the remaining list.
  await metadataFilter.fill("");
  await expect(dashboard.row(other)).toBeVisible();
});

test("viewers and editors do not see the owner's actions, and server refusals come back as toasts", async ({ page, browser }) => {
  const owner = uniqueUser("Olive Owner");
  await signUp(page, owner);
  const name = `shared-${randomBytes(3).toString("hex")}`;
  const created = await trpcMutation(page.request, "workspaces.create", { name, template: "node" });
  expect(created.status()).toBe(200);
  const id = ((await created.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;

  const viewer = uniqueUser("Victor Viewer");
  const viewerContext = await browser.newContext();
  const viewerPage = await viewerContext.newPage();
  await signUp(viewerPage, viewer);
  const invite = await trpcMutation(page.request, "members.invite", { workspaceId: id, email: viewer.email, role: "viewer" });
  expect(invite.status(), await invite.text()).toBe(200);
  await viewerPage.reload();
  const dashboard = new DashboardPage(viewerPage);
  await viewerPage.getByRole("radio", { name: "Shared with me" }).check();
  await expect(dashboard.row(name)).toBeVisible();
  await expect(dashboard.row(name).getByRole("cell").first()).toHaveText("Viewer");
  await expect(dashboard.row(name).getByRole("button")).toHaveCount(0);
  await viewerContext.close();

  // The owner's delete fails on the server (it was archived meanwhile by another tab): the toast says why.
  await page.reload();
  const ownerDashboard = new DashboardPage(page);
  await ownerDashboard.row(name).getByRole("button", { name: `Archive ${name}` }).click();
  expect((await trpcMutation(page.request, "workspaces.archive", { workspaceId: id })).status()).toBe(200);
  await page.getByRole("alertdialog", { name: `Archive “${name}”?` }).getByRole("button", { name: "Archive workspace" }).click();
  const toast = toasts(page).getByRole("listitem").filter({ hasText: "Could not archive the workspace" });
  await expect(toast).toBeVisible();
  await expect(toast).toContainText("already archived");
});

for (const theme of ["light", "dark"] as const) {
  test(`the list and its dialogs in the ${theme} theme`, async ({ page }) => {
    const shot = (name: string) =>
      page.screenshot({ path: path.join(test.info().project.testDir, "screenshots", "tour", `${theme}-${name}.png`), fullPage: true });
    await page.addInitScript((t) => localStorage.setItem("atrium-theme", t), theme);
    await signUp(page, uniqueUser(`Tour ${theme}`));
    await shot("workspaces-empty");
    const suffix = randomBytes(3).toString("hex");
    const make = async (input: Record<string, unknown>) => {
      const response = await trpcMutation(page.request, "workspaces.create", input);
      expect(response.status(), await response.text()).toBe(200);
      return ((await response.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;
    };
    await make({ name: `api-${suffix}`, template: "node", description: "The public HTTP API and its tests", metadata: { team: "web", tier: "1" } });
    const old = await make({ name: `old-notes-${suffix}`, description: "Last year's notes" });
    await make({ name: `pipeline-${suffix}`, template: "python", metadata: { team: "data" } });
    expect((await trpcMutation(page.request, "workspaces.archive", { workspaceId: old })).status()).toBe(200);
    await page.reload();
    await page.getByRole("checkbox", { name: "Show archived" }).check();
    const dashboard = new DashboardPage(page);
    await expect(dashboard.row(`old-notes-${suffix}`)).toContainText("Archived");
    await shot("workspaces-list");

    await page.getByRole("button", { name: "New workspace" }).click();
    await dashboard.createDialog.getByRole("button", { name: "Create workspace" }).click();
    await expect(dashboard.createDialog.getByText("Give the workspace a name.")).toBeVisible();
    await shot("workspaces-create");
    await dashboard.createDialog.getByRole("button", { name: "Cancel" }).click();

    await dashboard.row(`api-${suffix}`).getByRole("button", { name: `Delete api-${suffix}` }).click();
    const deleteDialog = page.getByRole("alertdialog", { name: `Delete “api-${suffix}”?` });
    await deleteDialog.getByRole("radio", { name: /^Delete files too/ }).check();
    await deleteDialog.getByRole("textbox").fill("api-");
    await shot("workspaces-delete");
    await deleteDialog.getByRole("button", { name: "Cancel" }).click();

    await dashboard.row(`pipeline-${suffix}`).getByRole("link", { name: `pipeline-${suffix}`, exact: true }).click();
    await expect(page.getByRole("tree", { name: "Files" }).getByRole("treeitem", { name: "main.py", exact: true })).toBeVisible();
  });
}
