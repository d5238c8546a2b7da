// Live co-editing as people use it, in two and three real browser contexts against the production
// server: simultaneous typing converges (and reaches the disk), others' cursors show with their
// names, follow mode, a viewer's read-only binding, demotion and removal applying live, and edits
// made offline merging after a reconnect.
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContext, Locator, Page } from "@playwright/test";
import { createAccount, createWorkspaceViaApi, editorText, expect, signIn, signUp, test, trpcData, trpcMutation, uniqueUser, type TestUser } from "./fixtures";

class Ide {
  constructor(readonly page: Page) {}

  get editor(): Locator {
    return this.page.getByTestId("editor");
  }

  async open(name: string): Promise<void> {
    await this.page.getByRole("tree", { name: "Files" }).getByRole("treeitem", { name, exact: true }).click();
    await expect(this.editor).toHaveAttribute("data-path", name);
    await expect(this.editor).toHaveAttribute("data-collab", "live");
  }

  text(): Promise<string> {
    return editorText(this.page);
  }

  /** Puts the cursor at the end of the text and types there. */
  async typeAtEnd(text: string): Promise<void> {
    await this.editor.locator(".view-lines").click();
    await this.page.keyboard.press("Control+End");
    await this.page.keyboard.type(text);
  }

  get role(): Locator {
    return this.page.getByTestId("collab-role");
  }
}

interface Member {
  user: TestUser;
  context: BrowserContext;
  page: Page;
  ide: Ide;
  userId: string;
}

/** An owner (the test's page) with a workspace holding `files`, and members signed in in their own contexts. */
async function team(page: Page, browser: Browser, files: Record<string, string>, others: { label: string; role: "editor" | "viewer" }[]) {
  const owner = uniqueUser("Olive Owner");
  await signUp(page, owner);
  const workspaceId = await createWorkspaceViaApi(page.request, `collab-${randomBytes(3).toString("hex")}`, "empty");
  for (const [path, content] of Object.entries(files)) {
    expect((await trpcMutation(page.request, "files.write", { workspaceId, path, content })).status()).toBe(200);
  }
  const members: Member[] = [];
  for (const other of others) {
    const user = uniqueUser(other.label);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await createAccount(context.request, user);
    const invited = await trpcMutation(page.request, "members.invite", { workspaceId, email: user.email, role: other.role });
    expect(invited.status(), await invited.text()).toBe(200);
    const userId = ((await invited.json()) as { result: { data: { json: { userId: string } } } }).result.data.json.userId;
    const memberPage = await context.newPage();
    await signIn(memberPage, user);
    await memberPage.goto(`/workspaces/${workspaceId}`);
    await expect(memberPage.getByTestId("ide")).toBeVisible();
    members.push({ user, context, page: memberPage, ide: new Ide(memberPage), userId });
  }
  await page.goto(`/workspaces/${workspaceId}`);
  await expect(page.getByTestId("ide")).toBeVisible();
  return { workspaceId, owner, ownerIde: new Ide(page), members, close: () => Promise.all(members.map((m) => m.context.close())) };
}

/** The names on the other people's cursors in this page (CSS labels on `.collab-head`). */
function cursorNames(page: Page): Promise<string[]> {
  return page.locator(".collab-head").evaluateAll((heads) => heads.map((h) => getComputedStyle(h, "::after").content.replace(/^"|"$/g, "")));
}

test("three people typing at once converge, see each other's named cursors, and the disk gets the text", async ({ page, browser }) => {
  const t = await team(page, browser, { "notes.txt": "shared notes\nbob:\ncleo:\n" }, [
    { label: "Bob Builder", role: "editor" },
    { label: "Cleo Coder", role: "editor" },
  ]);
  try {
    const [bob, cleo] = t.members as [Member, Member];
    const ides = [t.ownerIde, bob.ide, cleo.ide];
    for (const ide of ides) await ide.open("notes.txt");
    await expect(t.ownerIde.role).toHaveText("Editor");

    // Each on their own line, at the same time.
    const typeOnLine = async (ide: Ide, line: number, text: string) => {
      await ide.editor.locator(".view-lines").click();
      await ide.page.keyboard.press("Control+Home");
      for (let i = 1; i < line; i++) await ide.page.keyboard.press("ArrowDown");
      await ide.page.keyboard.press("End");
      await ide.page.keyboard.type(text);
    };
    await Promise.all([typeOnLine(t.ownerIde, 1, " owner-was-here"), typeOnLine(bob.ide, 2, " bob-was-here"), typeOnLine(cleo.ide, 3, " cleo-was-here")]);
    await expect.poll(async () => new Set(await Promise.all(ides.map((i) => i.text()))).size, { timeout: 15_000 }).toBe(1);
    const text = await t.ownerIde.text();
    for (const line of ["shared notes owner-was-here", "bob: bob-was-here", "cleo: cleo-was-here"]) expect(text).toContain(line);
    // No unsaved dot: shared files save themselves.
    await expect(t.ownerIde.editor).toHaveAttribute("data-dirty", "false");

    // Everyone sees the others' cursors, labelled with their names.
    await expect.poll(() => cursorNames(page)).toEqual(expect.arrayContaining([bob.user.name, cleo.user.name]));
    await expect.poll(() => cursorNames(bob.page)).toEqual(expect.arrayContaining([t.owner.name, cleo.user.name]));

    // Ctrl+S flushes now; the file on disk is what everyone sees.
    await page.keyboard.press("Control+s");
    await expect
      .poll(async () => (await trpcData<{ content: string }>(page.request, "files.read", { workspaceId: t.workspaceId, path: "notes.txt" })).content.replace(/\n$/, ""))
      .toBe(text.replace(/\n$/, ""));
    await expect(page.getByTestId("collab-status")).toHaveText("Saved");
  } finally {
    await t.close();
  }
});

test("follow mode: clicking a collaborator follows their file and cursor until you type", async ({ page, browser }) => {
  const long = Array.from({ length: 120 }, (_, i) => `line ${i + 1}`).join("\n");
  const t = await team(page, browser, { "a.txt": "first file\n", "long.txt": `${long}\n` }, [{ label: "Fern Follow", role: "editor" }]);
  try {
    const [fern] = t.members as [Member];
    await t.ownerIde.open("a.txt");
    await fern.ide.open("a.txt");
    await page.getByTestId("activity-strip").locator(`[data-user-id="${fern.userId}"]`).click();
    await expect(page.getByTestId("follow-banner")).toContainText(fern.user.name);

    // Fern opens another file and goes far down it: the owner's view goes along.
    await fern.ide.open("long.txt");
    await expect(t.ownerIde.editor).toHaveAttribute("data-path", "long.txt");
    await fern.ide.editor.locator(".view-lines").click();
    await fern.page.keyboard.press("Control+End");
    await expect(t.ownerIde.editor.locator(".view-lines")).toContainText("line 120");

    // Typing takes the owner's view back.
    await t.ownerIde.typeAtEnd("!");
    await expect(page.getByTestId("follow-banner")).toHaveCount(0);
  } finally {
    await t.close();
  }
});

test("a viewer's binding is read-only; demotion and removal apply to open files live", async ({ page, browser }) => {
  const t = await team(page, browser, { "plan.md": "# Plan\n" }, [
    { label: "Vic Viewer", role: "viewer" },
    { label: "Eddie Editor", role: "editor" },
  ]);
  try {
    const [vic, eddie] = t.members as [Member, Member];
    await t.ownerIde.open("plan.md");
    await vic.ide.open("plan.md");
    await eddie.ide.open("plan.md");
    await expect(vic.ide.role).toHaveText("Viewer");
    await expect(vic.ide.editor).toHaveAttribute("data-readonly", "true");
    await expect(eddie.ide.role).toHaveText("Editor");

    // The viewer sees the others typing (and their cursors) but cannot type.
    await eddie.ide.typeAtEnd("eddie types");
    await expect.poll(() => vic.ide.text()).toContain("eddie types");
    await vic.ide.typeAtEnd("vic tries");
    await expect.poll(() => eddie.ide.text()).toContain("eddie types");
    expect(await vic.ide.text()).not.toContain("vic tries");
    expect(await t.ownerIde.text()).not.toContain("vic tries");

    // Demoted while the file is open: the binding turns read-only at once.
    const demoted = await trpcMutation(page.request, "members.setRole", { workspaceId: t.workspaceId, userId: eddie.userId, role: "viewer" });
    expect(demoted.status(), await demoted.text()).toBe(200);
    await expect(eddie.ide.role).toHaveText("Viewer");
    await expect(eddie.ide.editor).toHaveAttribute("data-readonly", "true");

    // Removed: the file closes with a message.
    const removed = await trpcMutation(page.request, "members.remove", { workspaceId: t.workspaceId, userId: vic.userId });
    expect(removed.status(), await removed.text()).toBe(200);
    await expect(vic.page.getByText("plan.md was closed", { exact: true })).toBeVisible();
    await expect(vic.page.getByRole("tablist", { name: "Open files" }).getByRole("tab", { name: "plan.md" })).toHaveCount(0);
  } finally {
    await t.close();
  }
});

test("edits made offline in two browsers merge after the network comes back", async ({ page, browser }) => {
  const t = await team(page, browser, { "draft.txt": "alpha\nomega\n" }, [{ label: "Otto Offline", role: "editor" }]);
  try {
    const [otto] = t.members as [Member];
    await t.ownerIde.open("draft.txt");
    await otto.ide.open("draft.txt");

    await page.context().setOffline(true);
    await otto.context.setOffline(true);
    await expect(t.ownerIde.editor).toHaveAttribute("data-collab", "offline", { timeout: 60_000 });
    await expect(otto.ide.editor).toHaveAttribute("data-collab", "offline", { timeout: 60_000 });

    await t.ownerIde.editor.locator(".view-lines").click();
    await page.keyboard.press("Control+Home");
    await page.keyboard.type("owner-offline ");
    await otto.ide.typeAtEnd("otto-offline");

    await page.context().setOffline(false);
    await otto.context.setOffline(false);
    await expect(page.getByTestId("collab-notice")).toContainText("Reconnected — your offline edits were merged", { timeout: 60_000 });
    await expect.poll(async () => (await t.ownerIde.text()) === (await otto.ide.text()), { timeout: 20_000 }).toBe(true);
    const merged = await t.ownerIde.text();
    expect(merged).toContain("owner-offline alpha");
    expect(merged).toContain("otto-offline");
    await expect
      .poll(async () => (await trpcData<{ content: string }>(page.request, "files.read", { workspaceId: t.workspaceId, path: "draft.txt" })).content.replace(/\n$/, ""))
      .toBe(merged.replace(/\n$/, ""));
  } finally {
    await t.close();
  }
});
