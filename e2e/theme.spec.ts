// The theme switch, and a tour of every screen in both themes and at phone width, saved under
// e2e/screenshots/tour/ for a person to look over.
import path from "node:path";
import type { Page } from "@playwright/test";
import { ApiKeysPage, AppShellPage, expect, signUp, test, uniqueUser } from "./fixtures";

test("the account menu switches the theme, and the choice is remembered", async ({ page }) => {
  await signUp(page, uniqueUser("Night Owl"));
  const html = page.locator("html");
  await expect(html).toHaveAttribute("data-theme", "light");
  const menu = await new AppShellPage(page).openUserMenu();
  await menu.getByRole("menuitem", { name: "Dark theme" }).click();
  await expect(html).toHaveAttribute("data-theme", "dark");
  await page.reload();
  await expect(html).toHaveAttribute("data-theme", "dark");
  await expect(page.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(test.info().project.testDir, "screenshots", "tour", `${name}.png`), fullPage: true });
}

for (const theme of ["light", "dark"] as const) {
  test(`tour of the screens in the ${theme} theme`, async ({ page }) => {
    await page.addInitScript((t) => localStorage.setItem("atrium-theme", t), theme);
    await page.goto("/sign-in");
    await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
    await expect(page.getByRole("heading", { name: "Sign in to Atrium" })).toBeVisible();
    await page.getByRole("form", { name: "Sign in" }).getByLabel("Email").fill("nobody@atrium.test");
    await page.getByRole("form", { name: "Sign in" }).getByLabel("Password").fill("wrong-password-here");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText("Wrong email or password.");
    await shot(page, `${theme}-sign-in-error`);

    await page.goto("/sign-up");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Enter your name.")).toBeVisible();
    await shot(page, `${theme}-sign-up-errors`);

    await signUp(page, uniqueUser(`Tour ${theme}`));
    await shot(page, `${theme}-dashboard`);
    await new AppShellPage(page).openUserMenu();
    await shot(page, `${theme}-user-menu`);
    await page.keyboard.press("Escape");

    // Loading, then failing: the list request is held back, then answered with a server error.
    const keys = new ApiKeysPage(page);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/trpc/apiKeys.list**", async (route) => {
      await held;
      await route.fulfill({
        status: 503,
        contentType: "application/json",
        body: JSON.stringify([
          {
            error: {
              json: {
                message: "The database did not answer. Try again in a minute.",
                code: -32603,
                data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503, app: { code: "UNAVAILABLE", message: "The database did not answer. Try again in a minute." } },
              },
            },
          },
        ]),
      });
    });
    await keys.goto();
    await expect(page.getByRole("status").filter({ hasText: "Loading your API keys…" })).toBeAttached();
    await shot(page, `${theme}-api-keys-loading`);
    release();
    await expect(page.getByRole("heading", { name: "Your API keys could not be loaded" })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByText("The database did not answer. Try again in a minute.")).toBeVisible();
    await shot(page, `${theme}-api-keys-error`);
    await page.unroute("**/api/trpc/apiKeys.list**");
    await page.getByRole("button", { name: "Try again" }).click();
    await expect(page.getByRole("heading", { name: "No API keys yet" })).toBeVisible();
    await shot(page, `${theme}-api-keys-empty`);
    const dialog = await keys.openNewKeyDialog();
    await dialog.getByLabel("Name").fill("claude-code on build box");
    await dialog.getByRole("checkbox", { name: "write" }).check();
    await shot(page, `${theme}-api-keys-new`);
    await dialog.getByRole("button", { name: "Create key" }).click();
    await expect(keys.createdDialog).toBeVisible();
    await shot(page, `${theme}-api-keys-created`);
    await keys.closeCreatedDialog();
    await keys.createKey({ name: "nightly-report", scopes: ["read", "exec"], expires: "Never" });
    await keys.closeCreatedDialog();
    await keys.createKey({ name: "old laptop", scopes: ["read"], expires: "In 7 days" });
    await keys.closeCreatedDialog();
    await keys.revoke("old laptop");
    await shot(page, `${theme}-api-keys-list`);
    await keys.row("nightly-report").getByRole("button", { name: "Revoke nightly-report" }).click();
    await expect(page.getByRole("alertdialog")).toBeVisible();
    await shot(page, `${theme}-api-keys-revoke`);
    await page.keyboard.press("Escape");
    await expect(page.getByRole("alertdialog")).toBeHidden();

    await page.goto("/no-such-page");
    await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
    await shot(page, `${theme}-not-found`);

    await page.goto("/settings/api-keys");
    await expect(keys.row("nightly-report")).toBeVisible();
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, `${theme}-phone-api-keys`);
    await page.goto("/dashboard");
    await shot(page, `${theme}-phone-dashboard`);
  });
}
