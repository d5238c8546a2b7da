// The explorer follows the disk, against the real server, real Docker and Chromium: a file made
// in the terminal appears in the tree with no reload, one deleted there disappears, the quota
// meter follows, and the explorer does not poll (no listing is fetched while nothing changes).
import type { Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { createWorkspaceFromDashboard, expect, signUp, test, trpcMutation, uniqueUser } from "./fixtures";
import { typeInTerminal } from "./support/terminal";

async function startSession(page: Page): Promise<void> {
  const panel = page.getByTestId("terminal-panel");
  await expect(panel.getByRole("heading", { name: "Start a session" })).toBeVisible();
  await panel.getByRole("radio", { name: /^default/i }).check();
  await panel.getByRole("button", { name: "Start session" }).click();
  await expect(panel.getByTestId("session-status")).toHaveAttribute("data-session-status", "RUNNING", { timeout: 60_000 });
}

test("a file made or deleted in the terminal shows in the explorer without a reload or polling; the quota meter follows", async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, uniqueUser("Wanda Watcher"));
  await createWorkspaceFromDashboard(page, `live-${randomBytes(3).toString("hex")}`);
  const explorer = page.getByTestId("explorer");
  await expect(explorer.locator('[data-path="main.py"]')).toBeVisible();

  // Every listing the explorer fetches, from here on.
  const listings: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/api/trpc/") && request.url().includes("files.list")) listings.push(request.url());
  });
  let navigations = 0;
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) navigations++;
  });

  await startSession(page);
  await typeInTerminal(page, "echo hi > new.txt");
  await expect(explorer.locator('[data-path="new.txt"]')).toBeVisible({ timeout: 10_000 });

  // Quiet for longer than the old 15 s poll: no listing is fetched while nothing changes.
  const quietFrom = listings.length;
  await page.waitForTimeout(16_000);
  expect(listings.slice(quietFrom)).toEqual([]);

  const meter = page.locator(".ide-topbar .usage-text");
  const before = await meter.textContent();
  await typeInTerminal(page, "head -c 3000000 /dev/zero > big.bin && rm new.txt");
  await expect(explorer.locator('[data-path="big.bin"]')).toBeVisible({ timeout: 10_000 });
  await expect(explorer.locator('[data-path="new.txt"]')).toHaveCount(0, { timeout: 10_000 });
  await expect(meter).not.toHaveText(before ?? "", { timeout: 15_000 });
  // Binary units since the formatters were merged into one (3,000,000 bytes is 2.9 MiB).
  await expect(meter).toContainText("MiB");
  expect(navigations).toBe(0);
});

test("the browser follows the workspace's events over EventSource with its session cookie", async ({ page }) => {
  await signUp(page, uniqueUser("Ezra Events"));
  const workspaceId = await createWorkspaceFromDashboard(page, `events-${randomBytes(3).toString("hex")}`, "Empty");
  // A real EventSource in the page: the cookie route, `ready` first, then the change a save makes.
  const heard = page.evaluate(
    (id) =>
      new Promise<{ ready: boolean; paths: string[] }>((resolve, reject) => {
        const source = new EventSource(`/api/workspaces/${id}/events?kinds=files`);
        let ready = false;
        source.addEventListener("ready", () => {
          ready = true;
          (window as unknown as { eventsReady: boolean }).eventsReady = true;
        });
        source.addEventListener("files:changed", (event) => {
          const data = JSON.parse((event as MessageEvent<string>).data) as { changes: { path: string }[] };
          const paths = data.changes.map((c) => c.path);
          if (paths.includes("from-api.txt")) {
            source.close();
            resolve({ ready, paths });
          }
        });
        source.onerror = () => reject(new Error("the event stream failed"));
      }),
    workspaceId,
  );
  await page.waitForFunction(() => (window as unknown as { eventsReady?: boolean }).eventsReady === true);
  const saved = await trpcMutation(page.request, "files.write", { workspaceId, path: "from-api.txt", content: "hello" });
  expect(saved.status()).toBe(200);
  expect(await heard).toMatchObject({ ready: true, paths: expect.arrayContaining(["from-api.txt"]) });
});
