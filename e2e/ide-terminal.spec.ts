// The IDE's terminal and presence, against the real server, real Docker and Chromium: start a
// session from the Terminal tab, run the Python template in a real shell, refit on a window resize,
// keep the screen across a reload (re-attach with scrollback); a second member shows up in the
// Activity strip with the file they opened, and watches the owner's shared terminal read-only.
import type { Locator, Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { createAccount, createWorkspaceFromDashboard, expect, signIn, signUp, test, trpcMutation, uniqueUser } from "./fixtures";
import { frontTerminal, typeInTerminal } from "./support/terminal";

async function size(term: Locator): Promise<{ cols: number; rows: number }> {
  return { cols: Number(await term.getAttribute("data-cols")), rows: Number(await term.getAttribute("data-rows")) };
}

async function startSession(page: Page, preset: "default" | "strict"): Promise<void> {
  const panel = page.getByTestId("terminal-panel");
  await expect(panel.getByRole("heading", { name: "Start a session" })).toBeVisible();
  const radio = { name: new RegExp(`^${preset}`, "i") };
  const choice = panel.getByRole("radio", radio);
  // The preset's limits are shown before choosing.
  await expect(panel.locator(".term-preset", { has: page.getByRole("radio", radio) })).toContainText(preset === "default" ? "shell and terminals" : "no shell");
  await choice.check();
  await panel.getByRole("button", { name: "Start session" }).click();
  await expect(panel.getByTestId("session-status")).toHaveAttribute("data-session-status", "RUNNING", { timeout: 60_000 });
}

test("a python workspace's terminal: start a session, run main.py, refit on resize, survive a reload", async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueUser("Terry Terminal"));
  await createWorkspaceFromDashboard(page, `term-${randomBytes(3).toString("hex")}`);

  await startSession(page, "default");
  const status = page.getByTestId("session-status");
  await expect(status).toContainText("Running");
  await expect(status).toContainText(/Idle stop in \d+ min \d\d s/);
  // Resource use is polled from Docker.
  await expect(status.getByLabel("Resource use")).toContainText(/CPU \d+\.\d%\s*Mem [\d.]+ (bytes|KiB|MiB) \/ [\d.]+ GiB/, { timeout: 20_000 });

  const term = frontTerminal(page);
  await typeInTerminal(page, "python3 main.py");
  await expect(term.locator(".xterm-rows")).toContainText("Hello from Atrium!", { timeout: 20_000 });

  // A narrower, taller window: the terminal refits and the TTY learns its new size.
  const before = await size(term);
  expect(before.cols).toBeGreaterThan(20);
  await page.setViewportSize({ width: 1000, height: 1000 });
  await expect.poll(async () => (await size(term)).cols).toBeLessThan(before.cols);
  await expect.poll(async () => (await size(term)).rows).toBeGreaterThan(before.rows);
  const after = await size(term);
  await typeInTerminal(page, "stty size");
  await expect(term.locator(".xterm-rows")).toContainText(`${after.rows} ${after.cols}`);

  // A second terminal tab, then back to the first.
  await page.getByRole("button", { name: "New terminal" }).click();
  await expect(page.getByRole("tab", { name: /Terminal 2/ })).toHaveAttribute("aria-selected", "true");
  await typeInTerminal(page, "echo second-$((20+22))");
  await expect(frontTerminal(page).locator(".xterm-rows")).toContainText("second-42");
  await page.getByRole("tab", { name: /Terminal 1/ }).click();
  await expect(frontTerminal(page).locator(".xterm-rows")).toContainText("Hello from Atrium!");

  // A reload re-attaches to the running shells: the screen comes back from the scrollback.
  await page.reload();
  await expect(page.getByRole("tab", { name: /Terminal 1/ })).toBeVisible({ timeout: 20_000 });
  await page.getByRole("tab", { name: /Terminal 1/ }).click();
  await expect(frontTerminal(page)).toHaveAttribute("data-status", "live");
  await expect(frontTerminal(page).locator(".xterm-rows")).toContainText("Hello from Atrium!");
  await typeInTerminal(page, "echo after-reload-$((3*3))");
  await expect(frontTerminal(page).locator(".xterm-rows")).toContainText("after-reload-9");
});

test("presence and sharing: a second member appears in the Activity strip with their file and watches the shared terminal", async ({ page, browser, baseURL, request }) => {
  test.setTimeout(180_000);
  const owner = uniqueUser("Olive Owner");
  const guest = uniqueUser("Vic Viewer");
  await signUp(page, owner);
  const workspaceId = await createWorkspaceFromDashboard(page, `presence-${randomBytes(3).toString("hex")}`);

  const strip = page.getByTestId("activity-strip");
  await expect(strip).toContainText("Only you here");
  await expect(strip.getByRole("listitem", { name: `${owner.name} (you), 1 tab` })).toBeVisible();

  // The second person: an account, invited as a viewer, signed in in a browser of their own.
  const guestContext = await browser.newContext({ baseURL });
  const guestPage = await guestContext.newPage();
  try {
    await createAccount(request, guest);
    const invited = await trpcMutation(page.request, "members.invite", { workspaceId, email: guest.email, role: "viewer" });
    expect(invited.status(), await invited.text()).toBe(200);
    await signIn(guestPage, guest);
    await guestPage.goto(`/workspaces/${workspaceId}`);
    await expect(guestPage.getByTestId("ide")).toBeVisible();

    // The owner sees them arrive, live.
    await expect(strip).toContainText("1 other here");
    await expect(strip.getByRole("listitem", { name: new RegExp(`^${guest.name}, 1 tab`) })).toBeVisible();

    // They open main.py: the owner sees which file.
    await guestPage.getByRole("treeitem", { name: "main.py" }).click();
    await expect(strip.getByRole("listitem", { name: `${guest.name}, 1 tab, viewing main.py` })).toBeVisible({ timeout: 15_000 });
    // Hovering shows the card with the name and file.
    await strip.getByRole("listitem", { name: new RegExp(`^${guest.name}`) }).hover();
    await expect(strip.getByRole("tooltip").filter({ hasText: guest.name })).toContainText("main.py");

    // Viewers cannot start sessions; they wait for a shared terminal.
    const guestPanel = guestPage.getByTestId("terminal-panel");
    await expect(guestPanel.getByRole("heading", { name: "No shared terminals" })).toBeVisible();
    await expect(guestPanel.getByRole("button", { name: "Start session" })).toHaveCount(0);

    // The owner starts a session, prints something and shares the terminal.
    await startSession(page, "default");
    await typeInTerminal(page, "python3 main.py");
    await expect(frontTerminal(page).locator(".xterm-rows")).toContainText("Hello from Atrium!", { timeout: 20_000 });
    await page.getByTestId("terminal-panel").getByRole("checkbox", { name: "Share" }).check();
    await expect(page.getByRole("tab", { name: /Terminal 1/ })).toContainText("shared");

    // The viewer's panel picks it up by itself: read-only, with what was already on screen.
    const watched = guestPage.getByRole("tab", { name: new RegExp(`${owner.name}'s terminal`) });
    await expect(watched).toBeVisible({ timeout: 15_000 });
    await watched.click();
    await expect(frontTerminal(guestPage)).toHaveAttribute("data-status", "watching");
    await expect(frontTerminal(guestPage).locator(".xterm-rows")).toContainText("Hello from Atrium!");
    await typeInTerminal(page, "echo live-for-watchers-$((6*7))");
    await expect(frontTerminal(guestPage).locator(".xterm-rows")).toContainText("live-for-watchers-42");

    // When they leave, the owner's strip says so.
    await guestPage.close();
    await expect(strip).toContainText("Only you here", { timeout: 15_000 });
  } finally {
    await guestContext.close();
  }
});

test("a strict session has no shell: the command runner runs argv, streams output and shows the exit code", async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueUser("Stella Strict"));
  await createWorkspaceFromDashboard(page, `strict-${randomBytes(3).toString("hex")}`);
  await startSession(page, "strict");

  const panel = page.getByTestId("terminal-panel");
  await expect(panel.getByText("Shell off")).toBeVisible();
  await expect(panel.getByRole("button", { name: "New terminal" })).toHaveCount(0);
  const runner = panel.getByRole("region", { name: "Command runner" });
  const output = runner.getByLabel("Command output");

  await runner.getByRole("textbox", { name: "Command" }).fill("python3 main.py");
  await runner.getByRole("button", { name: "Run" }).click();
  await expect(output).toContainText("Hello from Atrium!", { timeout: 30_000 });
  await expect(runner.getByText("exit 0")).toBeVisible();

  // Quotes group words; nothing is expanded; a failing command shows its code and stderr. (Not
  // `python3 -c`: strict refuses interpreters given code, as it refuses shells.)
  await runner.getByRole("textbox", { name: "Command" }).fill(`ls "/no such \\$HOME"`);
  await runner.getByRole("button", { name: "Run" }).click();
  await expect(output).toContainText("/no such $HOME");
  await expect(runner.getByText("exit 2")).toBeVisible();

  // An unfinished quote is caught before anything runs.
  await runner.getByRole("textbox", { name: "Command" }).fill("echo 'oops");
  await runner.getByRole("button", { name: "Run" }).click();
  await expect(runner.getByText(/A single quote is not closed/)).toBeVisible();
});
