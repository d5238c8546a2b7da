// The admin area is for instance administrators only: a plain user sees a clear "Admins only"
// state on every admin page (and no admin data in the page), no Admin link in the navigation, and
// the admin procedures refuse them with FORBIDDEN `admin_required`; signed out, they go to sign in.
import { expect, signUp, test, trpcMutation, trpcQuery, uniqueUser } from "./fixtures";

const PAGES = ["/admin", "/admin/users", "/admin/workspaces", "/admin/sessions", "/admin/shared-folders", "/admin/audit"];

test("a plain user visiting the admin pages is refused and gets no data", async ({ page }) => {
  const user = uniqueUser("Una Unprivileged");
  await signUp(page, user);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Administration" })).toHaveCount(0);

  // Any admin data reaching this browser would arrive through these procedures.
  const adminCalls: string[] = [];
  page.on("request", (request) => {
    if (/\/api\/trpc\/[^?]*(admin\.|audit\.|sharedFolders\.list)/.test(request.url())) adminCalls.push(request.url());
  });
  for (const path of PAGES) {
    await page.goto(path);
    await expect(page.getByTestId("admin-only")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
    await expect(page.getByRole("table")).toHaveCount(0);
    await expect(page.getByText(user.email, { exact: true })).toHaveCount(0);
  }
  expect(adminCalls).toEqual([]);
  await page.getByRole("link", { name: /Back to your workspaces/ }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  const input = (value: unknown) => encodeURIComponent(JSON.stringify({ json: value }));
  for (const procedure of ["admin.users", `admin.sessions?input=${input({})}`, `audit.list?input=${input({})}`, `audit.denialsPerDay?input=${input({ days: 7 })}`]) {
    const response = await trpcQuery(page.request, procedure);
    expect(response.status(), procedure).toBe(403);
    const body = (await response.json()) as { error: { json: { data: { app: { reason?: string } | null } } } };
    expect(body.error.json.data.app?.reason, procedure).toBe("admin_required");
  }
  const disable = await trpcMutation(page.request, "admin.setUserDisabled", { userId: "anyone", disabled: true });
  expect(disable.status()).toBe(403);
  const kill = await trpcMutation(page.request, "admin.killSession", { sessionId: "anything" });
  expect(kill.status()).toBe(403);
  // Sharing a host folder is the administrator's: a crafted call is refused (and audited).
  expect((await trpcQuery(page.request, "sharedFolders.list")).status()).toBe(403);
  const share = await trpcMutation(page.request, "sharedFolders.define", { name: "sneaky", hostPath: "/tmp" });
  expect(share.status()).toBe(403);
});

test("signed out, an admin page sends you to sign in", async ({ page }) => {
  await page.goto("/admin/audit");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fadmin%2Faudit$/);
});
