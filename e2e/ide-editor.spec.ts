// The IDE's explorer and editor, as a person uses them: open, edit and save a file (and find it
// again with quick open and search; two people editing one file at once is e2e/collab.spec.ts), a folder with a binary file uploaded and downloaded byte for byte, locked files.
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Locator, Page } from "@playwright/test";
import * as tar from "tar";
import { createWorkspaceFromDashboard, editorText, expect, signUp, test, trpcData, trpcMutation, uniqueUser } from "./fixtures";

class Ide {
  constructor(readonly page: Page) {}

  get tree(): Locator {
    return this.page.getByRole("tree", { name: "Files" });
  }

  item(name: string): Locator {
    return this.tree.getByRole("treeitem", { name, exact: true });
  }

  get editor(): Locator {
    return this.page.getByTestId("editor");
  }

  tab(name: string): Locator {
    return this.page.getByRole("tablist", { name: "Open files" }).getByRole("tab", { name, exact: true });
  }

  async open(name: string): Promise<void> {
    await this.item(name).click();
    await expect(this.editor).toHaveAttribute("data-path", new RegExp(`(^|/)${name.replace(/\./g, "\\.")}$`));
    await expect(this.editor.locator(".view-lines")).toBeVisible();
  }

  text(): Promise<string> {
    return editorText(this.page);
  }

  /** Types at the very end of the file. */
  async appendLine(text: string): Promise<void> {
    await this.editor.locator(".view-lines").click();
    await this.page.keyboard.press("Control+End");
    await this.page.keyboard.type(text);
  }

  async save(): Promise<void> {
    await this.page.keyboard.press("Control+s");
  }
}

test("edit a template file, save with Ctrl+S, reload: the change is there; quick open and search find it", async ({ page }) => {
  await signUp(page, uniqueUser("Eddie Editor"));
  const id = await createWorkspaceFromDashboard(page, `edit-${randomBytes(3).toString("hex")}`);
  const ide = new Ide(page);
  for (const name of ["main.py", "README.md", ".gitignore"]) await expect(ide.item(name)).toBeVisible();

  await ide.open("main.py");
  await expect(ide.editor).toHaveAttribute("data-readonly", "false");
  await expect(ide.tab("main.py")).toHaveAttribute("aria-selected", "true");
  expect(await ide.text()).toContain('print("Hello from Atrium!")');

  const marker = `edited_by_e2e_${randomBytes(3).toString("hex")}`;
  // Text files are co-edited: saved by the server, never "unsaved"; Ctrl+S writes at once.
  await expect(ide.editor).toHaveAttribute("data-collab", "live");
  await ide.appendLine(`# ${marker}`);
  await expect(ide.editor).toHaveAttribute("data-dirty", "false");
  await ide.save();
  await expect.poll(async () => (await trpcData<{ content: string }>(page.request, "files.read", { workspaceId: id, path: "main.py" })).content).toContain(`# ${marker}`);
  await expect(page.getByTestId("collab-status")).toHaveText("Saved");
  const saved = await trpcData<{ content: string }>(page.request, "files.read", { workspaceId: id, path: "main.py" });
  expect(saved.content).toContain('print("Hello from Atrium!")');

  await page.reload();
  await expect(ide.item("main.py")).toBeVisible();
  // Quick open: Ctrl+P, a fuzzy part of the name, Enter.
  await page.keyboard.press("Control+p");
  const quickOpen = page.getByRole("dialog", { name: "Go to file" });
  await expect(quickOpen).toBeVisible();
  await quickOpen.getByRole("combobox", { name: "File name" }).fill("mnpy");
  await expect(quickOpen.getByRole("option").first()).toHaveAccessibleName("main.py");
  await page.keyboard.press("Enter");
  await expect(quickOpen).toBeHidden();
  await expect(ide.editor).toHaveAttribute("data-path", "main.py");
  await expect.poll(() => ide.text()).toContain(marker);

  // Search across files: results grouped by file, a result opens the file at its line.
  await ide.tab("main.py").click();
  await page.getByRole("button", { name: "Close main.py" }).click();
  await expect(ide.tab("main.py")).toHaveCount(0);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.getByRole("searchbox", { name: "Search" }).fill(marker);
  const results = page.getByRole("list", { name: "Search results" });
  await expect(page.getByText("1 result in 1 file")).toBeVisible();
  await results.getByRole("button", { name: new RegExp(`^main\\.py line 7: # ${marker}`) }).click();
  await expect(ide.editor).toHaveAttribute("data-path", "main.py");
  await expect(ide.editor.locator(".line-numbers.active-line-number")).toHaveText("7");
});

test("upload a folder with a binary file, download it and the folder back byte for byte; move by drag and drop; locked files show why", async ({ page }) => {
  await signUp(page, uniqueUser("Uma Upload"));
  const id = await createWorkspaceFromDashboard(page, `upload-${randomBytes(3).toString("hex")}`);
  const ide = new Ide(page);
  await expect(ide.item("main.py")).toBeVisible();

  // A folder on disk: a binary file (NULs and high bytes) in a sub-folder, and a text file.
  const root = await mkdtemp(path.join(tmpdir(), "atrium-e2e-upload-"));
  const folder = path.join(root, "bundle");
  await mkdir(path.join(folder, "data"), { recursive: true });
  const blob = Buffer.concat([Buffer.from([0, 255, 1, 254, 0x89, 0x50, 0x4e, 0x47, 0]), randomBytes(200_000)]);
  await writeFile(path.join(folder, "data", "blob.bin"), blob);
  await writeFile(path.join(folder, "notes.txt"), "uploaded notes\n");

  const explorer = page.getByTestId("explorer");
  await expect(explorer.getByRole("button", { name: "Upload folder" })).toBeVisible();
  await page.getByTestId("upload-folder-input").setInputFiles(folder);
  const uploads = page.getByRole("region", { name: "Uploads" });
  await expect(uploads).toContainText("2 of 2 files uploaded");
  await expect(uploads.getByRole("progressbar", { name: "Uploading bundle/data/blob.bin" })).toHaveAttribute("value", String(blob.length));

  // The tree: open the folders, then the binary file shows a download view instead of Monaco.
  await ide.item("bundle").click();
  await expect(ide.item("bundle")).toHaveAttribute("aria-expanded", "true");
  await ide.item("data").click();
  await ide.item("blob.bin").click();
  const binary = page.getByTestId("binary-view");
  await expect(binary).toContainText("binary file");
  await expect(ide.editor).toBeHidden();
  const [fileDownload] = await Promise.all([page.waitForEvent("download"), binary.getByRole("link", { name: "Download blob.bin" }).click()]);
  expect(fileDownload.suggestedFilename()).toBe("blob.bin");
  expect(Buffer.compare(await readFile(await fileDownload.path()), blob)).toBe(0);

  // The folder as .tar.gz from the context menu: unpacked, the same bytes.
  await ide.item("bundle").click({ button: "right" });
  const menu = page.getByRole("menu", { name: "Actions for bundle" });
  const [folderDownload] = await Promise.all([page.waitForEvent("download"), menu.getByRole("menuitem", { name: "Download as .tar.gz" }).click()]);
  expect(folderDownload.suggestedFilename()).toBe("bundle.tar.gz");
  const unpacked = await mkdtemp(path.join(tmpdir(), "atrium-e2e-unpacked-"));
  await tar.x({ file: await folderDownload.path(), cwd: unpacked });
  expect(Buffer.compare(await readFile(path.join(unpacked, "bundle", "data", "blob.bin")), blob)).toBe(0);
  expect(await readFile(path.join(unpacked, "bundle", "notes.txt"), "utf8")).toBe("uploaded notes\n");

  // Drag notes.txt onto the data folder: it moves there.
  await ide.item("notes.txt").dragTo(ide.item("data"));
  await expect(page.getByRole("region", { name: "Notifications" }).getByText("Moved notes.txt to bundle/data")).toBeVisible();
  await expect(ide.tree.locator('[data-path="bundle/data/notes.txt"]')).toBeVisible();
  const moved = await trpcData<{ content: string }>(page.request, "files.read", { workspaceId: id, path: "bundle/data/notes.txt" });
  expect(moved.content).toBe("uploaded notes\n");

  // A file a path rule blocks stays in the tree, locked, with the reason on hover.
  expect((await trpcMutation(page.request, "files.write", { workspaceId: id, path: "api.secret", content: "token" })).status()).toBe(200);
  expect((await trpcMutation(page.request, "pathRules.create", { workspaceId: id, pattern: "*.secret", effect: "block" })).status()).toBe(200);
  await explorer.getByRole("button", { name: "Refresh" }).click();
  const locked = ide.item("api.secret");
  await expect(locked).toBeVisible();
  await expect(locked).toHaveAttribute("aria-disabled", "true");
  await expect(locked).toHaveAttribute("title", /Blocked by one of this workspace's path rules/);
  // Opening it (Enter; a disabled row takes no clicks) says why instead of opening a tab.
  await locked.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("region", { name: "Notifications" }).getByText("api.secret is locked")).toBeVisible();
  await expect(ide.tab("api.secret")).toHaveCount(0);
});

test("explorer by keyboard and context menu: rename with F2 (the open tab follows), duplicate, delete with confirmation, new folder and file", async ({ page }) => {
  await signUp(page, uniqueUser("Kim Keys"));
  const id = await createWorkspaceFromDashboard(page, `keys-${randomBytes(3).toString("hex")}`);
  const ide = new Ide(page);
  const toasts = page.getByRole("region", { name: "Notifications" });
  await ide.open("main.py");

  // Arrows move the selection; F2 renames in place; the open tab follows the rename.
  await ide.item("main.py").focus();
  await page.keyboard.press("ArrowUp");
  await expect(ide.item(".gitignore")).toHaveAttribute("aria-selected", "true");
  await expect(ide.item(".gitignore")).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(ide.item("main.py")).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("F2");
  const rename = ide.tree.getByRole("textbox", { name: "Rename main.py" });
  await expect(rename).toHaveValue("main.py");
  await rename.fill("README.md");
  await expect(ide.tree.getByRole("alert")).toContainText("README.md already exists here");
  await rename.fill("app.py");
  await page.keyboard.press("Enter");
  await expect(ide.item("app.py")).toBeVisible();
  await expect(ide.item("main.py")).toHaveCount(0);
  await expect(ide.tab("app.py")).toHaveAttribute("aria-selected", "true");
  await expect(ide.editor).toHaveAttribute("data-path", "app.py");

  // Context menu: duplicate, copy path.
  await ide.item("app.py").click({ button: "right" });
  await page.getByRole("menu", { name: "Actions for app.py" }).getByRole("menuitem", { name: "Duplicate" }).click();
  await expect(ide.item("app copy.py")).toBeVisible();
  await ide.item("app copy.py").click({ button: "right" });
  await page.getByRole("menu", { name: "Actions for app copy.py" }).getByRole("menuitem", { name: "Copy path" }).click();
  await expect(toasts.getByText("Path copied")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("app copy.py");

  // Delete (the key) asks first.
  await ide.item("app copy.py").focus();
  await page.keyboard.press("Delete");
  const confirm = page.getByRole("alertdialog", { name: "Delete app copy.py?" });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(ide.item("app copy.py")).toHaveCount(0);
  await expect(toasts.getByText("Deleted app copy.py")).toBeVisible();

  // New folder, then a new file inside it (the selected folder), which opens in the editor.
  const explorer = page.getByTestId("explorer");
  await explorer.getByRole("button", { name: "New folder" }).click();
  await ide.tree.getByRole("textbox", { name: "New folder name" }).fill("src");
  await page.keyboard.press("Enter");
  await expect(ide.item("src")).toHaveAttribute("aria-expanded", "true");
  await expect(ide.item("src")).toHaveAttribute("aria-selected", "true");
  await explorer.getByRole("button", { name: "New file" }).click();
  await ide.tree.getByRole("textbox", { name: "New file name" }).fill("util.py");
  await page.keyboard.press("Enter");
  await expect(ide.editor).toHaveAttribute("data-path", "src/util.py");
  await expect(ide.tab("util.py")).toHaveAttribute("aria-selected", "true");
  await expect(ide.item("util.py")).toHaveAttribute("aria-level", "2");

  const listed = await trpcData<{ files: string[] }>(page.request, "files.find", { workspaceId: id });
  expect([...listed.files].sort()).toEqual([".gitignore", "README.md", "app.py", "src/util.py"]);
});
