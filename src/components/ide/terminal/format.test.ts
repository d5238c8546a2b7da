import { describe, expect, it } from "vitest";
import { base64ToBytes, chunkInput, formatBytes, formatDuration, parseArgv } from "./format";

describe("parseArgv", () => {
  it("splits on whitespace and keeps quoted text together, without expanding anything", () => {
    expect(parseArgv("python3   main.py --name 'Ada Lovelace'")).toEqual({ argv: ["python3", "main.py", "--name", "Ada Lovelace"] });
    expect(parseArgv(`echo "a \\"quoted\\" $HOME" *.py`)).toEqual({ argv: ["echo", 'a "quoted" $HOME', "*.py"] });
    expect(parseArgv("printf a\\ b ''")).toEqual({ argv: ["printf", "a b", ""] });
    expect(parseArgv("ls | wc -l")).toEqual({ argv: ["ls", "|", "wc", "-l"] });
  });

  it("says what is wrong with an unfinished line", () => {
    expect(parseArgv("echo 'oops")).toEqual({ error: "A single quote is not closed." });
    expect(parseArgv('echo "oops')).toEqual({ error: "A double quote is not closed." });
    expect(parseArgv("echo \\")).toEqual({ error: "The command ends with a lone backslash." });
    expect(parseArgv("   ")).toEqual({ error: "Type a command to run, for example: python3 main.py" });
  });
});

describe("formatting", () => {
  it("sizes and durations", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(4 * 1024 ** 3)).toBe("4 GB");
    expect(formatBytes(300 * 1024 ** 2)).toBe("300 MB");
    expect(formatDuration(42_400)).toBe("42s");
    expect(formatDuration(5 * 60_000 + 3_000)).toBe("5m 03s");
    expect(formatDuration(2 * 3_600_000 + 7 * 60_000)).toBe("2h 07m");
    expect(formatDuration(-5)).toBe("0s");
  });
});

describe("chunkInput", () => {
  it("cuts long pastes without losing or splitting characters", () => {
    expect(chunkInput("short")).toEqual(["short"]);
    const text = "ab😀".repeat(10);
    const pieces = chunkInput(text, 5);
    expect(pieces.join("")).toBe(text);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(5);
      expect(/^[\uDC00-\uDFFF]/.test(p)).toBe(false);
    }
  });
});

describe("base64ToBytes", () => {
  it("decodes scrollback bytes exactly", () => {
    const bytes = new Uint8Array([0, 27, 91, 255, 104, 105]);
    expect(base64ToBytes(Buffer.from(bytes).toString("base64"))).toEqual(bytes);
  });
});
