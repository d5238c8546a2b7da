import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { CompareLabels, compareLabels } from "./conflict-dialog";

describe("conflict compare labels", () => {
  it("names each side in words: yours unsaved, the disk's with who and when", () => {
    const labels = compareLabels({ exists: true, modifiedAt: "2026-12-08T01:02:03.000Z", by: "Bob" });
    expect(labels.mine).toBe("Your version (unsaved)");
    expect(labels.theirs).toMatch(/^On disk now, by Bob at .+/);
    expect(compareLabels({ exists: true, modifiedAt: "2026-12-08T01:02:03.000Z" }).theirs).toMatch(/^On disk now at /);
    expect(compareLabels({ exists: false }).theirs).toBe("On disk now: deleted");
  });

  it("labels the two columns side by side", () => {
    render(<CompareLabels layout="side-by-side" mine="Your version (unsaved)" theirs="On disk now at noon" />);
    const bar = screen.getByTestId("conflict-labels");
    expect(bar.dataset.layout).toBe("side-by-side");
    expect(bar.querySelector('[data-side="theirs"]')?.textContent).toBe("On disk now at noon (read-only)");
    expect(bar.querySelector('[data-side="mine"]')?.textContent).toBe("Your version (unsaved), editable");
  });

  it("gives inline a legend tying red lines to the disk and green lines to you", () => {
    render(<CompareLabels layout="inline" mine="Your version (unsaved)" theirs="On disk now at noon" />);
    const legend = screen.getByRole("list", { name: "Legend" });
    const items = within(legend).getAllByRole("listitem");
    expect(items.map((i) => i.textContent)).toEqual(["− Red lines: On disk now at noon", "+ Green lines: Your version (unsaved), editable"]);
  });
});
