// Compares two V8 heap snapshots by constructor: count and self size of every (type, name) pair, the
// biggest growths first. Enough to see which kind of object piles up between two moments.
//   npx tsx bench/support/heap-diff.ts before.heapsnapshot after.heapsnapshot [--top 40]
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

type Totals = Map<string, { count: number; bytes: number }>;

export function totalsOf(file: string): Totals {
  const snap = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const types = snap.snapshot.meta.node_types[0];
  const totals: Totals = new Map();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]!] ?? "?";
    // Strings and code are grouped by type alone: their "names" are their contents.
    const name = type === "object" || type === "closure" || type === "native" ? snap.strings[snap.nodes[i + nameAt]!]!.slice(0, 60) : "";
    const key = `${type}:${name}`;
    const t = totals.get(key) ?? { count: 0, bytes: 0 };
    t.count++;
    t.bytes += snap.nodes[i + sizeAt]!;
    totals.set(key, t);
  }
  return totals;
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "40" } } });
  const [beforeFile, afterFile] = positionals;
  if (!beforeFile || !afterFile) throw new Error("usage: heap-diff.ts before.heapsnapshot after.heapsnapshot");
  const before = totalsOf(beforeFile);
  const after = totalsOf(afterFile);
  const rows = [...after].map(([key, a]) => {
    const b = before.get(key) ?? { count: 0, bytes: 0 };
    return { key, count: a.count - b.count, bytes: a.bytes - b.bytes, total: a.bytes };
  });
  rows.sort((x, y) => y.bytes - x.bytes);
  const sum = (t: Totals) => [...t.values()].reduce((n, v) => n + v.bytes, 0);
  console.log(`self size: before ${(sum(before) / 2 ** 20).toFixed(1)} MB, after ${(sum(after) / 2 ** 20).toFixed(1)} MB`);
  console.log(["Δ KB", "Δ count", "after KB", "type:constructor"].join("\t"));
  for (const r of rows.slice(0, Number(values.top))) console.log([(r.bytes / 1024).toFixed(0), r.count, (r.total / 1024).toFixed(0), r.key].join("\t"));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) main();
