// The admin area, as the instance's first account (the administrator): disable an account (its
// browser session stops working at once) and enable it again, see every workspace with its owner,
// the sessions page, and the audit log with the admin's own actions in it.
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { ADMIN, expect, signIn, signUp, test, trpcMutation, trpcQuery, uniqueUser } from "./fixtures";

const toasts = (page: Page) => page.getByRole("region", { name: "Notifications" });

test("an administrator disables and enables an account, and finds it all in the audit log", async ({ page, browser }) => {
  // Someone with a workspace, signed in in their own browser.
  const victim = uniqueUser("Dana Disabled");
  const victimContext = await browser.newContext();
  const victimPage = await victimContext.newPage();
  await signUp(victimPage, victim);
  const wsName = `dana-${randomBytes(3).toString("hex")}`;
  const created = await trpcMutation(victimPage.request, "workspaces.create", { name: wsName, template: "empty" });
  expect(created.status(), await created.text()).toBe(200);

  await page.goto("/sign-in");
  await signIn(page, ADMIN);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Administration" }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();

  // You cannot disable yourself; the button says so before the server has to.
  const selfRow = page.locator(`[data-testid="admin-user-row"][data-email="${ADMIN.email}"]`);
  await expect(selfRow.getByRole("button", { name: `Disable ${ADMIN.email}` })).toBeDisabled();

  const row = page.locator(`[data-testid="admin-user-row"][data-email="${victim.email}"]`);
  await expect(row).toContainText("Active");
  await row.getByRole("button", { name: `Disable ${victim.email}` }).click();
  const confirm = page.getByRole("alertdialog", { name: `Disable ${victim.name}?` });
  await expect(confirm).toContainText("signed out everywhere");
  await confirm.getByRole("button", { name: "Disable account" }).click();
  await expect(confirm).toBeHidden();
  await expect(toasts(page).getByText("Account disabled")).toBeVisible();
  await expect(row).toContainText("Disabled");

  // Their browser session is dead on the next request.
  const me = await trpcQuery(victimPage.request, "auth.me");
  expect(me.status()).toBe(401);
  await victimPage.goto("/dashboard");
  await expect(victimPage).toHaveURL(/\/sign-in/);
  await victimContext.close();

  await row.getByRole("button", { name: `Enable ${victim.email}` }).click();
  await page.getByRole("alertdialog", { name: `Enable ${victim.name}?` }).getByRole("button", { name: "Enable account" }).click();
  await expect(toasts(page).getByText("Account enabled")).toBeVisible();
  await expect(row).toContainText("Active");

  // Every workspace, with its owner.
  await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Workspaces" }).click();
  await page.getByRole("searchbox", { name: "Search workspaces" }).fill(wsName);
  const wsRow = page.getByRole("row").filter({ hasText: wsName });
  await expect(wsRow).toContainText(victim.email);
  await expect(wsRow).toContainText("Active");

  await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Sessions" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sessions" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Sandbox sessions" }).or(page.getByRole("heading", { name: "No sandbox sessions running" }))).toBeVisible();

  // The audit log shows what the admin just did.
  await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByTestId("denials-chart")).toBeVisible();
  await page.getByLabel("Actor", { exact: true }).fill(ADMIN.email);
  await page.getByLabel("Outcome", { exact: true }).selectOption("ALLOWED");
  const events = page.getByRole("table", { name: "Audit events" });
  await expect(events.locator('[data-action="admin.users.disable"]').filter({ hasText: victim.email })).toBeVisible();
  await expect(events.locator('[data-action="admin.users.enable"]').filter({ hasText: victim.email })).toBeVisible();
});
