// Test trees made on disk by the test itself (as root) are handed to the sandbox uid, as a
// sandbox process or the confined file helper would have created them.
import { execFileSync } from "node:child_process";
import { sandboxIdentity } from "~/server/storage/confined-fs";

export function giveToSandbox(dir: string): void {
  if (process.getuid?.() !== 0) return;
  const { uid, gid } = sandboxIdentity();
  execFileSync("chown", ["-R", "-h", `${uid}:${gid}`, dir]);
}
