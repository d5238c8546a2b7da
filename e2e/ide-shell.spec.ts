// The IDE's shell as hands expect it, against the real server, Docker and Chromium: the command
// palette opened from inside Monaco, VS Code's shortcuts (in Monaco, and Ctrl+` alone inside a
// live terminal), the status bar following the cursor, the layout (tabs, side view, panel sizes)
// coming back after a reload and in a second browser of the same person, and replace in files
// with a preview and one undo.
import type { Locator, Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { createWorkspaceFromDashboard, editorText, expect, signIn, signUp, test, trpcData, uniqueUser } from "./fixtures";

const sidePane = (page: Page) => page.getByTestId("side-pane");
const bottomPanel = (page: Page) => page.getByTestId("bottom-panel");
const palette = (page: Page) => page.getByRole("dialog", { name: "Command palette" });

async function openFile(page: Page, name: string): Promise<void> {
  await page.getByRole("tree", { name: "Files" }).getByRole("treeitem", { name, exact: true }).click();
  await expect(page.getByTestId("editor")).toHaveAttribute("data-path", name);
  await expect(page.getByTestId("editor").locator(".view-lines")).toBeVisible();
}

async function focusMonaco(page: Page): Promise<void> {
  await page.getByTestId("editor").locator(".view-lines").click();
  await expect(page.locator(".monaco-editor textarea:focus, .monaco-editor .native-edit-context:focus")).toHaveCount(1);
}

async function runCommand(page: Page, text: string, label: string): Promise<void> {
  await page.keyboard.press("Control+Shift+P");
  await expect(palette(page)).toBeVisible();
  await palette(page).getByRole("combobox", { name: "Command" }).fill(text);
  await expect(palette(page).getByRole("option").first()).toHaveAttribute("aria-label", label);
  await page.keyboard.press("Enter");
  await expect(palette(page)).toBeHidden();
}

async function panelWidth(locator: Locator): Promise<number> {
  return (await locator.boundingBox())?.width ?? 0;
}

test("palette from inside Monaco, VS Code shortcuts, and the status bar following the cursor", async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueUser("Kim Keys"));
  await createWorkspaceFromDashboard(page, `shell-${randomBytes(3).toString("hex")}`);
  await openFile(page, "main.py");
  await focusMonaco(page);

  // Ctrl+Shift+P inside Monaco opens Atrium's palette (not Monaco's own), listing shortcuts.
  await page.keyboard.press("Control+Shift+P");
  await expect(palette(page)).toBeVisible();
  await expect(page.locator(".quick-input-widget:visible")).toHaveCount(0);
  await expect(palette(page).getByRole("option", { name: "View: Toggle side bar" })).toContainText("Ctrl+B");
  await page.keyboard.press("Escape");
  await expect(palette(page)).toBeHidden();

  // "Toggle side bar" from the palette hides the side bar; again shows it.
  await focusMonaco(page);
  await runCommand(page, "toggle side", "View: Toggle side bar");
  await expect(sidePane(page)).toBeHidden();
  await focusMonaco(page);
  await page.keyboard.press("Control+b");
  await expect(sidePane(page)).toBeVisible();
  // Monaco did not get the key: the text is unchanged.
  expect(await editorText(page)).toContain('print("Hello from Atrium!")');

  // "Open terminal" shows the bottom panel with the terminal in front.
  await page.getByRole("tablist", { name: "Bottom panel" }).getByRole("tab", { name: "Tasks" }).click();
  await focusMonaco(page);
  await runCommand(page, "open terminal", "Terminal: Open terminal");
  await expect(page.getByRole("tablist", { name: "Bottom panel" }).getByRole("tab", { name: "Terminal" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("terminal-panel")).toBeVisible();

  // Ctrl+` from Monaco hides the panel (terminal in front), and shows it again.
  await focusMonaco(page);
  await page.keyboard.press("Control+Backquote");
  await expect(bottomPanel(page)).toBeHidden();
  await focusMonaco(page);
  await page.keyboard.press("Control+Backquote");
  await expect(bottomPanel(page)).toBeVisible();

  // Ctrl+Shift+F: search, with the cursor in its box; Ctrl+Shift+E: explorer; Ctrl+Shift+H: replace.
  await focusMonaco(page);
  await page.keyboard.press("Control+Shift+F");
  await expect(sidePane(page)).toHaveAttribute("aria-label", "Search");
  await expect(page.getByRole("searchbox", { name: "Search" })).toBeFocused();
  await page.keyboard.press("Control+Shift+E");
  await expect(sidePane(page)).toHaveAttribute("aria-label", "Explorer");
  await focusMonaco(page);
  await page.keyboard.press("Control+Shift+H");
  await expect(sidePane(page)).toHaveAttribute("aria-label", "Replace in files");
  await page.keyboard.press("Control+Shift+E");

  // The status bar follows the cursor and the selection.
  await focusMonaco(page);
  await page.keyboard.press("Control+Home");
  const position = page.getByTestId("status-position");
  await expect(position).toHaveText("Ln 1, Col 1");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("End");
  const secondLine = (await editorText(page)).split("\n")[1] ?? "";
  await expect(position).toHaveText(`Ln 2, Col ${secondLine.length + 1}`);
  await page.keyboard.press("Shift+Home");
  if (secondLine.trim().length > 0) await expect(page.getByTestId("status-selection")).toContainText("selected");
  await expect(page.getByTestId("status-language")).toHaveText("Python");
  await expect(page.getByTestId("status-encoding")).toHaveText("UTF-8");
  await expect(page.getByTestId("status-eol")).toHaveText("LF");
  await expect(page.getByTestId("status-indent")).toHaveText(/^(Spaces|Tab Size): \d$/);
  await expect(page.getByTestId("status-connection")).toHaveText("Connected");

  // The shortcut reference is in the palette.
  await runCommand(page, "keyboard shortcuts", "Help: Keyboard shortcuts");
  const reference = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(reference.getByRole("option", { name: "Terminal: Toggle terminal" })).toContainText("Ctrl+`");
  await page.keyboard.press("Escape");
});

test("in a live terminal only Ctrl+` is taken: Ctrl+B goes to the shell", async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueUser("Tess Terminal"));
  await createWorkspaceFromDashboard(page, `shell-term-${randomBytes(3).toString("hex")}`);
  const panel = page.getByTestId("terminal-panel");
  await expect(panel.getByRole("heading", { name: "Start a session" })).toBeVisible();
  await panel.getByRole("button", { name: "Start session" }).click();
  const term = page.locator('[data-testid="terminal"]:visible');
  await expect(term).toHaveAttribute("data-status", "live", { timeout: 60_000 });
  await expect(term.locator(".xterm-rows")).toContainText(/[$#]\s*$/m, { timeout: 30_000 });
  await term.click();
  // Ctrl+B is readline's "back one character" in the shell: the side bar stays where it is.
  await page.keyboard.type("echo ac");
  await page.keyboard.press("Control+b");
  await page.keyboard.type("b");
  await page.keyboard.press("Enter");
  // The shell moved back one character before "b": "abc" was echoed (had Atrium taken the key, "acb").
  await expect(term.locator(".xterm-rows")).toContainText(/echo abc\s*abc/);
  await expect(sidePane(page)).toBeVisible();
  // Ctrl+` works from inside the terminal.
  await page.keyboard.press("Control+Backquote");
  await expect(bottomPanel(page)).toBeHidden();
});

test("tabs, side view and panel sizes come back after a reload and in a second browser of the same person", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  const user = uniqueUser("Lou Layout");
  await signUp(page, user);
  const workspaceId = await createWorkspaceFromDashboard(page, `layout-${randomBytes(3).toString("hex")}`);
  await openFile(page, "main.py");
  await openFile(page, "README.md");
  await page.getByRole("tablist", { name: "Open files" }).getByRole("tab", { name: "main.py", exact: true }).click();

  // Resize the side bar by dragging its separator, then pick the Search view.
  const side = page.getByTestId("side");
  const before = await panelWidth(side);
  const separator = page.locator(".ide-separator-v").first();
  const box = (await separator.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 180, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  const resized = await panelWidth(side);
  expect(resized).toBeGreaterThan(before + 100);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(sidePane(page)).toHaveAttribute("aria-label", "Search");
  // Hide the bottom panel.
  await focusMonaco(page);
  await page.keyboard.press("Control+j");
  await expect(bottomPanel(page)).toBeHidden();

  // The server has it (debounced save).
  await expect
    .poll(async () => (await trpcData<{ state: { tabs: string[]; active: string; side: string; bottomVisible: boolean } } | null>(page.request, "layout.get", { workspaceId }))?.state)
    .toMatchObject({ tabs: ["main.py", "README.md"], active: "main.py", side: "search", bottomVisible: false });

  const check = async (p: Page) => {
    await expect(p.getByTestId("ide")).toBeVisible();
    const tabs = p.getByRole("tablist", { name: "Open files" }).getByRole("tab");
    await expect.poll(() => tabs.evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")))).toEqual(["main.py", "README.md"]);
    await expect(p.getByRole("tab", { name: "main.py", exact: true })).toHaveAttribute("aria-selected", "true");
    await expect(p.getByTestId("editor")).toHaveAttribute("data-path", "main.py");
    await expect(sidePane(p)).toHaveAttribute("aria-label", "Search");
    await expect(bottomPanel(p)).toBeHidden();
    const width = await panelWidth(p.getByTestId("side"));
    expect(Math.abs(width - resized)).toBeLessThan(12);
  };

  await page.reload();
  await check(page);

  // Another machine: a fresh browser context, the same person.
  const other = await browser.newContext({ baseURL });
  try {
    const otherPage = await other.newPage();
    await signIn(otherPage, user);
    await otherPage.goto(`/workspaces/${workspaceId}`);
    await check(otherPage);
  } finally {
    await other.close();
  }
});

test("replace in files: preview every change, untick a file, apply, then undo", async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueUser("Rae Replace"));
  const workspaceId = await createWorkspaceFromDashboard(page, `replace-${randomBytes(3).toString("hex")}`);
  const mainBefore = (await trpcData<{ content: string }>(page.request, "files.read", { workspaceId, path: "main.py" })).content;
  const readmeBefore = (await trpcData<{ content: string }>(page.request, "files.read", { workspaceId, path: "README.md" })).content;
  expect(mainBefore).toContain("Atrium");
  expect(readmeBefore).toContain("Atrium");
  await openFile(page, "main.py");

  await focusMonaco(page);
  await page.keyboard.press("Control+Shift+H");
  const view = page.getByTestId("replace");
  await expect(view.getByRole("searchbox", { name: "Find" })).toBeFocused();
  await page.keyboard.type("Atrium");
  await view.getByRole("textbox", { name: "Replace with" }).fill("Lobby");
  await view.getByRole("button", { name: "Preview changes" }).click();

  const files = view.getByTestId("replace-file");
  await expect(files.filter({ has: page.getByText("main.py", { exact: true }) })).toHaveCount(1);
  await expect(view.getByRole("button", { name: /^main\.py line \d+: .*Atrium.* becomes .*Lobby/ }).first()).toBeVisible();
  // Leave README.md out.
  await view.getByRole("checkbox", { name: "Replace in README.md" }).uncheck();
  await view.getByRole("button", { name: /^Replace in \d+ files?$/ }).click();
  await expect(view.getByTestId("replace-outcome")).toContainText(/Replaced \d+ match(es)? in \d+ files?\./);

  const mainAfter = (await trpcData<{ content: string }>(page.request, "files.read", { workspaceId, path: "main.py" })).content;
  expect(mainAfter).toBe(mainBefore.replaceAll("Atrium", "Lobby"));
  expect((await trpcData<{ content: string }>(page.request, "files.read", { workspaceId, path: "README.md" })).content).toBe(readmeBefore);
  // The open tab (no unsaved edits) shows the new text.
  await expect.poll(() => editorText(page)).toContain("Lobby");

  await view.getByRole("button", { name: "Undo replace" }).click();
  await expect(view.getByTestId("replace-outcome")).toContainText(/Undone: \d+ files? put back\./);
  expect((await trpcData<{ content: string }>(page.request, "files.read", { workspaceId, path: "main.py" })).content).toBe(mainBefore);
  await expect.poll(() => editorText(page)).toContain("Hello from Atrium!");
});
