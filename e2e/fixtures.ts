// Shared e2e fixtures: unique users, page objects for the screens, tRPC-over-HTTP helpers for calls
// made from Node (no browser cookies), and a screenshot of the last screen of every test.
import path from "node:path";
import { type APIRequestContext, type APIResponse, type Browser, type BrowserContext, expect, type Locator, type Page, type Response, test as base } from "@playwright/test";

export interface TestUser {
  name: string;
  email: string;
  password: string;
}

const PASSWORD = "violet-harbour-lantern-42";

/** The instance's first account (the administrator), created by the @first-user journey. */
export const ADMIN: TestUser = { name: "Ada Admin", email: "ada.admin@atrium.test", password: PASSWORD };

/** A user no other test uses, so tests never depend on each other's accounts. */
export function uniqueUser(label = "user"): TestUser {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return { name: `${label} ${id}`, email: `${slug}-${id}@atrium.test`, password: PASSWORD };
}

// --- tRPC over HTTP (superjson wire format) ---------------------------------------------------------

export interface TrpcErrorBody {
  error: { json: { message: string; code: number; data: { code: string; httpStatus: number; app: { code: string; message: string; reason?: string } | null } } };
}

const bearer = (key?: string): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {});

export function trpcQuery(request: APIRequestContext, procedure: string, options: { key?: string; input?: unknown } = {}): Promise<APIResponse> {
  const query = options.input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: options.input }))}`;
  return request.get(`/api/trpc/${procedure}${query}`, { headers: bearer(options.key) });
}

/** A query's result with the request's cookies; fails the test unless the call succeeded. */
export async function trpcData<T>(request: APIRequestContext, procedure: string, input: unknown): Promise<T> {
  const response = await trpcQuery(request, procedure, { input });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

export function trpcMutation(request: APIRequestContext, procedure: string, input: unknown, options: { key?: string } = {}): Promise<APIResponse> {
  return request.post(`/api/trpc/${procedure}`, { headers: bearer(options.key), data: { json: input } });
}

/** Creates a workspace straight through the API, for tests that are not about the dashboard; returns its id. */
export async function createWorkspaceViaApi(request: APIRequestContext, name: string, template: "empty" | "python" | "node" = "python"): Promise<string> {
  const created = await trpcMutation(request, "workspaces.create", { name, template });
  expect(created.status(), await created.text()).toBe(200);
  return ((await created.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;
}

/** Creates a workspace with the dashboard's dialog and opens its IDE; returns its id. */
export async function createWorkspaceFromDashboard(page: Page, name: string, template: "Python" | "Empty" = "Python"): Promise<string> {
  await page.getByRole("button", { name: /^(New workspace|Create your first workspace)$/ }).first().click();
  const dialog = page.getByRole("dialog", { name: "New workspace" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("radio", { name: new RegExp(`^${template}`) }).check();
  await dialog.getByRole("button", { name: "Create workspace" }).click();
  // A new workspace opens in its IDE by itself.
  await expect(page).toHaveURL(/\/workspaces\/[^/]+$/);
  await expect(page.getByTestId("ide")).toBeVisible();
  return decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);
}

/** What Monaco shows (its own spaces are non-breaking). */
export async function editorText(page: Page): Promise<string> {
  return (await page.getByTestId("editor").locator(".view-lines").innerText()).replace(/\u00a0/g, " ");
}

/** Mints an API key for the signed-in user of `request` through tRPC; returns the secret. */
export async function createApiKeyViaApi(request: APIRequestContext, input: { name: string; scopes: string[] }): Promise<string> {
  const minted = await trpcMutation(request, "apiKeys.create", input);
  expect(minted.status(), await minted.text()).toBe(200);
  return ((await minted.json()) as { result: { data: { json: { key: string } } } }).result.data.json.key;
}

/** Creates an account straight through the API, for tests that are not about signing up. */
export async function createAccount(request: APIRequestContext, user: TestUser): Promise<void> {
  const response = await trpcMutation(request, "auth.signUp", { name: user.name, email: user.email, password: user.password });
  expect(response.status(), await response.text()).toBe(200);
}

// --- Page objects ---------------------------------------------------------------------------------------

export class SignUpPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto("/sign-up");
  }

  async submit(user: TestUser): Promise<void> {
    const form = this.page.getByRole("form", { name: "Create account" });
    await form.getByLabel("Name").fill(user.name);
    await form.getByLabel("Email").fill(user.email);
    await form.getByLabel("Password").fill(user.password);
    await form.getByRole("button", { name: "Create account" }).click();
  }
}

export class SignInPage {
  constructor(readonly page: Page) {}

  async goto(next?: string): Promise<void> {
    await this.page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
  }

  async submit(email: string, password: string): Promise<void> {
    const form = this.page.getByRole("form", { name: "Sign in" });
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Password").fill(password);
    await form.getByRole("button", { name: "Sign in" }).click();
  }

  /** The error the form announces (role=alert). */
  get error(): Locator {
    return this.page.getByRole("form", { name: "Sign in" }).getByRole("alert");
  }
}

export class AppShellPage {
  constructor(readonly page: Page) {}

  get userMenuButton(): Locator {
    return this.page.getByRole("button", { name: /^Account menu for / });
  }

  async openUserMenu(): Promise<Locator> {
    const menu = this.page.getByRole("menu", { name: "Account" });
    await this.userMenuButton.click();
    await expect(menu).toBeVisible();
    return menu;
  }

  async signOut(): Promise<void> {
    const menu = await this.openUserMenu();
    await menu.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(this.page).toHaveURL(/\/sign-in/);
  }
}

export class ApiKeysPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto("/settings/api-keys");
    await expect(this.page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  }

  get newKeyDialog(): Locator {
    return this.page.getByRole("dialog", { name: "New API key" });
  }

  get createdDialog(): Locator {
    return this.page.getByRole("dialog", { name: "Copy your new API key" });
  }

  async openNewKeyDialog(): Promise<Locator> {
    await this.page.getByRole("button", { name: "New API key" }).first().click();
    await expect(this.newKeyDialog).toBeVisible();
    return this.newKeyDialog;
  }

  /** Fills and submits the new-key form with exactly these scopes. */
  async createKey(options: { name: string; scopes: string[]; expires?: string }): Promise<void> {
    const dialog = await this.openNewKeyDialog();
    await dialog.getByLabel("Name").fill(options.name);
    for (const box of await dialog.getByRole("checkbox").all()) {
      const scope = (await box.getAttribute("value")) ?? "";
      await box.setChecked(options.scopes.includes(scope));
    }
    if (options.expires) await dialog.getByLabel("Expires").selectOption({ label: options.expires });
    await dialog.getByRole("button", { name: "Create key" }).click();
    await expect(this.createdDialog).toBeVisible();
  }

  /** Copies the new key with its Copy button and returns what landed on the clipboard. */
  async copyCreatedKey(): Promise<string> {
    const dialog = this.createdDialog;
    const shown = await dialog.getByRole("textbox", { name: "API key" }).inputValue();
    await dialog.getByRole("button", { name: "Copy API key" }).click();
    await expect(dialog.getByRole("button", { name: "Copy API key" })).toContainText("Copied");
    const copied = await this.page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(shown);
    return copied;
  }

  async closeCreatedDialog(): Promise<void> {
    await this.createdDialog.getByRole("button", { name: "Done, I have copied it" }).click();
    await expect(this.createdDialog).toBeHidden();
  }

  row(name: string): Locator {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("cell", { name, exact: true }) });
  }

  async revoke(name: string): Promise<void> {
    await this.row(name).getByRole("button", { name: `Revoke ${name}` }).click();
    const confirm = this.page.getByRole("alertdialog", { name: `Revoke “${name}”?` });
    await expect(confirm).toBeVisible();
    await confirm.getByRole("button", { name: "Revoke key" }).click();
    await expect(confirm).toBeHidden();
  }
}

/** Signs up through the UI and waits for the dashboard. */
export async function signUp(page: Page, user: TestUser): Promise<void> {
  const signUpPage = new SignUpPage(page);
  await signUpPage.goto();
  await signUpPage.submit(user);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();
  await hydrated(page);
}

/** Signs in through the UI and waits to land on `landing`. */
export async function signIn(page: Page, user: TestUser, landing: RegExp = /\/dashboard$/): Promise<void> {
  const signInPage = new SignInPage(page);
  if (!/\/sign-in/.test(page.url())) await signInPage.goto();
  await signInPage.submit(user.email, user.password);
  await expect(page).toHaveURL(landing);
  await hydrated(page);
}

// --- Fixtures -----------------------------------------------------------------------------------------------

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/\.spec\.ts$/, "")
    .replace(/@[\w-]+/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 90);
}

// --- Hydration ----------------------------------------------------------------------------------------------

/**
 * Waits until React has hydrated the page (src/components/layout/hydration-mark.tsx). The server's
 * HTML is visible first, and a click on it before hydration is lost: on a busy CI machine that
 * left a dialog unopened.
 */
export async function hydrated(page: Page): Promise<void> {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

/** Makes the page's goto and reload return only once an HTML page has hydrated. */
const patched = new WeakSet<Page>();
function waitForHydrationOnLoad(page: Page): void {
  if (patched.has(page)) return;
  patched.add(page);
  const afterLoad = async (response: Response | null): Promise<Response | null> => {
    if (response?.headers()["content-type"]?.startsWith("text/html")) await hydrated(page);
    return response;
  };
  const goto = page.goto.bind(page);
  const reload = page.reload.bind(page);
  page.goto = async (...args) => afterLoad(await goto(...args));
  page.reload = async (...args) => afterLoad(await reload(...args));
}

/**
 * ATRIUM_E2E_CPU_THROTTLE=4 runs the pages' JavaScript four times slower (Chromium's CPU
 * throttling), to find tests that pass only on a fast machine before CI's busy one does.
 */
const cpuThrottle = Number(process.env.ATRIUM_E2E_CPU_THROTTLE ?? 1);
async function slowDown(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpuThrottle });
}

function hydratingPages(context: BrowserContext): BrowserContext {
  context.on("page", waitForHydrationOnLoad);
  if (cpuThrottle > 1) context.on("page", (page) => void slowDown(context, page));
  return context;
}

export const test = base.extend<{ lastScreenshot: void }, { browser: Browser }>({
  // Pages of contexts that tests open themselves (a second member, the administrator) too.
  browser: [
    async ({ browser }, use) => {
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args) => hydratingPages(await newContext(...args));
      await use(browser);
    },
    { scope: "worker" },
  ],
  // The clipboard is part of what the API keys journey checks.
  context: async ({ context, baseURL }, use) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
    await use(hydratingPages(context));
  },
  lastScreenshot: [
    async ({ page }, use, testInfo) => {
      await use();
      const name = testInfo.titlePath.map(slug).filter(Boolean).join("--");
      await page
        .screenshot({ path: path.join(testInfo.project.testDir, "screenshots", `${name}.png`), fullPage: true })
        .catch(() => undefined);
    },
    { auto: true },
  ],
});

export { expect };
