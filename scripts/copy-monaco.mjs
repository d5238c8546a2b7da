// Copies Monaco's prebuilt AMD bundle (node_modules/monaco-editor/min/vs) to public/monaco/vs so
// the editor loads from Atrium itself, never from a CDN (self-hosted instances are often offline).
// Runs from postinstall and before every start; a stamp with the version makes repeat runs free
// and leaves the files' times alone (scripts/start.mjs stamps public/ to decide on rebuilds).
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const source = path.join(root, "node_modules", "monaco-editor", "min", "vs");
const targetDir = path.join(root, "public", "monaco");
const target = path.join(targetDir, "vs");
const stampFile = path.join(targetDir, ".version");

export function copyMonaco() {
  if (!existsSync(source)) {
    console.warn("[atrium] monaco-editor is not installed; the code editor will not load. Run npm install.");
    return false;
  }
  const version = JSON.parse(readFileSync(path.join(root, "node_modules", "monaco-editor", "package.json"), "utf8")).version;
  if (existsSync(stampFile) && existsSync(path.join(target, "loader.js")) && readFileSync(stampFile, "utf8") === version) return false;
  rmSync(targetDir, { recursive: true, force: true });
  cpSync(source, target, { recursive: true, preserveTimestamps: true });
  writeFileSync(stampFile, version);
  console.log(`[atrium] copied Monaco ${version} to public/monaco/vs`);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) copyMonaco();
