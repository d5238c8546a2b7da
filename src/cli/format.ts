// Small pure formatters shared by commands, kept apart from them so tests need no database.
import type { MigrateResult } from "~/server/db/migrate";

export function formatMigrateResult(result: MigrateResult): { out: string[]; err: string[] } {
  const out = result.applied.map((name) => `applied ${name}`);
  const plural = (n: number) => `${n} migration${n === 1 ? "" : "s"}`;
  out.push(
    result.applied.length > 0
      ? `database is up to date (applied ${plural(result.applied.length)}, ${result.alreadyApplied.length} already applied)`
      : `database is up to date (${plural(result.alreadyApplied.length)} already applied)`,
  );
  const err = result.modified.map(
    (name) => `warning: migration ${name} changed after it was applied; restore the original file (prisma/migrations/${name}/migration.sql)`,
  );
  return { out, err };
}

export function defaultKeyName(now: Date): string {
  return `cli ${now.toISOString().slice(0, 10)}`;
}

/** A database URL without its credentials, for printing. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "(unparsable URL)";
  }
}
