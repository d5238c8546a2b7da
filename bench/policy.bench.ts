// The command policy's checks on hostile 64 KiB commands (the largest exec accepts), against the
// expressions they replaced, measured in the same run: the fork-bomb backreference regex and the
// lazy-regex form of `*` globs, both of which backtrack quadratically. Every exec, execute-code and
// task submit runs these on the server's event loop. Not part of `npm test`.
//   npx tsx bench/policy.bench.ts [--rounds 5]
import { parseArgs } from "node:util";
import { evaluateCommand } from "~/server/sandbox/command-policy";
import { interleaved, machine, stats, table } from "./harness";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" } } });
const ROUNDS = Number(values.rounds);
const LONG_WORD = `echo ${"a".repeat(64 * 1024 - 8)}`;
const LONG_GAP = `curl ${"x".repeat(64 * 1024 - 8)}|`;

// The replaced forms, verbatim.
const OLD_FORK_BOMB = /([\w:.]+)\s*\(\)\s*\{\s*\1\s*\|\s*\1\s*&\s*\}/;
const oldGlob = (pattern: string) => new RegExp(pattern.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[^]*?"));

async function main(): Promise<void> {
  const samples = await interleaved(
    {
      "fork-bomb check, old regex": () => Promise.resolve(void OLD_FORK_BOMB.test(LONG_WORD)),
      "fork-bomb check, now (whole policy)": () => Promise.resolve(void evaluateCommand(LONG_WORD, null, { shell: true })),
      "glob x*y*z, old lazy regex": () => Promise.resolve(void oldGlob("x*y*z").test(LONG_GAP)),
      "glob x*y*z, now (whole policy)": () => Promise.resolve(void evaluateCommand(LONG_GAP, { blockedPatterns: ["x*y*z"] }, { shell: true })),
    },
    ROUNDS,
  );
  const rows = Object.entries(samples).map(([name, s]) => {
    const st = stats(s);
    return [name, st.median.toFixed(1), st.p95.toFixed(1), String(st.n)];
  });
  const median = (k: string) => stats(samples[k] ?? []).median;
  console.log(`command policy on 64 KiB commands · ${machine()}`);
  console.log(table(["variant", "median ms", "p95 ms", "n"], rows));
  const ratios = {
    forkBomb: median("fork-bomb check, old regex") / median("fork-bomb check, now (whole policy)"),
    glob: median("glob x*y*z, old lazy regex") / median("glob x*y*z, now (whole policy)"),
  };
  console.log(`old ÷ now: fork bomb ${ratios.forkBomb.toFixed(0)}×, glob ${ratios.glob.toFixed(0)}×`);
  console.log(JSON.stringify({ bench: "policy", rounds: ROUNDS, ratios }));
}

await main();
