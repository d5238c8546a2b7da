// The one way Atrium writes sizes and durations for people, on the server (error messages) and in
// the browser (meters, panels, toasts). Pure: no imports, safe on both sides.

const KiB = 1024;
const UNITS = ["KiB", "MiB", "GiB", "TiB", "PiB"] as const;

/**
 * "0 bytes", "1 byte", "1000 bytes", "1.5 KiB", "12 KiB", "300 MiB": binary steps, so binary
 * (IEC) unit names; one decimal below 10 and only when it is not .0, so short figures stay exact.
 * Takes bigint too (superjson brings quotas and snapshot sizes as bigint); negative or non-finite
 * input is shown as 0 rather than as nonsense.
 */
export function formatBytes(value: number | bigint): string {
  let n = typeof value === "bigint" ? Number(value) : value;
  if (!Number.isFinite(n) || n < 0) n = 0;
  if (n < KiB) {
    const whole = Math.round(n);
    return `${whole} ${whole === 1 ? "byte" : "bytes"}`;
  }
  let scaled = n / KiB;
  let unit = 0;
  while (scaled >= KiB && unit < UNITS.length - 1) {
    scaled /= KiB;
    unit++;
  }
  const tenths = Math.round(scaled * 10) / 10;
  const text = tenths < 10 && !Number.isInteger(tenths) ? tenths.toFixed(1) : String(Math.round(scaled));
  return `${text} ${UNITS[unit]}`;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/**
 * "420 ms", "2.5 s", "42 s", "5 min 03 s", "2 h 07 min": task run times and countdowns alike.
 * Values are cut down (never rounded up), so a countdown never promises more time than is left,
 * and the padded minor unit keeps a ticking label from jumping in width.
 */
export function formatDuration(ms: number): string {
  const value = Number.isFinite(ms) ? Math.max(0, ms) : 0;
  if (value < 1000) return `${Math.floor(value)} ms`;
  if (value < 10_000) return `${(Math.floor(value / 100) / 10).toFixed(1).replace(/\.0$/, "")} s`;
  const total = Math.floor(value / 1000);
  if (total < 60) return `${total} s`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  if (h > 0) return `${h} h ${pad2(m)} min`;
  return `${m} min ${pad2(total % 60)} s`;
}
