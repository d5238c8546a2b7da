// An open tab follows the disk, against the real server, real Docker and Chromium: with
// co-editing an open text file is a shared document, and the watcher's `files:changed` reaches
// the document store, which merges the disk change into it. So a terminal `echo >>` shows in the
// open tab (and a new file in the explorer) with no reload; an agent's REST PUT landing while
// someone is typing keeps both; a file removed in the terminal asks the editor what to do.
import type { Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { createApiKeyViaApi, createWorkspaceViaApi, expect, signUp, test, trpcData, trpcMutation, uniqueUser } from "./fixtures";
import { typeInTerminal } from "./support/terminal";

/** The open tab's text as Monaco shows it, line by line in screen order (DOM order can differ after edits). */
function tabText(page: Page): Promise<string> {
  return page
    .getByTestId("editor")
    .locator(".view-line")
    .evaluateAll((lines) =>
      lines
        .map((line) => ({ top: parseFloat((line as HTMLElement).style.top), text: line.textContent ?? "" }))
        .sort((a, b) => a.top - b.top)
        .map((line) => line.text.replace(/\u00a0/g, " "))
        .join("\n"),
    );
}

/** A signed-up owner's workspace holding `notes.txt`, opened in the IDE with that file open and live. */
async function openNotes(page: Page, content: string): Promise<string> {
  await signUp(page, uniqueUser("Tabitha Tab"));
  const workspaceId = await createWorkspaceViaApi(page.request, `tab-${randomBytes(3).toString("hex")}`, "empty");
  expect((await trpcMutation(page.request, "files.write", { workspaceId, path: "notes.txt", content })).status()).toBe(200);
  await page.goto(`/workspaces/${workspaceId}`);
  await expect(page.getByTestId("ide")).toBeVisible();
  await page.getByRole("tree", { name: "Files" }).getByRole("treeitem", { name: "notes.txt", exact: true }).click();
  const editor = page.getByTestId("editor");
  await expect(editor).toHaveAttribute("data-path", "notes.txt");
  await expect(editor).toHaveAttribute("data-collab", "live");
  await expect.poll(() => tabText(page)).toBe(content);
  return workspaceId;
}

async function startSession(page: Page): Promise<void> {
  const panel = page.getByTestId("terminal-panel");
  await expect(panel.getByRole("heading", { name: "Start a session" })).toBeVisible();
  await panel.getByRole("radio", { name: /^default/i }).check();
  await panel.getByRole("button", { name: "Start session" }).click();
  await expect(panel.getByTestId("session-status")).toHaveAttribute("data-session-status", "RUNNING", { timeout: 60_000 });
}

function diskText(page: Page, workspaceId: string): Promise<string> {
  return trpcData<{ content: string }>(page.request, "files.read", { workspaceId, path: "notes.txt" }).then((r) => r.content);
}

test("a terminal echo shows in the open tab and the explorer with no reload; rm asks keep mine or close", async ({ page }) => {
  test.setTimeout(180_000);
  const workspaceId = await openNotes(page, "one\n");
  let navigations = 0;
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) navigations++;
  });

  await startSession(page);
  await typeInTerminal(page, "echo two >> notes.txt");
  await expect.poll(() => tabText(page), { timeout: 10_000 }).toBe("one\ntwo\n");
  // The merge came from the disk: nothing for this tab to save, and the disk is what it shows.
  await expect(page.getByTestId("editor")).toHaveAttribute("data-dirty", "false");
  expect(await diskText(page, workspaceId)).toBe("one\ntwo\n");

  await typeInTerminal(page, "echo hi > made.txt");
  await expect(page.getByTestId("explorer").locator('[data-path="made.txt"]')).toBeVisible({ timeout: 10_000 });
  // The tab still shows notes.txt, untouched by the new file.
  await expect(page.getByTestId("editor")).toHaveAttribute("data-path", "notes.txt");
  expect(await tabText(page)).toBe("one\ntwo\n");

  // Removed under the open tab: the editor says so and offers the choice.
  await typeInTerminal(page, "rm notes.txt");
  const conflict = page.getByTestId("collab-conflict");
  await expect(conflict).toHaveAttribute("data-reason", "deleted", { timeout: 10_000 });
  await expect(conflict).toContainText("notes.txt was deleted");
  await expect(conflict.getByRole("button", { name: "Keep mine" })).toBeEnabled();
  await expect(conflict.getByRole("button", { name: "Close" })).toBeEnabled();
  // Keep mine writes the text back to the disk.
  await conflict.getByRole("button", { name: "Keep mine" }).click();
  await expect(conflict).toHaveCount(0);
  await expect.poll(() => diskText(page, workspaceId).catch(() => null), { timeout: 10_000 }).toBe("one\ntwo\n");
  expect(navigations).toBe(0);
});

test("an agent's PUT of the last line while someone types at the top keeps both, and the disk ends equal to the tab", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const workspaceId = await openNotes(page, "first\nmiddle\nlast\n");
  const key = await createApiKeyViaApi(page.request, { name: "live tab agent", scopes: ["read", "write"] });
  const api = `${baseURL}/api/v1/workspaces/${workspaceId}/files/content`;
  const auth = { authorization: `Bearer ${key}` };

  /** What an agent does: read, change the last line, write with the version it read; a 409 means re-read. */
  const agent = async (): Promise<void> => {
    for (let attempt = 1; attempt <= 20; attempt++) {
      const read = await page.request.get(`${api}?path=notes.txt`, { headers: auth });
      expect(read.status(), await read.text()).toBe(200);
      const { content, version } = (await read.json()) as { content: string; version: string };
      const changed = content.replace(/last\n$/, "LAST by agent\n");
      expect(changed).not.toBe(content);
      const put = await page.request.put(api, { headers: auth, data: { path: "notes.txt", content: changed, ifMatch: version } });
      if (put.status() === 200) return;
      expect(put.status(), await put.text()).toBe(409);
    }
    throw new Error("the agent's write was refused 20 times");
  };

  const editor = page.getByTestId("editor");
  await editor.locator(".view-lines").click();
  await page.keyboard.press("Control+Home");
  // The agent's write lands while the keystrokes are still arriving (and before they are all saved).
  let typed = false;
  const typing = page.keyboard.type("typed-at-top while the agent writes ", { delay: 80 }).then(() => {
    typed = true;
  });
  await page.waitForTimeout(300);
  const [typedWhenWritten] = await Promise.all([agent().then(() => typed), typing]);
  expect(typedWhenWritten, "the agent's write should land while the typing is still going on").toBe(false);

  await expect.poll(() => tabText(page), { timeout: 10_000 }).toBe("typed-at-top while the agent writes first\nmiddle\nLAST by agent\n");
  // Auto-save: the disk ends equal to the editor.
  await expect.poll(() => diskText(page, workspaceId), { timeout: 10_000 }).toBe("typed-at-top while the agent writes first\nmiddle\nLAST by agent\n");
  expect(await tabText(page)).toBe(await diskText(page, workspaceId));
  await expect(editor).toHaveAttribute("data-dirty", "false");
});
