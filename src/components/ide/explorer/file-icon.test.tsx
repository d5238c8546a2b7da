import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FileIcon } from "./file-icon";

describe("FileIcon", () => {
  it("labels a TypeScript file TS", () => {
    const { container } = render(<FileIcon name="index.ts" type="file" />);
    expect(container.textContent).toContain("TS");
  });
});
