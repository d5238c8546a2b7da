// The command policy in the IDE, end to end (real server, Postgres, Docker, Chromium): an owner
// applies the worker preset from Members and rules in one click, a command off the list is then
// refused with the reason, and the allowed one still runs.
import { randomBytes } from "node:crypto";
import { createWorkspaceViaApi, expect, signUp, test, trpcMutation, uniqueUser } from "./fixtures";

test("an owner applies the worker preset in one click; commands off the list are refused", async ({ page }) => {
  const owner = uniqueUser("Petra Policy");
  await signUp(page, owner);
  const workspaceId = await createWorkspaceViaApi(page.request, `policy-${randomBytes(3).toString("hex")}`);
  await page.goto(`/workspaces/${workspaceId}`);
  await expect(page.getByTestId("ide")).toBeVisible();
  await page.getByRole("navigation", { name: "Side views" }).getByRole("button", { name: "Members and rules" }).click();

  const section = page.getByTestId("command-policy");
  await expect(section.getByTestId("command-policy-summary")).toContainText("Any program may run");
  await section.getByRole("button", { name: "Apply the worker preset" }).click();
  await expect(page.getByRole("region", { name: "Notifications" }).getByText("Command policy saved")).toBeVisible();
  await expect(section.getByTestId("command-policy-summary")).toContainText(/Only \d+ programs may run: git/);
  await expect(section.getByLabel("Allowed programs")).toHaveValue(/^git\npython\n/);

  const refused = await trpcMutation(page.request, "sandbox.exec", { workspaceId, command: ["uname"] });
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toContain("blocked_command");
  const allowed = await trpcMutation(page.request, "sandbox.exec", { workspaceId, command: ["ls"] });
  expect(allowed.status(), await allowed.text()).toBe(200);
});
