// A fresh instance as a newcomer meets it: the way to sign up stands out, the empty dashboard says
// what to do first, a new workspace says it was never opened, every door's "not signed in" names the
// page where keys are made (as the navigation names it), and clearing the search box is not an error.
import { createWorkspaceViaApi, expect, signUp, test, trpcQuery, uniqueUser } from "./fixtures";
import { expectVisibleLink } from "./support/visible-link";

test("signed out, the sign-up link stands out from its sentence and reads well", async ({ page }) => {
  await page.goto("/sign-in");
  const link = page.getByRole("link", { name: "Create an account" });
  await expectVisibleLink(link);
  await link.click();
  await expect(page).toHaveURL(/\/sign-up/);
  // And the way back.
  await expectVisibleLink(page.getByRole("link", { name: "Sign in", exact: true }));
});

test("the empty dashboard says what to do first; a new workspace was never opened until it is", async ({ page }) => {
  await signUp(page, uniqueUser("Nina Newcomer"));
  const empty = page.getByRole("main");
  await expect(page.getByRole("heading", { name: "No workspaces yet" })).toBeVisible();
  await expect(empty).not.toContainText("soon");
  await expect(empty).toContainText("terminal");
  await expect(empty.getByRole("button", { name: "Create your first workspace" })).toBeVisible();

  const name = `fresh-${Date.now().toString(36)}`;
  await createWorkspaceViaApi(page.request, name, "empty");
  await page.reload();
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader").filter({ hasText: name }) });
  await expect(row.getByText("Never opened")).toBeVisible();
  await expect(row).not.toContainText("just now");

  await row.getByRole("link", { name, exact: true }).click();
  await expect(page.getByTestId("ide")).toBeVisible();
  await page.goto("/dashboard");
  await expect(row.getByText("just now")).toBeVisible();
  await expect(row.getByText("Never opened")).toHaveCount(0);
});

test("without credentials, REST, MCP and tRPC point at the API keys page the navigation links to", async ({ page, playwright, baseURL }) => {
  await signUp(page, uniqueUser("Kim Keyless"));
  const navLink = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API keys" });
  const keysPath = await navLink.getAttribute("href");
  expect(keysPath).toBe("/settings/api-keys");

  const anonymous = await playwright.request.newContext({ baseURL });
  try {
    const rest = await anonymous.get("/api/v1/workspaces");
    expect(rest.status()).toBe(401);
    const restBody = await rest.text();
    expect(restBody).toContain(keysPath);
    expect(restBody).not.toContain("Settings →");

    const mcp = await anonymous.post("/api/mcp", {
      headers: { accept: "application/json, text/event-stream", "content-type": "application/json" },
      data: { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "e2e", version: "1" } } },
    });
    expect(mcp.status()).toBe(401);
    expect(await mcp.text()).toContain(keysPath);

    const trpc = await trpcQuery(anonymous, "workspaces.list", { input: {} });
    expect(trpc.status()).toBe(401);
    expect(await trpc.text()).toContain(keysPath);
  } finally {
    await anonymous.dispose();
  }

  // And the page is really there.
  await navLink.click();
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
});

test("clearing the search box leaves the Search view idle (no request, no error, no stale results); quick open forgives a typo", async ({ page }) => {
  await signUp(page, uniqueUser("Sam Searcher"));
  const id = await createWorkspaceViaApi(page.request, `search-${Date.now().toString(36)}`, "python");
  const greps: { status: number; input: string }[] = [];
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (url.pathname.includes("files.grep")) greps.push({ status: response.status(), input: url.searchParams.get("input") ?? "" });
  });
  await page.goto(`/workspaces/${id}`);
  await expect(page.getByTestId("ide")).toBeVisible();
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const box = page.getByRole("searchbox", { name: "Search" });
  await box.fill("def");
  const results = page.getByRole("list", { name: "Search results" });
  await expect(results.getByRole("listitem").first()).toBeVisible();
  expect(greps.length).toBeGreaterThan(0);

  await box.fill("");
  await box.press("Enter");
  await expect(page.getByText("Type to search the text of every file you can read.")).toBeVisible();
  await expect(results.getByRole("listitem")).toHaveCount(0);
  await expect(page.getByTestId("search").getByRole("alert")).toHaveCount(0);
  // Past the debounce, still nothing was sent for the empty box, and nothing failed.
  await page.waitForTimeout(800);
  await box.press("Enter");
  await page.waitForTimeout(500);
  expect(greps.filter((g) => g.status !== 200)).toEqual([]);
  expect(greps.every((g) => !g.input.includes('"query":""'))).toBe(true);

  // Quick open forgives a typo when no name has the characters in order (fuse.js).
  await page.keyboard.press("Control+p");
  const quickOpen = page.getByRole("dialog", { name: "Go to file" });
  await expect(quickOpen).toBeVisible();
  await quickOpen.getByRole("combobox", { name: "File name" }).fill("mian.py");
  await expect(quickOpen.getByRole("option").first()).toHaveAccessibleName("main.py");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("editor")).toHaveAttribute("data-path", "main.py");
});
