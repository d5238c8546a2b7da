// `atrium db migrate`: applies pending migrations and says what it did. Boots read-only and runs
// migrate() itself, because bootCore's own migration step would leave nothing to report.
import { explainDatabaseError } from "~/server/boot";
import { migrate, type MigrateResult } from "~/server/db/migrate";
import { withCore } from "./core";
import { formatMigrateResult } from "./format";
import type { Io } from "./io";

export async function dbMigrate(io: Io): Promise<number> {
  return withCore(io, { readOnly: true }, async (core) => {
    let result: MigrateResult;
    try {
      result = await migrate(core.databaseUrl);
    } catch (error) {
      throw explainDatabaseError(error, core.databaseUrl, core.embedded !== null);
    }
    const { out, err } = formatMigrateResult(result);
    out.forEach((line) => io.out(line));
    err.forEach((line) => io.err(line));
    return 0;
  });
}
