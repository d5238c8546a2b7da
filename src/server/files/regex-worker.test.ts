import { describe, expect, it } from "vitest";
import { RegexTimeout, RegexWorker } from "./regex-worker";

describe("RegexWorker", () => {
  it("finds the first match per line, up to the limit", async () => {
    const worker = new RegexWorker("b+", "i");
    try {
      const hits = await worker.match(["abbc", "none", "BB", "b"], 2, Date.now() + 5000);
      expect(hits).toEqual([
        { line: 0, column: 1, length: 2 },
        { line: 2, column: 0, length: 2 },
      ]);
    } finally {
      await worker.close();
    }
  });

  it("gives up on a catastrophic pattern at the deadline instead of freezing the server", async () => {
    const worker = new RegexWorker("^(a+)+$", "");
    const started = Date.now();
    const line = `${"a".repeat(40)}!`;
    await expect(worker.match([line], 1, Date.now() + 300)).rejects.toBeInstanceOf(RegexTimeout);
    expect(Date.now() - started).toBeLessThan(3000);
    // The event loop stayed free the whole time; the worker is dead afterwards.
    await expect(worker.match(["a"], 1, Date.now() + 1000)).rejects.toBeInstanceOf(RegexTimeout);
    await worker.close();
  });
});
