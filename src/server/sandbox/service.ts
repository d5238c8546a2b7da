// The sandbox service's process-wide state: its configuration and one driver per kind. Rebuildable
// at any time from Postgres and container labels (see reconcile.ts); nothing here must survive a restart.
import { env } from "~/env";
import { AppError } from "~/server/errors";
import { bootedRuntime } from "~/server/runtime";
import { type DriverName, type SandboxConfig, sandboxConfig } from "./config";
import { DockerDriver } from "./docker-driver";
import type { SandboxDriver } from "./driver";
import { LocalDriver } from "./local-driver";

interface SandboxService {
  config: SandboxConfig;
  drivers: Partial<Record<DriverName, SandboxDriver>>;
}

const KEY = Symbol.for("atrium.sandbox");
type Holder = { [KEY]?: SandboxService };

/** Replaces the configuration (and optionally the drivers, for tests). Call before serving requests. */
export function configureSandbox(config: SandboxConfig, drivers: Partial<Record<DriverName, SandboxDriver>> = {}): void {
  (globalThis as Holder)[KEY] = { config, drivers };
}

export function sandboxConfigFromEnv(): SandboxConfig {
  const e = env();
  return sandboxConfig({
    driver: e.ATRIUM_SANDBOX_DRIVER,
    idleMs: e.ATRIUM_SESSION_IDLE_MS,
    runtimeImage: e.ATRIUM_RUNTIME_IMAGE,
    allowedImages: e.ATRIUM_SANDBOX_IMAGES,
    dataDir: e.dataDir,
    instanceId: e.ATRIUM_INSTANCE_ID ?? bootedRuntime()?.instanceId,
    maxOutputBytes: e.ATRIUM_EXEC_MAX_OUTPUT_BYTES,
    maxTimeoutMs: e.ATRIUM_EXEC_MAX_TIMEOUT_MS,
    presets: e.ATRIUM_SANDBOX_PRESETS,
    sandboxUid: e.ATRIUM_SANDBOX_UID,
    sandboxGid: e.ATRIUM_SANDBOX_GID,
    maskLimits: { masks: e.ATRIUM_SANDBOX_MAX_MASKS, entries: e.ATRIUM_SANDBOX_MASK_WALK_ENTRIES },
    network: { firewall: e.ATRIUM_SANDBOX_FIREWALL, allow: e.ATRIUM_SANDBOX_NETWORK_ALLOW },
  });
}

function service(): SandboxService {
  const holder = globalThis as Holder;
  holder[KEY] ??= { config: sandboxConfigFromEnv(), drivers: {} };
  return holder[KEY];
}

export function sandboxSettings(): SandboxConfig {
  return service().config;
}

/** The driver for `name` (default: the configured one). */
export function driverFor(name: string = service().config.driver): SandboxDriver {
  const s = service();
  if (name !== "docker" && name !== "local") {
    throw new AppError("INTERNAL", { message: `Unknown sandbox driver "${name}" on a session row.`, reason: "unknown_driver" });
  }
  s.drivers[name] ??= name === "docker" ? new DockerDriver(s.config) : new LocalDriver();
  return s.drivers[name];
}
