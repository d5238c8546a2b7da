// API keys: created in the UI, shown once, used from Node as a Bearer token, limited to their
// scopes, and refused once revoked.
import { ADMIN, ApiKeysPage, expect, signIn, signUp, type TrpcErrorBody, test, trpcMutation, trpcQuery, uniqueUser } from "./fixtures";

test("a read-only key works from an agent until it is revoked", async ({ page, request, baseURL }) => {
  const user = uniqueUser("Key Owner");
  await signUp(page, user);
  const keys = new ApiKeysPage(page);
  await keys.goto();
  await expect(page.getByRole("heading", { name: "No API keys yet" })).toBeVisible();

  // Regular members are not offered the admin scope.
  const dialog = await keys.openNewKeyDialog();
  await expect(dialog.getByRole("checkbox", { name: "read" })).toBeChecked();
  await expect(dialog.getByRole("checkbox", { name: "admin" })).toHaveCount(0);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();

  const name = "ci-agent";
  await keys.createKey({ name, scopes: ["read"], expires: "In 30 days" });
  const created = keys.createdDialog;
  await expect(created.getByText("This key will not be shown again")).toBeVisible();
  const key = await keys.copyCreatedKey();
  expect(key).toMatch(/^atr_[0-9A-Za-z]{40}$/);
  await expect(created.getByText(`curl -H "Authorization: Bearer ${key}" ${baseURL}/api/trpc/auth.me`)).toBeVisible();
  await keys.closeCreatedDialog();

  // Listed by its prefix only; the full key is gone from the page.
  const row = keys.row(name);
  await expect(row).toContainText(`${key.slice(0, 12)}…`);
  await expect(row.getByText("read", { exact: true })).toBeVisible();
  await expect(row.getByText("Active")).toBeVisible();
  await expect(row.getByText("Never")).toBeVisible(); // last used
  expect(await page.content()).not.toContain(key);

  // An agent, from Node with no cookies, calls the API with the key.
  const me = await trpcQuery(request, "auth.me", { key });
  expect(me.status()).toBe(200);
  const meBody = (await me.json()) as { result: { data: { json: { user: { email: string }; apiKey: { scopes: string[] } } } } };
  expect(meBody.result.data.json.user.email).toBe(user.email);
  expect(meBody.result.data.json.apiKey.scopes).toEqual(["read"]);

  // Minting keys needs the admin scope, which this key lacks.
  const mint = await trpcMutation(request, "apiKeys.create", { name: "escalation", scopes: ["read"] }, { key });
  expect(mint.status()).toBe(403);
  const mintBody = (await mint.json()) as TrpcErrorBody;
  expect(mintBody.error.json.data.code).toBe("FORBIDDEN");
  expect(mintBody.error.json.data.app?.reason).toBe("missing_scope");
  expect(mintBody.error.json.message).toContain('lacks the "admin" scope');

  await keys.revoke(name);
  await expect(page.getByText("API key revoked")).toBeVisible();
  await expect(row.getByText("Revoked")).toBeVisible();
  await expect(row.getByRole("button", { name: `Revoke ${name}` })).toHaveCount(0);
  await expect(row.getByText("just now")).toBeVisible(); // last used, by the calls above

  const after = await trpcQuery(request, "auth.me", { key });
  expect(after.status()).toBe(401);
  const afterBody = (await after.json()) as TrpcErrorBody;
  expect(afterBody.error.json.data.code).toBe("UNAUTHORIZED");
  expect(afterBody.error.json.data.app?.reason).toBe("api_key_revoked");
});

test("a malformed key is refused", async ({ request }) => {
  const response = await trpcQuery(request, "auth.me", { key: "atr_short" });
  expect(response.status()).toBe(401);
  const body = (await response.json()) as TrpcErrorBody;
  expect(body.error.json.data.code).toBe("UNAUTHORIZED");
  expect(body.error.json.data.app?.reason).toBe("api_key_malformed");
});

test("the new key form says what is missing", async ({ page }) => {
  await signUp(page, uniqueUser("Hasty"));
  const keys = new ApiKeysPage(page);
  await keys.goto();
  const dialog = await keys.openNewKeyDialog();
  await dialog.getByRole("checkbox", { name: "read" }).uncheck();
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByText("Give the key a name, such as the agent that will use it.")).toBeVisible();
  await expect(dialog.getByText("Choose at least one scope.")).toBeVisible();
  await expect(keys.createdDialog).toBeHidden();
});

test("administrators can grant the admin scope", async ({ page }) => {
  await page.goto("/sign-in?next=%2Fsettings%2Fapi-keys");
  await signIn(page, ADMIN, /\/settings\/api-keys$/);
  const keys = new ApiKeysPage(page);
  await keys.createKey({ name: "ops-bot", scopes: ["read", "admin"], expires: "Never" });
  await keys.closeCreatedDialog();
  const row = keys.row("ops-bot");
  await expect(row.getByText("admin", { exact: true })).toBeVisible();
  await expect(row.getByText("Never")).toHaveCount(2); // never used, never expires
});
