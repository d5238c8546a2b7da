// Signed out, nothing about API keys is reachable: the page sends you to sign in, the API says 401.
import { createAccount, expect, signIn, type TrpcErrorBody, test, trpcMutation, trpcQuery, uniqueUser } from "./fixtures";

test("signed out, the API keys page sends you to sign in, and back after", async ({ page, request }) => {
  const user = uniqueUser("Visitor");
  await createAccount(request, user);
  await page.goto("/settings/api-keys");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Fapi-keys$/);
  await expect(page.getByRole("heading", { name: "Sign in to Atrium" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "API keys" })).toHaveCount(0);

  await signIn(page, user, /\/settings\/api-keys$/);
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
});

test("the API keys procedures refuse callers without credentials", async ({ request }) => {
  const list = await trpcQuery(request, "apiKeys.list");
  expect(list.status()).toBe(401);
  const body = (await list.json()) as TrpcErrorBody;
  expect(body.error.json.data.code).toBe("UNAUTHORIZED");
  expect(body.error.json.data.app?.reason).toBe("not_signed_in");

  const create = await trpcMutation(request, "apiKeys.create", { name: "sneaky", scopes: ["read"] });
  expect(create.status()).toBe(401);
  const revoke = await trpcMutation(request, "apiKeys.revoke", { id: "anything" });
  expect(revoke.status()).toBe(401);
});
