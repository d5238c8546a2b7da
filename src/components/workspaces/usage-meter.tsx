// Disk use against the quota: a small bar for the eye and "12 KiB of 5 GiB" for everyone.
import { formatBytes } from "~/lib/format";
import { usageRatio } from "./format";

export function UsageMeter({ usage, quota }: { usage: bigint; quota: bigint }) {
  const ratio = usageRatio(usage, quota);
  const level = ratio >= 0.9 ? "danger" : ratio >= 0.75 ? "warning" : "normal";
  return (
    <div className="usage" data-level={level} data-testid="usage-meter">
      <span className="usage-text">
        {formatBytes(usage)} <span className="cell-muted">of {formatBytes(quota)}</span>
      </span>
      <span className="usage-bar" aria-hidden="true">
        {/* At least a sliver, so a tiny workspace still shows that it holds something. */}
        <span className="usage-fill" style={{ width: `${usage > 0n ? Math.max(ratio * 100, 2) : 0}%` }} />
      </span>
    </div>
  );
}
