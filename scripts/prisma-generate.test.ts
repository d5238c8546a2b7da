// postinstall's `prisma generate` leaves an up-to-date client alone: npm runs the install scripts
// again whenever anything installs the checkout (`npm install`, `npx atrium`), and rewritten files
// in src/generated would make the next `npm start` rebuild the app for a minute.
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const GENERATED = path.join(ROOT, "src", "generated", "prisma");

function state(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .map((e) => path.join(e.parentPath, e.name))
    .sort()
    .map((p) => `${path.relative(dir, p)} ${statSync(p).size} ${statSync(p).mtimeMs}`);
}

const generate = () => execFileSync(process.execPath, [path.join(ROOT, "scripts", "prisma-generate.mjs")], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

describe("scripts/prisma-generate.mjs", () => {
  it("generates once, then skips while the schema and Prisma are unchanged", () => {
    generate(); // whatever the tree's state: afterwards the client is current
    const before = state(GENERATED);
    expect(generate()).toMatch(/is up to date/);
    expect(state(GENERATED)).toEqual(before);
  }, 120_000);
});
