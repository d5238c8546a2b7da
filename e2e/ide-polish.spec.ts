// The IDE's rough edges (issue 14), each in a real browser against the real server, Postgres and
// Docker: a restore that ends a shell says so in the terminal panel and its progress line says what
// came back; toasts stay off the output they report on; a task's byte counter follows its output;
// a new workspace opens in its IDE; the theme item closes the menu; the audit table names targets;
// watching a shared terminal keeps Start session at hand; and the 768 px layout stays usable.
import { randomBytes } from "node:crypto";
import type { Locator, Page } from "@playwright/test";
import { ADMIN, AppShellPage, createAccount, createWorkspaceFromDashboard, createWorkspaceViaApi, expect, signIn, signUp, test, trpcData, trpcMutation, uniqueUser } from "./fixtures";

const toasts = (page: Page) => page.getByRole("region", { name: "Notifications" });
const suffix = () => randomBytes(3).toString("hex");

async function openIde(page: Page, workspaceId: string): Promise<void> {
  await page.goto(`/workspaces/${workspaceId}`);
  await expect(page.getByTestId("ide")).toHaveAttribute("data-connection", "connected", { timeout: 20_000 });
}

async function startSession(page: Page): Promise<Locator> {
  const panel = page.getByTestId("terminal-panel");
  await panel.getByRole("radio", { name: /^default/i }).check();
  await panel.getByRole("button", { name: "Start session" }).click();
  await expect(panel.getByTestId("session-status")).toHaveAttribute("data-session-status", "RUNNING", { timeout: 60_000 });
  const term = page.locator('[data-testid="terminal"]:visible');
  await expect(term).toHaveAttribute("data-status", "live", { timeout: 30_000 });
  await expect(term.locator(".xterm-rows")).toContainText(/[$#]\s*$/m, { timeout: 30_000 });
  return term;
}

type Box = { x: number; y: number; width: number; height: number };
async function box(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox();
  if (!b) throw new Error("no bounding box: the element is not rendered");
  return b;
}
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test("a restore that ends a shell says so in the terminal panel; the progress line says what came back; the toast stays off the terminal", async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueUser("Rhea Restore"));
  const workspaceId = await createWorkspaceViaApi(page.request, `restore-${suffix()}`, "empty");
  for (const [path, content] of [["a.txt", "alpha\n"], ["b/c.txt", "gamma\n"]] as const) {
    expect((await trpcMutation(page.request, "files.write", { workspaceId, path, content })).status()).toBe(200);
  }
  expect((await trpcMutation(page.request, "snapshots.create", { workspaceId, label: "two files" })).status()).toBe(200);
  await openIde(page, workspaceId);
  const term = await startSession(page);

  await page.getByRole("navigation", { name: "Side views" }).getByRole("button", { name: "Snapshots" }).click();
  const panel = page.getByTestId("snapshots-panel");
  await panel.locator('[data-testid="snapshot-row"][data-label="two files"]').getByRole("button", { name: "Restore two files" }).click();
  await page.getByRole("alertdialog", { name: "Restore “two files”?" }).getByRole("button", { name: "Restore files" }).click();

  // The progress line, after the dialog closed: what was restored, not "0 files".
  const done = panel.locator('[data-testid="snapshot-progress"][data-operation="restore"][data-phase="done"]');
  await expect(done.getByTestId("snapshot-progress-detail")).toHaveText(/^2 files, \d+ bytes$/);
  await expect(panel).not.toContainText("0 files");

  // The shell ended, and the panel and the terminal say why.
  const notice = page.getByTestId("terminal-ended-notice");
  await expect(notice).toContainText("Terminal 1:");
  await expect(notice).toContainText("Ended by the restore of snapshot “two files”");
  // The ended terminal's tab goes (the server lists live terminals only); the notice stays until dismissed.
  await expect(term).toHaveCount(0);

  // The toast about it sits above the terminal output, not on it.
  const toast = toasts(page).locator(".toast").filter({ hasText: "Snapshot restored" });
  await expect(toast).toBeVisible();
  await expect(toast).toContainText("(2 files)");
  expect(overlaps(await box(toast), await box(page.getByTestId("terminal-panel")))).toBe(false);
  await page.screenshot({ path: test.info().outputPath("restore-notice.png") });

  // The session carries on: a new terminal opens in it.
  await page.getByTestId("terminal-panel").getByRole("button", { name: "Open a terminal" }).click();
  await expect(page.locator('[data-testid="terminal"]:visible')).toHaveAttribute("data-status", "live", { timeout: 30_000 });
});

test("a task's byte counter follows its output while it runs, and the toast stays off the task output", async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueUser("Tom Ticker"));
  const workspaceId = await createWorkspaceViaApi(page.request, `ticker-${suffix()}`, "empty");
  const script = "import sys, time\nfor i in range(40):\n    print('tick %02d' % i, flush=True)\n    time.sleep(0.5)\n";
  expect((await trpcMutation(page.request, "files.write", { workspaceId, path: "tick.py", content: script })).status()).toBe(200);
  await openIde(page, workspaceId);
  await page.getByRole("tablist", { name: "Bottom panel" }).getByRole("tab", { name: "Tasks" }).click();
  const panel = page.getByTestId("tasks-panel");
  const form = page.getByRole("form", { name: "Submit a task" });
  await form.getByLabel("Command").fill("python3 tick.py");
  await form.getByLabel("Preset").selectOption("strict");
  await form.getByRole("button", { name: "Run task" }).click();

  const toast = toasts(page).locator(".toast").filter({ hasText: "Task queued" });
  await expect(toast).toBeVisible();
  expect(overlaps(await box(toast), await box(panel))).toBe(false);

  await expect(panel.getByTestId("task-status")).toHaveText("Running", { timeout: 90_000 });
  const counter = panel.getByTestId("task-output-bytes");
  const bytes = async () => Number(await counter.getAttribute("data-stdout-bytes"));
  await expect(panel.getByTestId("task-log")).toContainText("tick 02", { timeout: 30_000 });
  const first = await bytes();
  expect(first).toBeGreaterThanOrEqual(3 * "tick 00\n".length);
  // Later ticks arrive only over the socket: the counter moves with them, no reload, no refetch.
  await expect(panel.getByTestId("task-log")).toContainText("tick 06", { timeout: 30_000 });
  await expect.poll(bytes).toBeGreaterThanOrEqual(first + 4 * "tick 00\n".length);
  await expect(panel.getByTestId("task-status")).toHaveText("Running");
  await expect(counter).toContainText(/\d+ bytes out, 0 bytes err/);
  await panel.getByTestId("task-cancel").click();
  await page.getByRole("alertdialog", { name: "Cancel this task?" }).getByRole("button", { name: "Cancel task" }).click();
  await expect(panel.getByTestId("task-status")).toHaveText("Cancelled");
});

test("a new workspace opens in its IDE; the theme item closes the menu", async ({ page }) => {
  await signUp(page, uniqueUser("Nia New"));
  const name = `fresh-${suffix()}`;
  await createWorkspaceFromDashboard(page, name, "Empty");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);

  const menu = await new AppShellPage(page).openUserMenu();
  await menu.getByRole("menuitem", { name: /^(Dark|Light) theme$/ }).click();
  await expect(menu).toBeHidden();
  await expect(page.getByRole("button", { name: /^Account menu for/ })).toBeFocused();
});

test("the audit table's Target column shows names, not ids", async ({ page, browser }) => {
  const owner = uniqueUser("Orla Owner");
  const member = uniqueUser("Mick Member");
  await createAccount(page.request, member);
  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  await signUp(ownerPage, owner);
  const name = `audited-${suffix()}`;
  const workspaceId = await createWorkspaceViaApi(ownerPage.request, name, "empty");
  expect((await trpcMutation(ownerPage.request, "members.invite", { workspaceId, email: member.email, role: "viewer" })).status()).toBe(200);
  const members = await trpcData<{ userId: string; email: string }[]>(ownerPage.request, "members.list", { workspaceId });
  const memberId = members.find((m) => m.email === member.email)!.userId;
  await ownerContext.close();

  await page.goto("/sign-in");
  await signIn(page, ADMIN);
  await page.goto("/admin/audit");
  await page.getByLabel("Actor", { exact: true }).fill(owner.email);
  const events = page.getByRole("table", { name: "Audit events" });
  // This invite's row (other journeys' invites may still be listed while the filter applies).
  const invite = events.locator(`[data-action="members.invite"] [data-testid="audit-target"][data-target="${memberId}"]`);
  await expect(invite).toHaveText(member.email);
  // The id the trail keeps is still there, for the curious, in the tooltip.
  await expect(invite).toHaveAttribute("data-target", memberId);
  await expect(invite).toHaveAttribute("title", new RegExp(memberId));
  await expect(events.locator('[data-action="workspaces.create"]').first()).toContainText(name);
});

test("watching a shared terminal keeps Start session within reach", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const owner = uniqueUser("Sia Sharer");
  const editor = uniqueUser("Eli Editor");
  await createAccount(page.request, editor);
  await signUp(page, owner);
  const workspaceId = await createWorkspaceViaApi(page.request, `shared-${suffix()}`, "empty");
  expect((await trpcMutation(page.request, "members.invite", { workspaceId, email: editor.email, role: "editor" })).status()).toBe(200);
  await openIde(page, workspaceId);
  await startSession(page);
  await page.getByTestId("terminal-panel").getByRole("checkbox", { name: "Share" }).check();
  await expect(toasts(page).getByText("Terminal shared")).toBeVisible();

  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto("/sign-in");
  await signIn(other, editor);
  await openIde(other, workspaceId);
  const panel = other.getByTestId("terminal-panel");
  await expect(panel.getByRole("tab", { name: new RegExp(`${owner.name}'s terminal`) })).toBeVisible({ timeout: 20_000 });
  await expect(other.locator('[data-testid="terminal"]:visible')).toHaveAttribute("data-status", "watching", { timeout: 20_000 });
  const start = panel.getByTestId("terminal-toolbar").getByRole("button", { name: "Start session" });
  await expect(start).toBeVisible();
  await start.click();
  await expect(panel.getByTestId("session-status")).toHaveAttribute("data-session-status", "RUNNING", { timeout: 60_000 });
  await context.close();
});

test("at 768 px the editor tabs, the quota meter and the terminal header stay usable", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 768, height: 900 });
  await signUp(page, uniqueUser("Vera Narrow"));
  const workspaceId = await createWorkspaceViaApi(page.request, `narrow-${suffix()}`, "python");
  await openIde(page, workspaceId);
  await startSession(page);
  for (const file of ["main.py", "README.md"]) await page.getByRole("treeitem", { name: file, exact: true }).click();
  const tabs = page.getByRole("tablist", { name: "Open files" });
  await expect(tabs.getByRole("tab")).toHaveCount(2);
  await page.screenshot({ path: test.info().outputPath("ide-768.png") });

  const viewport = { x: 0, y: 0, width: 768, height: 900 };
  const inside = (b: Box) => b.x >= viewport.x - 0.5 && b.y >= viewport.y - 0.5 && b.x + b.width <= viewport.width + 0.5 && b.y + b.height <= viewport.height + 0.5;
  const meter = await box(page.getByTestId("usage-meter"));
  const title = await box(page.locator(".ide-title"));
  const toolbar = page.getByTestId("terminal-toolbar");
  const parts: [string, Box][] = [
    ["quota meter", meter],
    ["title", title],
    ["terminal toolbar", await box(toolbar)],
    ["session status", await box(toolbar.getByTestId("session-status"))],
    ["stop", await box(toolbar.getByRole("button", { name: "Stop session" }))],
    ["new session", await box(toolbar.getByRole("button", { name: "New session" }))],
    ["bottom tabs", await box(page.getByRole("tablist", { name: "Bottom panel" }))],
  ];
  for (const [name, b] of parts) expect(inside(b), `${name} is inside the window: ${JSON.stringify(b)}`).toBe(true);
  expect(overlaps(meter, title), "quota meter and title").toBe(false);
  // Within the terminal header nothing sits on anything else.
  const header = [parts[3]!, parts[4]!, parts[5]!];
  for (let i = 0; i < header.length; i++)
    for (let j = i + 1; j < header.length; j++) expect(overlaps(header[i]![1], header[j]![1]), `${header[i]![0]} / ${header[j]![0]}`).toBe(false);
  // Every open file's tab is reachable and shows its name uncut.
  for (const tab of await tabs.getByRole("tab").all()) {
    await tab.scrollIntoViewIfNeeded();
    const b = await box(tab);
    expect(inside(b)).toBe(true);
    const clipped = await tab.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
    expect(clipped, `${await tab.textContent()} is not cut off`).toBe(false);
  }
  // The terminal's session picker and status are readable, not squeezed to nothing.
  expect((await box(toolbar.getByTestId("session-status"))).width).toBeGreaterThan(60);
});
