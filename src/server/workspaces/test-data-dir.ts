// For integration tests: a throw-away ATRIUM_DATA_DIR. `env()` is cached, so a test file swaps
// the module instead, from its vi.mock factory (which runs before any import, hence no ~ imports here):
//   vi.mock("~/env", async (importOriginal) => (await import("~/server/workspaces/test-data-dir")).withTempDataDir(await importOriginal()));
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type * as EnvModule from "~/env";

export function withTempDataDir(real: typeof EnvModule): typeof EnvModule {
  const dataDir = mkdtempSync(path.join(tmpdir(), "atrium-data-"));
  return { ...real, env: () => ({ ...real.env(), ATRIUM_DATA_DIR: dataDir, dataDir }) };
}
