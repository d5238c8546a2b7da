// CSV text for spreadsheets, safe to open in Excel, LibreOffice and Google Sheets, written by
// csv-stringify. Audit targets are attacker-chosen (a path like `=HYPERLINK(...)` is a denial worth
// logging), so every cell is neutralised against formula injection (OWASP "CSV Injection"):
// - csv-stringify's `escape_formulas` puts a `'` before a string cell starting with = + - @, tab,
//   CR or their fullwidth forms ＝ ＋ － ＠; spreadsheets show such a cell as text and never
//   evaluate it. Two starts it does not cover are added here (`cast.string`): a line feed, and
//   blanks before one of those characters (some spreadsheets trim them and then evaluate);
// - every cell is quoted (RFC 4180, `"` doubled), so a semicolon-locale spreadsheet cannot split
//   `a;=cmd()` into a second, formula cell.
// Rows end with CRLF as RFC 4180 asks. The text has no BOM; the download layer can add one.
import { stringify } from "csv-stringify/sync";

export type CsvValue = string | number | bigint | boolean | Date | null | undefined;

const FORMULA_START = new Set(["=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20"]);

/** True when a spreadsheet could read `text` as a formula. */
export function looksLikeFormula(text: string): boolean {
  const first = text.replace(/^ +/u, "").charAt(0);
  return FORMULA_START.has(first) || FORMULA_START.has(text.charAt(0));
}

/** The starts csv-stringify's escape_formulas leaves alone but a spreadsheet may still evaluate. */
function escapeWhatTheLibraryMisses(text: string): string {
  return looksLikeFormula(text) && (text.startsWith("\n") || text.startsWith(" ")) ? `'${text}` : text;
}

const OPTIONS = {
  quoted: true,
  quoted_empty: true,
  escape_formulas: true,
  record_delimiter: "windows",
  cast: {
    string: escapeWhatTheLibraryMisses,
    // The library's defaults write dates as epoch milliseconds and booleans as "1"/"".
    date: (value: Date) => value.toISOString(),
    boolean: (value: boolean) => String(value),
    bigint: (value: bigint) => String(value),
    number: (value: number) => String(value),
  },
} as const;

function normalize(values: readonly CsvValue[]): (string | number | bigint | boolean | Date | null)[] {
  return values.map((v) => (v === undefined ? null : v));
}

/** One row, CRLF-terminated. */
export function csvRow(values: readonly CsvValue[]): string {
  if (values.length === 0) return "\r\n";
  return stringify([normalize(values)], OPTIONS);
}

/** One quoted, neutralised cell. */
export function csvCell(value: CsvValue): string {
  return csvRow([value]).slice(0, -2);
}

/** A whole document: a header row, then the rows. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  return stringify([[...header], ...Array.from(rows, normalize)], OPTIONS);
}
