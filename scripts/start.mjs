// `npm start`: build the app when there is no build (or the sources changed since), then run
// server.ts in production mode in this same process, so signals reach it directly.
// `--build-only` (`npm run build`) stops after the build.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const buildDir = path.join(root, process.env.ATRIUM_NEXT_DIST_DIR || ".next");
const stampFile = path.join(buildDir, "atrium-source-stamp");

/** A stamp of everything that goes into the build: paths, sizes and modification times. */
function sourceStamp() {
  const hash = createHash("sha256");
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else {
        const s = statSync(p);
        hash.update(`${p}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  for (const dir of ["src", "public"]) walk(path.join(root, dir));
  for (const file of ["next.config.mjs", "package.json", "package-lock.json", "tsconfig.json"]) {
    const p = path.join(root, file);
    if (existsSync(p)) hash.update(`${file}\0${statSync(p).mtimeMs}\n`);
  }
  return hash.digest("hex");
}

// The editor loads Monaco from public/monaco (no CDN); copied before the stamp so it counts once.
(await import("./copy-monaco.mjs")).copyMonaco();
const stamp = sourceStamp();
const built = existsSync(path.join(buildDir, "BUILD_ID")) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp;
if (!built) {
  console.log("[atrium] building the web app (first start or sources changed; this takes a minute or two)…");
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const result = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) {
    console.error("[atrium] the build failed; see the messages above.");
    process.exit(result.status ?? 1);
  }
  writeFileSync(stampFile, stamp);
}

// The confined file helper (and the exec agent): compiled once, in well under a second.
{
  const helpers = spawnSync(process.execPath, [path.join(root, "scripts", "build-agent.mjs")], { stdio: "inherit", cwd: root });
  if (helpers.status !== 0) {
    console.error("[atrium] the confined file helper could not be built (it needs gcc and libc6-dev); see the message above.");
    process.exit(helpers.status ?? 1);
  }
}

if (process.argv.includes("--build-only")) process.exit(0);

process.env.NODE_ENV = "production";
process.env.NEXT_TELEMETRY_DISABLED = "1";
const { register } = await import("tsx/esm/api");
register({ tsconfig: path.join(root, "tsconfig.json") });
await import("../server.ts");
