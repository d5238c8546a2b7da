// `npm run bench`: every benchmark in sequence, each in its own process (so one's containers,
// servers and memory never colour the next), each also runnable alone:
//   npm run bench                          all of them
//   npm run bench -- --only files,api      some of them
//   npm run bench -- --only scale --max 20 one, with its own options passed through
// Every bench prints a table and one JSON line; this prints a list of what ran and exits non-zero
// when one failed.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const BENCHES = ["exec", "terminal", "api", "files", "scale", "snapshot", "watch", "policy", "collab"] as const;
const { values, tokens } = parseArgs({ options: { only: { type: "string" } }, strict: false, tokens: true });
const passThrough = tokens.filter((t) => !(t.kind === "option" && t.name === "only")).map((t) => (t.kind === "option" ? [t.rawName, ...(t.value !== undefined && !t.inlineValue ? [t.value] : [])] : t.kind === "positional" ? [t.value] : [])).flat();
const chosen = typeof values.only === "string" ? values.only.split(",").map((s) => s.trim()) : [...BENCHES];
const unknown = chosen.filter((c) => !(BENCHES as readonly string[]).includes(c));
if (unknown.length > 0) {
  console.error(`unknown bench ${unknown.join(", ")}; choose from ${BENCHES.join(", ")}`);
  process.exit(2);
}
const tsx = path.join(import.meta.dirname, "..", "node_modules", "tsx", "dist", "cli.mjs");
const results: string[] = [];
let failed = 0;
for (const name of chosen) {
  const file = path.join(import.meta.dirname, `${name}.bench.ts`);
  if (!existsSync(file)) {
    results.push(`${name}: not present, skipped`);
    continue;
  }
  console.log(`\n===== bench ${name} =====`);
  const t0 = performance.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [tsx, file, ...(chosen.length === 1 ? passThrough : [])], { stdio: "inherit" });
    child.once("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  if (code !== 0) failed++;
  results.push(`${name}: ${code === 0 ? "ok" : `FAILED (exit ${code})`} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
console.log(`\n${results.join("\n")}`);
process.exitCode = failed > 0 ? 1 : 0;
