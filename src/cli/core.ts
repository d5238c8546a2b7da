// Database access for CLI commands: the same bootCore() the server uses. When a running Atrium
// owns the embedded PostgreSQL, bootCore shares it instead of starting (or stopping) one.
import { bootCore, type Core } from "~/server/boot";
import type { Io } from "./io";

export interface OpenOptions {
  /** Neither migrate nor create the bootstrap admin (doctor, and db migrate, which migrates itself). */
  readOnly?: boolean;
  /** Write nothing at all (doctor): see BootOptions.lookOnly. */
  lookOnly?: boolean;
  /** Where bootCore's few lines go; stderr by default so stdout stays clean. */
  log?: (line: string) => void;
}

export function openCore(io: Io, options: OpenOptions = {}): Promise<Core> {
  return bootCore({ readOnly: options.readOnly, lookOnly: options.lookOnly, log: options.log ?? ((line: string) => io.err(`atrium: ${line}`)) });
}

/** Runs `fn` with the database ready and always releases it (stopping an embedded PostgreSQL we started). */
export async function withCore<T>(io: Io, options: OpenOptions, fn: (core: Core) => Promise<T>): Promise<T> {
  const core = await openCore(io, options);
  try {
    return await fn(core);
  } finally {
    await core.stop().catch((error: unknown) => io.err(`warning: could not shut down cleanly: ${error instanceof Error ? error.message : String(error)}`));
  }
}
