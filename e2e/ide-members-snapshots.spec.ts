// Members and snapshots in the IDE, end to end (real server, Postgres, Chromium):
// (3) an owner invites a viewer through the Members panel; the viewer sees the files but the editor
//     is read-only, a crafted files.write with their cookies is refused, and the administrator
//     finds that refusal in Admin → Audit log by its reason;
// (6) take a snapshot, change a file in the editor, restore the snapshot, and see the old content.
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { ADMIN, createAccount, createWorkspaceViaApi, editorText, expect, signIn, signUp, test, trpcMutation, uniqueUser } from "./fixtures";

const toasts = (page: Page) => page.getByRole("region", { name: "Notifications" });

async function openIde(page: Page, workspaceId: string): Promise<void> {
  await page.goto(`/workspaces/${workspaceId}`);
  await expect(page.getByTestId("ide")).toBeVisible();
  await expect(page.getByTestId("ide")).toHaveAttribute("data-connection", "connected", { timeout: 20_000 });
}

async function sideView(page: Page, label: "Explorer" | "Snapshots" | "Members and rules"): Promise<void> {
  await page.getByRole("navigation", { name: "Side views" }).getByRole("button", { name: label }).click();
}

async function openFile(page: Page, name: string): Promise<void> {
  await sideView(page, "Explorer");
  await page.getByRole("treeitem", { name }).click();
  await expect(page.getByTestId("editor")).toHaveAttribute("data-path", name);
}

test("(3) a viewer invited from the Members panel reads but cannot save, and the admin sees the refusal in the audit log", async ({ page, browser }) => {
  const owner = uniqueUser("Olga Owner");
  const viewer = uniqueUser("Vic Viewer");
  await createAccount(page.request, viewer);
  await signUp(page, owner);
  const workspaceId = await createWorkspaceViaApi(page.request, `shared-${randomBytes(3).toString("hex")}`);
  await openIde(page, workspaceId);

  // The owner invites by email as a viewer, through the panel.
  await sideView(page, "Members and rules");
  const panel = page.getByTestId("members-panel");
  const invite = panel.getByRole("form", { name: "Invite a member" });
  await invite.getByLabel("Email to invite").fill(viewer.email);
  await invite.getByLabel("Role for the invitation").selectOption("viewer");
  await invite.getByRole("button", { name: "Invite" }).click();
  await expect(toasts(page).getByText("Member added")).toBeVisible();
  await expect(panel.locator(`[data-testid="member-row"][data-email="${viewer.email}"]`).getByLabel(`Role of ${viewer.name}`)).toHaveValue("viewer");

  // The path-rule editor previews matches live, before anything is saved.
  const rules = panel.getByRole("form", { name: "Add a path rule" });
  await rules.getByLabel("Pattern").fill("*.py");
  await expect(rules.getByTestId("rule-preview-summary")).toHaveText(/Matches 1 existing path/);
  await expect(rules.getByRole("list", { name: "Matching paths" })).toContainText("main.py");

  // The viewer, in their own browser.
  const viewerContext = await browser.newContext();
  const viewerPage = await viewerContext.newPage();
  await viewerPage.goto("/sign-in");
  await signIn(viewerPage, viewer);
  await openIde(viewerPage, workspaceId);
  await openFile(viewerPage, "main.py");
  await expect(viewerPage.getByTestId("editor")).toHaveAttribute("data-readonly", "true");
  await expect.poll(() => editorText(viewerPage)).toContain("print");
  await sideView(viewerPage, "Members and rules");
  await expect(viewerPage.getByTestId("members-readonly-note")).toBeVisible();
  await expect(viewerPage.getByRole("form", { name: "Invite a member" })).toHaveCount(0);

  // A crafted save with the viewer's cookies: refused by the server, whatever the UI allows.
  const write = await viewerPage.request.post("/api/trpc/files.write", { data: { json: { workspaceId, path: "main.py", content: "print('pwned')\n" } } });
  expect(write.status()).toBe(403);
  const body = (await write.json()) as { error: { json: { data: { code: string; app: { code: string; reason?: string } | null } } } };
  expect(body.error.json.data.code).toBe("FORBIDDEN");
  expect(body.error.json.data.app).toMatchObject({ code: "FORBIDDEN", reason: "role_required" });
  await viewerContext.close();

  // The administrator finds the refusal, filtered by its reason.
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await adminPage.goto("/sign-in");
  await signIn(adminPage, ADMIN);
  await adminPage.goto("/admin/audit");
  await adminPage.getByLabel("Reason", { exact: true }).fill("role_required");
  await adminPage.getByLabel("Actor", { exact: true }).fill(viewer.email);
  // The filters narrow the whole table to this one refusal (they apply after a short debounce).
  const denial = adminPage.getByRole("table", { name: "Audit events" }).locator('[data-testid="audit-row"]');
  await expect(denial).toHaveCount(1);
  await expect(denial).toHaveAttribute("data-action", "files.write");
  await expect(denial).toHaveAttribute("data-reason", "role_required");
  await expect(denial).toContainText("Denied");
  await expect(denial).toContainText(viewer.email);
  await expect(denial).toContainText("main.py");
  await adminPage.screenshot({ path: "e2e/screenshots/ide-members-snapshots--3-admin-audit-log.png", fullPage: true });
  await adminContext.close();
});

test("(6) snapshot, change a file, restore, and the old content is back", async ({ page }) => {
  const owner = uniqueUser("Sam Snapshot");
  await signUp(page, owner);
  const workspaceId = await createWorkspaceViaApi(page.request, `snap-${randomBytes(3).toString("hex")}`);
  const seeded = await trpcMutation(page.request, "files.write", { workspaceId, path: "notes.txt", content: "version-one\n" });
  expect(seeded.status(), await seeded.text()).toBe(200);
  await openIde(page, workspaceId);

  // Take a snapshot with a label.
  await sideView(page, "Snapshots");
  const panel = page.getByTestId("snapshots-panel");
  await panel.getByLabel("Snapshot label").fill("before edits");
  await panel.getByRole("button", { name: "Take snapshot" }).click();
  await expect(toasts(page).getByText("Snapshot taken")).toBeVisible();
  const snapshot = panel.locator('[data-testid="snapshot-row"][data-label="before edits"]');
  await expect(snapshot).toContainText("Manual");
  await expect(snapshot).toContainText(`by you`);

  // Change the file in the editor and save it.
  await openFile(page, "notes.txt");
  await expect.poll(() => editorText(page)).toContain("version-one");
  await page.getByTestId("editor").locator(".view-lines").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("version-two");
  await page.keyboard.press("ControlOrMeta+S");
  await expect(page.getByTestId("editor")).toHaveAttribute("data-dirty", "false");
  const read = async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { workspaceId, path: "notes.txt" } }));
    const response = await page.request.get(`/api/trpc/files.read?input=${input}`);
    return ((await response.json()) as { result: { data: { json: { content: string } } } }).result.data.json.content;
  };
  await expect.poll(read).toBe("version-two");

  // Restore: the dialog explains the safety snapshot, then the files go back.
  await sideView(page, "Snapshots");
  await snapshot.getByRole("button", { name: "Restore before edits" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Restore “before edits”?" });
  await expect(confirm).toContainText("Before restore");
  await confirm.getByRole("button", { name: "Restore files" }).click();
  await expect(confirm).toBeHidden({ timeout: 30_000 });
  await expect(toasts(page).getByText("Snapshot restored")).toBeVisible();
  await expect(panel.locator('[data-testid="snapshot-row"]').filter({ hasText: "Before restore" })).toBeVisible();
  await expect.poll(read).toBe("version-one\n");

  // The open editor tab reloads the restored text by itself (it had no unsaved edits)...
  await expect.poll(() => editorText(page)).toContain("version-one");
  await expect(page.getByTestId("editor")).toHaveAttribute("data-dirty", "false");

  // ...and after a reload the explorer and the editor show it too.
  await page.reload();
  await expect(page.getByTestId("ide")).toBeVisible();
  await openFile(page, "notes.txt");
  await expect.poll(() => editorText(page)).toContain("version-one");
});

test("export a workspace from the dashboard and import it back as a new one", async ({ page }) => {
  const owner = uniqueUser("Ivy Import");
  await signUp(page, owner);
  const name = `export-${randomBytes(3).toString("hex")}`;
  const sourceId = await createWorkspaceViaApi(page.request, name);
  const seeded = await trpcMutation(page.request, "files.write", { workspaceId: sourceId, path: "data.txt", content: "exported-data\n" });
  expect(seeded.status(), await seeded.text()).toBe(200);
  await page.reload();

  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
  const downloading = page.waitForEvent("download");
  await row.getByRole("link", { name: "Export", exact: true }).click();
  const archive = test.info().outputPath("export.tar.gz");
  await (await downloading).saveAs(archive);

  await page.getByRole("button", { name: "Import workspace" }).click();
  const dialog = page.getByRole("dialog", { name: "Import workspace" });
  await dialog.getByLabel("Archive").setInputFiles(archive);
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  // The export carries its name, which this owner already uses: the dialog says so on the name field.
  await expect(dialog.getByText(`You already have an active workspace named "${name}"`)).toBeVisible();
  await dialog.getByLabel(/^Name/).fill(`${name}-copy`);
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(toasts(page).getByText("Workspace imported")).toBeVisible();

  const copyRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: `${name}-copy`, exact: true }) });
  await expect(copyRow).toContainText("Owner");
  await copyRow.getByRole("link", { name: `${name}-copy`, exact: true }).click();
  await expect(page.getByTestId("ide")).toBeVisible();
  await openFile(page, "data.txt");
  await expect.poll(() => editorText(page)).toContain("exported-data");
});
