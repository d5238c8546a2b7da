import { describe, expect, it } from "vitest";
import { initials } from "./initials";

describe("initials", () => {
  it("takes the first and last word, or the start of one word or of the email", () => {
    expect(initials("Ada King Lovelace")).toBe("AL");
    expect(initials("bob")).toBe("BO");
    expect(initials("Émile Zola")).toBe("ÉZ");
    expect(initials("  ", "carol@example.com")).toBe("CA");
    expect(initials("  ")).toBe("?");
    expect(initials("😀 Smile")).toBe("😀S");
  });
});
