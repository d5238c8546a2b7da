// Background tasks in the IDE, end to end (real server with its task worker, Postgres, Docker,
// Chromium): from the Tasks tab, run `echo hello-from-task` and see it complete with its output
// (also after a reload, from the stored tail), then start `sleep 300` and cancel it.
// The strict preset (argv, no network) is used so the journey does not depend on Docker's bridge network.
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { createWorkspaceViaApi, expect, signUp, test, uniqueUser } from "./fixtures";

async function openTasks(page: Page, workspaceId: string): Promise<void> {
  await page.goto(`/workspaces/${workspaceId}`);
  await expect(page.getByTestId("ide")).toHaveAttribute("data-connection", "connected", { timeout: 20_000 });
  await page.getByRole("tablist", { name: "Bottom panel" }).getByRole("tab", { name: "Tasks" }).click();
  await expect(page.getByTestId("tasks-panel")).toBeVisible();
}

async function submit(page: Page, command: string): Promise<void> {
  const form = page.getByRole("form", { name: "Submit a task" });
  await form.getByLabel("Command").fill(command);
  await form.getByLabel("Preset").selectOption("strict");
  await form.getByRole("button", { name: "Run task" }).click();
}

test("submit a task from the Tasks tab, read its output (also after a reload), and cancel a long one", async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueUser("Tess Tasks"));
  const workspaceId = await createWorkspaceViaApi(page.request, `tasks-${randomBytes(3).toString("hex")}`, "empty");
  await openTasks(page, workspaceId);
  const panel = page.getByTestId("tasks-panel");
  await expect(panel.getByRole("heading", { name: "No tasks yet" })).toBeVisible();

  await submit(page, "echo hello-from-task");
  const echo = panel.locator('[data-testid="task-row"][data-command="echo hello-from-task"]');
  await expect(echo).toHaveAttribute("data-status", "COMPLETED", { timeout: 90_000 });
  await expect(echo).toContainText("Completed");
  await expect(echo).toContainText("exit 0");
  await expect(panel.getByTestId("task-log")).toContainText("hello-from-task");
  await expect(panel.getByTestId("task-exit-code")).toHaveText("0");

  // A reload comes back to the same task, its output read from the database.
  await page.reload();
  await openTasks(page, workspaceId);
  await expect(panel.getByTestId("task-status")).toHaveText("Completed");
  await expect(panel.getByTestId("task-log")).toContainText("hello-from-task");

  await submit(page, "sleep 300");
  const sleeper = panel.locator('[data-testid="task-row"][data-command="sleep 300"]');
  await expect(sleeper).toHaveAttribute("data-status", "RUNNING", { timeout: 90_000 });
  await expect(panel.getByTestId("task-status")).toHaveText("Running");
  await panel.getByTestId("task-cancel").click();
  const dialog = page.getByRole("alertdialog", { name: "Cancel this task?" });
  await expect(dialog).toContainText("sleep 300");
  await dialog.getByRole("button", { name: "Cancel task" }).click();
  await expect(dialog).toBeHidden();
  await expect(sleeper).toHaveAttribute("data-status", "CANCELLED");
  await expect(panel.getByTestId("task-status")).toHaveText("Cancelled");
  await expect(panel.getByTestId("task-cancel")).toHaveCount(0);
});
