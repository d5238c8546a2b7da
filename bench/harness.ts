// What the benches share: percentile stats, rotating interleaved rounds (so machine noise hits
// every variant alike) and a plain-text table. Not part of `npm test`.
import { cpus } from "node:os";

/** One run of a variant: resolves to its own samples (e.g. per-keystroke latencies), or to nothing to be timed whole, in ms. */
export type Variant = () => Promise<void | number[]>;

export interface Stats {
  median: number;
  p95: number;
  p99: number;
  /** The low tail: 95% of samples are at least this (for "higher is better" samples such as MB/s). */
  p5: number;
  n: number;
}

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  return { median: at(0.5), p95: at(0.95), p99: at(0.99), p5: at(0.05), n: s.length };
}

export async function time(fn: Variant): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Runs every variant once per round, in a rotating order, after one untimed warm-up round. */
export async function interleaved(variants: Record<string, Variant>, rounds: number): Promise<Record<string, number[]>> {
  const names = Object.keys(variants);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) await variants[n]!();
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length]!;
      const t0 = performance.now();
      const own = await variants[name]!();
      const elapsed = performance.now() - t0;
      samples[name]!.push(...(own ?? [elapsed]));
    }
  }
  return samples;
}

/** Left-aligned first column, right-aligned numbers. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [head, ...rows].map(line).join("\n");
}

export function machine(): string {
  return `${cpus().length} cores, ${cpus()[0]?.model ?? "?"}`;
}
