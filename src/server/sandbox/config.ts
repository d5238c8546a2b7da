// Sandbox settings in one place. Values arrive as arguments (env wiring lives in src/env.ts,
// owned elsewhere); every field has a default so tests and tools can call `sandboxConfig()`.
import path from "node:path";
import { type PresetChanges, presetTable, type PresetTable } from "./presets";
import { type MaskLimits, WALK_LIMITS } from "./workspace-prep";

export type DriverName = "docker" | "local";

export interface SandboxConfig {
  /** `docker` unless an operator opts in to `local`, which does not isolate. */
  driver: DriverName;
  /** Sessions untouched for this long are stopped by `stopIdleSessions`. */
  idleMs: number;
  /** The image a session uses when neither the workspace nor the request names one. */
  runtimeImage: string;
  /** Images a session may ask for; the runtime image is always allowed. */
  allowedImages: readonly string[];
  /** Root of Atrium's data; ephemeral sessions get `sandbox-scratch/<session id>` beneath it. */
  dataDir: string;
  /** Size of the writable /tmp inside a container. */
  tmpSizeBytes: number;
  /** Size of the writable home directory inside a container. */
  homeSizeBytes: number;
  /** Per-stream output cap for `exec` (stdout and stderr each). */
  maxOutputBytes: number;
  /** Timeout for `exec` when the caller gives none, and the most a caller may ask for. */
  defaultTimeoutMs: number;
  maxTimeoutMs: number;
  /**
   * Names this Atrium installation on a shared Docker host: containers carry it as `atrium.instance`
   * and reconciliation only touches its own, so two installations (or parallel test runs) never
   * remove each other's sandboxes.
   */
  instanceId: string;
  /**
   * The sandbox user (ATRIUM_SANDBOX_UID:GID, default 2000000:2000000): what containers run as when
   * the workspace root belongs to root, the owner of new workspace roots and scratch folders. Not a
   * host account (above the usual subordinate-id ranges), below the 2097151 ustar id limit.
   */
  fallbackUser: { uid: number; gid: number };
  /** Bounds of the masking walk; a tree past them refuses sessions (masking fails closed). */
  maskLimits: MaskLimits;
  /** The network `default`-preset sandboxes join (see network.ts); `strict` has none. */
  network: SandboxNetworkConfig;
  /** The presets' limits after the operator's changes (ATRIUM_SANDBOX_PRESETS). */
  presets: PresetTable;
}

export type FirewallMode = "auto" | "off" | "required";

export interface SandboxNetworkConfig {
  /** Docker network name, shared by every Atrium on the Docker host (inter-container traffic off). */
  name: string;
  /** Its Linux bridge; the firewall rules match this interface, so they hold whatever subnet Docker picks. */
  bridge: string;
  /** `auto`: install the rules, warn when that fails; `off`: do not; `required`: refuse networked sessions without them. */
  firewall: FirewallMode;
  /** Private destinations (CIDRs) sandboxes may still reach, e.g. a package mirror on the LAN. */
  allow: readonly string[];
}

export const DEFAULT_SANDBOX_UID = 2_000_000;

export interface SandboxConfigInput {
  driver?: string;
  idleMs?: number;
  runtimeImage?: string;
  allowedImages?: readonly string[];
  dataDir?: string;
  tmpSizeBytes?: number;
  homeSizeBytes?: number;
  maxOutputBytes?: number;
  defaultTimeoutMs?: number;
  maxTimeoutMs?: number;
  instanceId?: string;
  presets?: PresetChanges;
  sandboxUid?: number;
  sandboxGid?: number;
  maskLimits?: Partial<MaskLimits>;
  network?: Partial<SandboxNetworkConfig>;
}

export function sandboxConfig(input: SandboxConfigInput = {}): SandboxConfig {
  const driver = input.driver ?? "docker";
  if (driver !== "docker" && driver !== "local") {
    throw new Error(`ATRIUM_SANDBOX_DRIVER must be "docker" or "local" (got "${driver}").`);
  }
  const runtimeImage = input.runtimeImage ?? "atrium/runtime:bookworm";
  return {
    driver,
    idleMs: input.idleMs ?? 30 * 60_000,
    runtimeImage,
    allowedImages: [...new Set([runtimeImage, ...(input.allowedImages ?? [])])],
    // turbopackIgnore: a directory of data, not something the build should trace into the bundle.
    dataDir: path.resolve(/*turbopackIgnore: true*/ input.dataDir ?? "./.atrium"),
    tmpSizeBytes: input.tmpSizeBytes ?? 512 * 1024 * 1024,
    homeSizeBytes: input.homeSizeBytes ?? 256 * 1024 * 1024,
    maxOutputBytes: input.maxOutputBytes ?? 1024 * 1024,
    defaultTimeoutMs: input.defaultTimeoutMs ?? 60_000,
    maxTimeoutMs: input.maxTimeoutMs ?? 30 * 60_000,
    instanceId: input.instanceId ?? "default",
    fallbackUser: { uid: input.sandboxUid ?? DEFAULT_SANDBOX_UID, gid: input.sandboxGid ?? DEFAULT_SANDBOX_UID },
    maskLimits: { ...WALK_LIMITS, ...input.maskLimits },
    network: { name: "atrium-sandbox", bridge: "atrium0", firewall: "auto", allow: [], ...input.network },
    presets: presetTable(input.presets),
  };
}

export function scratchDirFor(config: SandboxConfig, sessionId: string): string {
  return path.join(config.dataDir, "sandbox-scratch", sessionId);
}
