// Session access modes and shared folders, end to end (real server, Postgres, Docker, Chromium):
// an administrator shares a host folder from Admin → Shared folders; the workspace owner attaches
// it in the Members view; a copy-on-write session started with the Terminal panel's access
// selector sees the folder at /shared/<name>, its writes never reach the workspace, and "Keep as
// snapshot" saves them. A plain user cannot reach the page or the procedures.
import { chmod, mkdtemp, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { ADMIN, createWorkspaceViaApi, expect, signIn, signUp, test, trpcData, trpcMutation, uniqueUser } from "./fixtures";

const toasts = (page: Page) => page.getByRole("region", { name: "Notifications" });

test("admin shares a folder, the owner attaches it, a cow session uses it and keeps its changes as a snapshot", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const hostDir = await mkdtemp(path.join(tmpdir(), "atrium-e2e-shared-"));
  await chmod(hostDir, 0o755);
  await writeFile(path.join(hostDir, "table.csv"), "k,v\nanswer,42\n", { mode: 0o644 });
  const name = `ds-${randomBytes(3).toString("hex")}`;

  // The administrator shares it.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await admin.goto("/sign-in");
  await signIn(admin, ADMIN);
  await admin.goto("/admin/shared-folders");
  await expect(admin.getByRole("heading", { level: 1, name: "Shared folders" })).toBeVisible();
  const form = admin.getByRole("form", { name: "Share a folder" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Host path").fill(path.join(hostDir, "missing"));
  await form.getByRole("button", { name: "Share folder" }).click();
  await expect(admin.locator(".alert-danger")).toContainText("does not exist");
  await form.getByLabel("Host path").fill(hostDir);
  await form.getByRole("button", { name: "Share folder" }).click();
  await expect(admin.getByTestId("shared-folder-row").filter({ hasText: `/shared/${name}` })).toContainText(hostDir);
  await adminContext.close();

  // The owner attaches it and starts a copy-on-write session.
  await signUp(page, uniqueUser("Cora Cow"));
  const workspaceId = await createWorkspaceViaApi(page.request, `cow-${randomBytes(3).toString("hex")}`);
  await page.goto(`/workspaces/${workspaceId}`);
  await expect(page.getByTestId("ide")).toHaveAttribute("data-connection", "connected", { timeout: 20_000 });
  await page.getByRole("navigation", { name: "Side views" }).getByRole("button", { name: "Members and rules" }).click();
  await page.getByRole("button", { name: `Attach ${name} read-only` }).click();
  await expect(toasts(page).getByText("Folder attached")).toBeVisible();
  await expect(page.getByTestId("shared-folder-item").filter({ hasText: `/shared/${name}` })).toContainText("Read-only");

  const panel = page.getByTestId("terminal-panel");
  await expect(panel.getByRole("heading", { name: "Start a session" })).toBeVisible();
  await panel.getByLabel("Access for a new session").selectOption("cow");
  await panel.getByRole("button", { name: "Start session" }).click();
  await expect(panel.getByTestId("session-status")).toHaveAttribute("data-session-status", "RUNNING", { timeout: 60_000 });
  await expect(panel.getByTestId("session-access")).toHaveText("Copy-on-write");

  // Run commands in it through the same procedure the command line uses (the terminal is covered by ide-terminal.spec).
  const sessions = await trpcData<{ id: string; access: string }[]>(page.request, "sandbox.sessions.list", { workspaceId });
  const cow = sessions.find((s) => s.access === "cow")!;
  const ran = await trpcMutation(page.request, "sandbox.exec", { workspaceId, sessionId: cow.id, command: `cat /shared/${name}/table.csv && echo trial > trial.txt && cat trial.txt` });
  expect(ran.status(), await ran.text()).toBe(200);
  expect(await ran.text()).toContain("answer,42");
  const exists = await trpcData<{ exists: boolean }>(page.request, "files.exists", { workspaceId, path: "trial.txt" });
  expect(exists.exists).toBe(false);

  await panel.getByRole("button", { name: "Keep as snapshot" }).click();
  await expect(toasts(page).getByText("Kept as a snapshot")).toBeVisible();
  const snapshots = await trpcData<{ label: string; fileCount: number }[]>(page.request, "snapshots.list", { workspaceId });
  expect(snapshots[0]).toMatchObject({ label: `cow session ${cow.id}` });

  // The shared folder reads through the files API, read-only.
  const read = await trpcData<{ content: string }>(page.request, "files.read", { workspaceId, path: `shared/${name}/table.csv` });
  expect(read.content).toContain("answer,42");
  const write = await trpcMutation(page.request, "files.write", { workspaceId, path: `shared/${name}/table.csv`, content: "x" });
  expect(write.status()).toBe(403);
  await page.screenshot({ path: "e2e/screenshots/access-shared--cow-session.png", fullPage: true });
});
