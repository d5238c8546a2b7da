// One way for the server benches to print: a table (median, p95, ratio of medians against the
// group's baseline measured in the same run) and one JSON line for machines.
import { cpus, totalmem } from "node:os";
import { machine, stats, table } from "../harness";

export interface Group {
  /** Heading of the group, e.g. "exec round trip of `true`". */
  title: string;
  /** The variant every other one is compared with. */
  baseline: string;
  /** ms per operation (lower is better) or a rate (higher is better). */
  unit: "ms" | "MB/s" | "ops/s";
  samples: Record<string, number[]>;
}

export function machineLine(): string {
  return `${machine()}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`;
}

export function printGroups(bench: string, groups: Group[], extra: Record<string, unknown> = {}): void {
  const date = new Date().toISOString();
  console.log(`\n${bench} bench ${date} (${machineLine()})`);
  const json: Record<string, unknown> = {};
  for (const g of groups) {
    const s = Object.fromEntries(Object.entries(g.samples).map(([k, v]) => [k, stats(v)]));
    const base = s[g.baseline];
    if (!base) throw new Error(`no samples for the baseline ${g.baseline}`);
    const rate = g.unit !== "ms";
    const rows = Object.entries(s).map(([name, st]) => [
      name,
      String(st.n),
      st.median.toFixed(st.median < 10 ? 2 : 1),
      // For rates the slow tail is the low end.
      (rate ? st.p5 : st.p95).toFixed(st.median < 10 ? 2 : 1),
      ...(g.unit === "ms" ? [(1000 / st.median).toFixed(0)] : []),
      (st.median / base.median).toFixed(2) + "x",
    ]);
    console.log(`\n${g.title}`);
    const head = g.unit === "ms" ? ["variant", "n", "median ms", "p95 ms", "ops/s", `vs ${g.baseline}`] : ["variant", "n", `median ${g.unit}`, `p95 ${g.unit} (slow tail)`, `vs ${g.baseline}`];
    console.log(table(head, rows));
    json[g.title] = Object.fromEntries(
      Object.entries(s).map(([k, v]) => [k, { median: +v.median.toFixed(3), [rate ? "p95SlowTail" : "p95"]: +(rate ? v.p5 : v.p95).toFixed(3), n: v.n, ratio: +(v.median / base.median).toFixed(3), unit: g.unit }]),
    );
  }
  console.log(JSON.stringify({ bench, date, cores: cpus().length, memGiB: +(totalmem() / 2 ** 30).toFixed(1), results: json, ...extra }));
}
