// The IDE's terminal as journeys drive it: the one in front, and typing into it once it is live.
import { expect, type Locator, type Page } from "@playwright/test";

/** The terminal in front: `data-status` says where it is, `.xterm-rows` holds what it shows. */
export function frontTerminal(page: Page): Locator {
  return page.locator('[data-testid="terminal"]:visible');
}

export async function typeInTerminal(page: Page, text: string): Promise<void> {
  const term = frontTerminal(page);
  await expect(term).toHaveAttribute("data-status", "live", { timeout: 30_000 });
  // Keys typed before the shell has drawn its prompt can be flushed or redrawn out of order by
  // readline starting up (a TTY fact, not Atrium's): type once a prompt is on screen, as people do.
  await expect(term.locator(".xterm-rows")).toContainText(/[$#]\s*$/m, { timeout: 30_000 });
  await term.click();
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}
