// Accounts: the first account is the administrator; signing up, out and in; what each failure says.
import { ADMIN, AppShellPage, createAccount, expect, SignInPage, SignUpPage, signIn, signUp, test, uniqueUser } from "./fixtures";
import { expectVisibleLink } from "./support/visible-link";

test("the first account becomes the administrator, then signs out and back in @first-user", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByText("This Atrium is new.")).toBeVisible();
  // On a fresh instance this link is the way in: it must not look like the rest of its sentence.
  await expectVisibleLink(page.getByRole("link", { name: "Create the first account" }));
  await page.getByRole("link", { name: "Create the first account" }).click();

  await expect(page.getByRole("heading", { name: "Set up Atrium" })).toBeVisible();
  await expect(page.getByText("This first account becomes the administrator")).toBeVisible();
  await new SignUpPage(page).submit(ADMIN);

  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();
  const shell = new AppShellPage(page);
  const menu = await shell.openUserMenu();
  await expect(menu.getByText(ADMIN.name)).toBeVisible();
  await expect(menu.getByText(ADMIN.email)).toBeVisible();
  await expect(menu.getByText("Admin", { exact: true })).toBeVisible();

  await menu.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in to Atrium" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Create an account" })).toBeVisible();

  await signIn(page, ADMIN);
  await expect(page.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No workspaces yet" })).toBeVisible();
  await expect(page.getByRole("banner").getByText("Admin", { exact: true })).toBeVisible();
});

test("later accounts are regular members", async ({ page }) => {
  const user = uniqueUser("Member");
  await page.goto("/sign-up");
  await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
  await expect(page.getByText("This first account becomes the administrator")).toHaveCount(0);
  await new SignUpPage(page).submit(user);
  await expect(page.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();

  const menu = await new AppShellPage(page).openUserMenu();
  await expect(menu.getByText(user.email)).toBeVisible();
  await expect(menu.getByText("Admin", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("banner").getByText("Admin", { exact: true })).toHaveCount(0);
});

test("a wrong password says so, and the right one signs in", async ({ page, request }) => {
  const user = uniqueUser("Forgetful");
  await createAccount(request, user);
  const signInPage = new SignInPage(page);
  await signInPage.goto();
  await signInPage.submit(user.email, "not-the-password-at-all");
  await expect(signInPage.error).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/sign-in/);

  await signInPage.submit(user.email, user.password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();
});

test("too many wrong passwords are refused with the time to wait", async ({ page, request }) => {
  const user = uniqueUser("Locked");
  await createAccount(request, user);
  const signInPage = new SignInPage(page);
  await signInPage.goto();
  for (let attempt = 1; attempt <= 5; attempt++) {
    await signInPage.submit(user.email, `wrong-password-${attempt}`);
    await expect(signInPage.error).toHaveText("Wrong email or password.");
  }
  // From this address, even the right password now waits out a growing delay (the account is
  // slowed, never locked: the delay says how long).
  await signInPage.submit(user.email, user.password);
  await expect(signInPage.error).toHaveText(/^Too many failed sign-ins for this account from your address\. Wait \d+ seconds? and try again\.$/);
  await expect(page).toHaveURL(/\/sign-in/);
});

test("signing up with an email that has an account says so", async ({ page, request }) => {
  const user = uniqueUser("Twin");
  await createAccount(request, user);
  const signUpPage = new SignUpPage(page);
  await signUpPage.goto();
  await signUpPage.submit({ ...user, name: "Someone Else" });
  await expect(page.getByText("An account with this email already exists. Sign in instead, or use another email.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("link", { name: "Sign in", exact: true }).first()).toBeVisible();
  await expect(page).toHaveURL(/\/sign-up/);
});

test("a weak password is refused with the reason", async ({ page }) => {
  const user = uniqueUser("Weak");
  const signUpPage = new SignUpPage(page);
  await signUpPage.goto();
  await expect(page.getByText("At least 10 characters.")).toBeVisible();

  await signUpPage.submit({ ...user, password: "short1" });
  await expect(page.getByText("That password is too weak. Use at least 10 characters.")).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");

  await signUpPage.submit({ ...user, password: "password123" });
  await expect(page.getByText("That password is too weak. This password is too common; choose another.")).toBeVisible();
  await expect(page).toHaveURL(/\/sign-up/);
});

test("signed out, the dashboard sends you to sign in, and back after", async ({ page, request }) => {
  const user = uniqueUser("Returning");
  await createAccount(request, user);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fdashboard$/);
  await expect(page.getByRole("heading", { name: "Sign in to Atrium" })).toBeVisible();
  await signIn(page, user);
  await expect(page.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();

  // Signed in, the sign-in page itself goes straight to the app.
  await page.goto("/sign-in");
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("a new account can sign out from the menu", async ({ page }) => {
  const user = uniqueUser("Leaver");
  await signUp(page, user);
  await new AppShellPage(page).signOut();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in/);
});
