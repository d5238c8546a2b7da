// The pure half of `atrium doctor`: judging migration state and Node versions, and rendering the
// ✔/✖ lines and the verdict. doctor.ts gathers the facts; this file decides and formats.

export interface CheckResult {
  label: string;
  ok: boolean;
  /** What was found, on the check's own line. */
  detail: string;
  /** Extra lines shown under it (e.g. each configuration problem). */
  notes?: string[];
  /** What to do about it, shown when the check failed. */
  fix?: string;
  /** A failed required check means Atrium cannot run: doctor exits 1. */
  required: boolean;
}

const LABEL_WIDTH = 16;

export function formatCheck(check: CheckResult): string {
  const pad = " ".repeat(LABEL_WIDTH + 2);
  const lines = [`${check.ok ? "✔" : "✖"} ${check.label.padEnd(LABEL_WIDTH)}${check.detail}${check.ok || check.required ? "" : " (warning)"}`];
  for (const note of check.notes ?? []) lines.push(`${pad}${note}`);
  if (!check.ok && check.fix) lines.push(`${pad}→ ${check.fix}`);
  return lines.join("\n");
}

export function verdict(checks: readonly CheckResult[], strict: boolean): { summary: string; exitCode: 0 | 1 } {
  const failedRequired = checks.filter((c) => !c.ok && c.required).length;
  const warnings = checks.filter((c) => !c.ok && !c.required).length;
  const s = (n: number) => (n === 1 ? "" : "s");
  if (failedRequired > 0) {
    return { summary: `${failedRequired} required check${s(failedRequired)} failed: Atrium cannot run until ${failedRequired === 1 ? "it is" : "they are"} fixed.`, exitCode: 1 };
  }
  if (warnings > 0 && strict) return { summary: `${warnings} check${s(warnings)} failed (--strict).`, exitCode: 1 };
  if (warnings > 0) {
    return { summary: `Atrium can run, with ${warnings} warning${s(warnings)} (fixes marked →); --strict treats warnings as failures.`, exitCode: 0 };
  }
  return { summary: "All checks passed.", exitCode: 0 };
}

export interface MigrationFileInfo {
  name: string;
  checksum: string;
}

export interface AppliedMigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Started and neither finished nor rolled back: migrate() refuses to continue. */
  failed: string[];
  /** Applied, but the file changed since. */
  modified: string[];
  /** Applied by a newer Atrium than this one. */
  unknown: string[];
}

/** Compares prisma/migrations with `_prisma_migrations` (null: the table does not exist yet) as migrate() would. */
export function migrationStatus(files: readonly MigrationFileInfo[], rows: readonly AppliedMigrationRow[] | null): MigrationStatus {
  const done = new Map<string, string>();
  const failed: string[] = [];
  for (const row of rows ?? []) {
    if (row.finished_at !== null) done.set(row.migration_name, row.checksum);
    else if (row.rolled_back_at === null) failed.push(row.migration_name);
  }
  const names = new Set(files.map((f) => f.name));
  return {
    applied: files.filter((f) => done.has(f.name)).map((f) => f.name),
    pending: files.filter((f) => !done.has(f.name) && !failed.includes(f.name)).map((f) => f.name),
    failed,
    modified: files.filter((f) => done.has(f.name) && done.get(f.name) !== f.checksum).map((f) => f.name),
    unknown: [...done.keys()].filter((n) => !names.has(n)).sort(),
  };
}

const list = (names: readonly string[]) => (names.length <= 3 ? names.join(", ") : `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`);

export function migrationChecks(status: MigrationStatus): CheckResult[] {
  const label = "migrations";
  const checks: CheckResult[] = [];
  if (status.failed.length > 0) {
    checks.push({
      label,
      ok: false,
      required: true,
      detail: `${list(status.failed)} failed earlier and ${status.failed.length === 1 ? "was" : "were"} not resolved`,
      fix: 'fix the database, delete the failed row from "_prisma_migrations" (or run `prisma migrate resolve`), then `atrium db migrate`',
    });
  }
  if (status.pending.length > 0) {
    checks.push({
      label,
      ok: false,
      required: false,
      detail: `${status.pending.length} pending: ${list(status.pending)}`,
      fix: "run `atrium db migrate` (Atrium also applies them when it starts)",
    });
  }
  if (status.modified.length > 0) {
    checks.push({
      label,
      ok: false,
      required: false,
      detail: `${list(status.modified)} changed after ${status.modified.length === 1 ? "it was" : "they were"} applied`,
      fix: "restore the original files in prisma/migrations; add a new migration instead of editing an applied one",
    });
  }
  if (status.unknown.length > 0) {
    checks.push({
      label,
      ok: false,
      required: false,
      detail: `the database has ${list(status.unknown)}, which this version of Atrium does not know`,
      fix: "run the Atrium version that applied them (a newer one?) against this database",
    });
  }
  if (checks.length === 0) {
    checks.push({ label, ok: true, required: true, detail: `up to date (${status.applied.length} applied)` });
  }
  return checks;
}

type Version = [number, number, number];

function parseVersion(text: string): Version | null {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : null;
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * Whether `version` satisfies an npm `engines` range made of `||`-separated groups of
 * comparators (>=, >, <=, <, =). Returns null for syntax this does not understand (^, ~, x).
 */
export function satisfiesRange(version: string, range: string): boolean | null {
  const v = parseVersion(version);
  if (!v) return null;
  let any = false;
  for (const group of range.split("||")) {
    let all = true;
    for (const comparator of group.trim().split(/\s+/).filter(Boolean)) {
      const m = /^(>=|<=|>|<|=)?\s*(v?\d+(?:\.\d+){0,2})$/.exec(comparator);
      const bound = m ? parseVersion(m[2]!) : null;
      if (!m || !bound) return null;
      const c = compare(v, bound);
      const ok = { ">=": c >= 0, "<=": c <= 0, ">": c > 0, "<": c < 0, "=": c === 0 }[m[1] ?? "="]!;
      all &&= ok;
    }
    any ||= all;
  }
  return any;
}

export function nodeCheck(version: string, range: string | undefined): CheckResult {
  const label = "node";
  if (!range) return { label, ok: true, required: true, detail: `${version} (package.json sets no engines range)` };
  const ok = satisfiesRange(version, range);
  if (ok === null) return { label, ok: true, required: true, detail: `${version} (cannot check the range "${range}")` };
  return ok
    ? { label, ok, required: true, detail: `${version} satisfies ${range}` }
    : { label, ok, required: true, detail: `${version} does not satisfy ${range}`, fix: `install a Node.js version in ${range} (e.g. Node 22 LTS)` };
}
