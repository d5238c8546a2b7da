// What a person choosing how to start a session needs to know: the presets with this instance's
// numbers (operators may change them), the workspace's default, and how long idling may last.
import { db } from "~/server/db/client";
import { PRESET_NAMES, type PresetName, type SandboxLimits } from "./presets";
import { driverFor, sandboxSettings } from "./service";

export interface SandboxOptions {
  presets: { name: PresetName; limits: SandboxLimits }[];
  defaultPreset: string;
  /** Sessions nobody touches for this long are stopped (ATRIUM_SESSION_IDLE_MS). */
  idleMs: number;
  /** False for the local driver: commands run unconfined on the server. */
  isolated: boolean;
}

export async function sandboxOptions(workspaceId: string): Promise<SandboxOptions> {
  const settings = sandboxSettings();
  const ws = await db().workspace.findUnique({ where: { id: workspaceId }, select: { defaultPreset: true } });
  return {
    presets: PRESET_NAMES.map((name) => ({ name, limits: { ...settings.presets[name] } })),
    defaultPreset: ws?.defaultPreset ?? "default",
    idleMs: settings.idleMs,
    isolated: driverFor().isolated,
  };
}
