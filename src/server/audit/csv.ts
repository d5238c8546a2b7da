// CSV text for spreadsheets, safe to open in Excel, LibreOffice and Google Sheets. Audit targets
// are attacker-chosen (a path like `=HYPERLINK(...)` is a denial worth logging), so every cell
// is neutralised against formula injection (OWASP "CSV Injection"):
// - a cell whose first non-blank character could start a formula (= + - @, tab, CR, LF and their
//   fullwidth forms ＝ ＋ － ＠, which some spreadsheets also accept) gets a leading `'`, which
//   spreadsheets show as text and never evaluate;
// - every cell is quoted (RFC 4180, `"` doubled), so a semicolon-locale spreadsheet cannot split
//   `a;=cmd()` into a second, formula cell.
// Rows end with CRLF as RFC 4180 asks. The text has no BOM; the download layer can add one.

export type CsvValue = string | number | bigint | boolean | Date | null | undefined;

const FORMULA_START = new Set(["=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20"]);

/** True when a spreadsheet could read `text` as a formula. */
export function looksLikeFormula(text: string): boolean {
  const first = text.replace(/^ +/u, "").charAt(0);
  return FORMULA_START.has(first) || FORMULA_START.has(text.charAt(0));
}

function textOf(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** One quoted, neutralised cell. */
export function csvCell(value: CsvValue): string {
  const text = textOf(value);
  const safe = typeof value === "string" && looksLikeFormula(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/** A whole document: a header row, then the rows. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  let out = csvRow(header);
  for (const row of rows) out += csvRow(row);
  return out;
}
