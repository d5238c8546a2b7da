// Facts decided at boot (which database, which secret) that every module graph in this process
// must agree on. server.ts, the CLI and the tests set them once; Next's bundle reads them.
import pkg from "../../package.json" with { type: "json" };
import { env } from "~/env";

export interface Runtime {
  databaseUrl: string;
  authSecret: string;
  version: string;
  /** Labels this installation's containers (ATRIUM_INSTANCE_ID, or one generated into the data dir). */
  instanceId?: string;
  /** Present when Atrium started its own PostgreSQL. */
  embeddedDatabase?: { port: number; dataDir: string };
  /** Migrations this code ships (read at boot): the ready probe checks they are all applied. */
  migrations?: readonly string[];
}

const KEY = Symbol.for("atrium.runtime");
type Holder = { [KEY]?: Runtime };

export function setRuntime(value: Runtime): void {
  (globalThis as Holder)[KEY] = value;
}

/** The runtime if this process booted (or fell back) already; never throws. */
export function bootedRuntime(): Runtime | undefined {
  return (globalThis as Holder)[KEY];
}

export function runtime(): Runtime {
  const value = (globalThis as Holder)[KEY];
  if (value) return value;
  // A process that did not boot through server.ts (e.g. `next dev` alone) can still run when
  // DATABASE_URL and ATRIUM_AUTH_SECRET are configured explicitly.
  const e = env();
  if (!e.DATABASE_URL || !e.ATRIUM_AUTH_SECRET) {
    throw new Error("Atrium was not booted: start it with `npm start` (server.ts), or set DATABASE_URL and ATRIUM_AUTH_SECRET.");
  }
  const fallback: Runtime = { databaseUrl: e.DATABASE_URL, authSecret: e.ATRIUM_AUTH_SECRET, version: appVersion() };
  setRuntime(fallback);
  return fallback;
}

export function appVersion(): string {
  return pkg.version;
}
