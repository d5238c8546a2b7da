// A link must not read as part of its sentence: another colour than the text around it, underlined,
// and WCAG AA contrast (4.5:1) against what is behind it.
import { expect, type Locator } from "@playwright/test";

/** WCAG contrast ratio of two computed CSS colours (`rgb(...)` / `rgba(...)`). */
export function contrastRatio(a: string, b: string): number {
  const luminance = (css: string): number => {
    const [r = 0, g = 0, b = 0] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi = 0, lo = 0] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

export async function expectVisibleLink(link: Locator): Promise<void> {
  await expect(link).toBeVisible();
  const style = await link.evaluate((el) => {
    let background = "rgb(255, 255, 255)";
    for (let node: Element | null = el; node; node = node.parentElement) {
      const bg = getComputedStyle(node).backgroundColor;
      if (bg && bg !== "transparent" && !/rgba\(.*,\s*0\)$/.test(bg)) {
        background = bg;
        break;
      }
    }
    return { color: getComputedStyle(el).color, sentence: getComputedStyle(el.parentElement!).color, decoration: getComputedStyle(el).textDecorationLine, background };
  });
  expect(style.color, "the link's colour differs from its sentence's").not.toBe(style.sentence);
  expect(style.decoration).toContain("underline");
  expect(contrastRatio(style.color, style.background)).toBeGreaterThanOrEqual(4.5);
}
