#!/usr/bin/env node
// Builds Atrium's sandbox images offline, from Debian packages only (no registry pulls):
//   atrium/test:busybox      busybox-static in a tiny rootfs: seconds to build, for integration tests
//   atrium/runtime:bookworm  debootstrap'd Debian with what a developer expects (python3 with pip and
//                            venv, node/npm, git, gcc/make, curl, ripgrep, jq, an editor...): what people use
// A dev/CI script, so it drives the `docker` CLI; server code talks to the Engine API instead.
// Usage: node scripts/build-images.mjs [--only test|runtime] [--force] [--mirror URL]
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { appendFile, chmod, chown, copyFile, link, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";

// The sandbox user Atrium runs containers as (ATRIUM_SANDBOX_UID/GID, default 2000000: not a host
// account). The images name it `atrium` so prompts, `whoami` and getpwuid() callers find a name.
const UID = Number(process.env.ATRIUM_SANDBOX_UID || 2_000_000);
const GID = Number(process.env.ATRIUM_SANDBOX_GID || UID);
const SUITE = "bookworm";
const BASE_PACKAGES = ["bash", "coreutils", "ca-certificates"];
// Batteries included: what a person or an agent reaches for first in a default dev image.
const TOOL_PACKAGES = [
  ...["python3", "python3-pip", "python3-venv", "python3-dev", "nodejs", "npm", "git"],
  ...["build-essential", "curl", "wget", "procps", "less", "vim-tiny", "nano", "openssh-client"],
  ...["jq", "zip", "unzip", "ripgrep", "file", "xz-utils", "bzip2", "locales"],
];
// Generated into the image; the sandbox's LANG (C.UTF-8, in glibc itself) and this one are UTF-8.
const LOCALE = "en_US.UTF-8";
const PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
// The same names the server reads from its configuration, so doctor and this script agree.
const IMAGES = {
  test: process.env.ATRIUM_TEST_IMAGE || "atrium/test:busybox",
  runtime: process.env.ATRIUM_RUNTIME_IMAGE || "atrium/runtime:bookworm",
};

const USAGE = `Usage: node scripts/build-images.mjs [--only test|runtime] [--force] [--mirror URL]

Builds ${IMAGES.test} (busybox-static) and ${IMAGES.runtime} (debootstrap ${SUITE}) without pulling from a registry.
  --only test|runtime  build just one image
  --force              rebuild an image that already exists
  --mirror URL         Debian mirror for debootstrap (default: the ${SUITE} mirror in /etc/apt)
Needs root (debootstrap, chown) and a running Docker Engine.`;

// The runtime image carries a hash of what goes into it as a label: an image built from another
// recipe (e.g. before pip and gcc were added) is rebuilt, not skipped as present, so CI and
// `npm run images` on an existing machine catch up. Bump RECIPE_REVISION when the steps change.
const RECIPE_REVISION = 3;
const RECIPE_LABEL = "atrium.recipe";
const RUNTIME_RECIPE = createHash("sha256")
  .update(JSON.stringify({ RECIPE_REVISION, SUITE, BASE_PACKAGES, TOOL_PACKAGES, LOCALE, UID, GID }))
  .digest("hex")
  .slice(0, 16);

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1).padStart(6)}s`;
const step = (message) => console.log(`[${elapsed()}] ${message}`);

class BuildError extends Error {}

function parseFlags() {
  let values;
  try {
    ({ values } = parseArgs({
      options: { only: { type: "string" }, force: { type: "boolean" }, mirror: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
    }));
  } catch (error) {
    throw new BuildError(`${error.message}\n\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.only !== undefined && !(values.only in IMAGES)) throw new BuildError(`--only: expected test or runtime (got "${values.only}")`);
  return values;
}

/** Runs a command to completion, capturing its output; never throws for a non-zero exit. */
function capture(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", ...options });
  if (result.error?.code === "ENOENT") return { status: 127, stdout: "", stderr: `${command}: command not found` };
  return { status: result.status ?? 1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

function requireDocker() {
  const v = capture("docker", ["version", "--format", "{{.Server.Version}}"]);
  if (v.status === 127) throw new BuildError("the docker CLI is not installed: apt-get install -y docker.io");
  if (v.status !== 0) {
    const why = v.stderr.trim().split("\n").pop() || "no answer";
    throw new BuildError(
      `Docker is not reachable (${why}).\n` +
        "Start the engine (`systemctl start docker`, or `dockerd > /tmp/dockerd.log 2>&1 &`), or set DOCKER_HOST to a running one.",
    );
  }
  return v.stdout.trim();
}

const imageExists = (name) => capture("docker", ["image", "inspect", name]).status === 0;
const imageLabel = (name, label) => capture("docker", ["image", "inspect", "--format", `{{index .Config.Labels "${label}"}}`, name]).stdout.trim();
const isRoot = () => process.getuid?.() === 0;

async function ensurePackage(pkg, why) {
  const status = capture("dpkg-query", ["-W", "-f=${Status}", pkg]);
  if (status.stdout.includes("install ok installed")) return;
  if (!isRoot()) throw new BuildError(`${why} needs the Debian package ${pkg}: sudo apt-get install -y ${pkg}`);
  step(`installing ${pkg} (apt-get)`);
  await run("apt-get", ["install", "-y", "--no-install-recommends", pkg], { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

/** Runs a command, handing each output line to onLine (default: keep quiet); rejects on failure with the last lines. */
function run(command, args, { onLine = () => undefined, env, stdin } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: [stdin ? "pipe" : "ignore", "pipe", "pipe"] });
    const tail = [];
    let buffered = "";
    const take = (chunk) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop();
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 30) tail.shift();
        onLine(line);
      }
    };
    child.stdout.setEncoding("utf8").on("data", take);
    child.stderr.setEncoding("utf8").on("data", take);
    child.on("error", (error) => reject(new BuildError(`${command}: ${error.message}`)));
    child.on("close", (code, signal) => {
      if (buffered) take("\n");
      if (code === 0) resolve();
      else reject(new BuildError(`${command} ${args[0] ?? ""} failed (${signal ?? `exit ${code}`}); its last lines:\n${tail.map((l) => `  | ${l}`).join("\n")}`));
    });
    if (stdin) stdin(child.stdin);
  });
}

/** `tar -C dir -c . | docker import … - name`, as a pipeline without a shell. */
function importRootfs(dir, name, changes) {
  return new Promise((resolve, reject) => {
    const tar = spawn("tar", ["-C", dir, "--numeric-owner", "--one-file-system", "--exclude=./proc/*", "--exclude=./sys/*", "--exclude=./dev/*", "-c", "."], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const imp = spawn("docker", ["import", ...changes.flatMap((c) => ["--change", c]), "-", name], { stdio: ["pipe", "pipe", "pipe"] });
    let errors = "";
    tar.stderr.setEncoding("utf8").on("data", (c) => (errors += c));
    imp.stderr.setEncoding("utf8").on("data", (c) => (errors += c));
    tar.stdout.pipe(imp.stdin);
    let tarCode;
    tar.on("close", (code) => (tarCode = code));
    imp.on("error", (error) => reject(new BuildError(`docker import: ${error.message}`)));
    imp.on("close", (code) => {
      if (code === 0 && tarCode === 0) resolve();
      else reject(new BuildError(`importing ${name} failed (tar exit ${tarCode}, docker import exit ${code}): ${errors.trim()}`));
    });
  });
}

async function smokeTest(name, command) {
  const r = capture("docker", ["run", "--rm", "--network", "none", name, ...command]);
  if (r.status !== 0) throw new BuildError(`${name} was imported but does not run ${command.join(" ")}: ${(r.stderr || r.stdout).trim()}`);
  return r.stdout.trim().split("\n").join(", ");
}

/** Mounts below dir (debootstrap binds /proc, /sys, /dev); deleting through one would reach the host. */
async function mountsUnder(dir) {
  const mounts = await readFile("/proc/self/mounts", "utf8").catch(() => "");
  return mounts
    .split("\n")
    .map((l) => l.split(" ")[1]?.replace(/\\040/g, " "))
    .filter((m) => m && (m === dir || m.startsWith(`${dir}/`)))
    .sort((a, b) => b.length - a.length);
}

async function removeRootfs(dir) {
  for (const m of await mountsUnder(dir)) capture("umount", ["-l", m]);
  const left = await mountsUnder(dir);
  if (left.length > 0) {
    console.error(`warning: left ${dir} in place: still mounted at ${left.join(", ")}`);
    return;
  }
  await rm(dir, { recursive: true, force: true });
}

async function writeUsers(root, shell, home) {
  await mkdir(path.join(root, "etc"), { recursive: true });
  const passwd = path.join(root, "etc", "passwd");
  const group = path.join(root, "etc", "group");
  const existing = existsSync(passwd) ? await readFile(passwd, "utf8") : "";
  if (!existing) {
    await writeFile(passwd, `root:x:0:0:root:/root:${shell}\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n`);
    await writeFile(group, "root:x:0:\nnogroup:x:65534:\n");
  }
  if (!/^atrium:/m.test(existing)) {
    await appendFile(passwd, `atrium:x:${UID}:${GID}:Atrium:${home}:${shell}\n`);
    await appendFile(group, `atrium:x:${GID}:\n`);
    const shadow = path.join(root, "etc", "shadow");
    if (existsSync(shadow)) await appendFile(shadow, "atrium:!:19000:0:99999:7:::\n");
  }
  for (const dir of [home, "/workspace"]) {
    const p = path.join(root, dir);
    await mkdir(p, { recursive: true });
    if (isRoot()) await chown(p, UID, GID);
    else await chmod(p, 0o777);
  }
  await mkdir(path.join(root, "tmp"), { recursive: true });
  await chmod(path.join(root, "tmp"), 0o1777);
}

async function buildTest(name) {
  await ensurePackage("busybox-static", "the test image");
  const busybox = capture("dpkg", ["-L", "busybox-static"]).stdout.split("\n").find((l) => /\/bin\/busybox$/.test(l)) ?? "/bin/busybox";
  const root = await mkdtemp(path.join(tmpdir(), "atrium-test-rootfs-"));
  try {
    step(`test image: rootfs in ${root} from ${busybox}`);
    await mkdir(path.join(root, "bin"), { recursive: true });
    await copyFile(busybox, path.join(root, "bin", "busybox"));
    await chmod(path.join(root, "bin", "busybox"), 0o755);
    // `busybox --install -s` would point every link at the host's own path (/usr/bin/busybox on
    // usr-merged hosts); --list-full gives each applet's canonical path, linked to /bin/busybox here.
    const applets = capture(busybox, ["--list-full"]).stdout.split("\n").filter((l) => l && l !== "bin/busybox");
    for (const applet of applets) {
      await mkdir(path.join(root, path.dirname(applet)), { recursive: true });
      await symlink("/bin/busybox", path.join(root, applet)).catch((error) => {
        if (error.code !== "EEXIST") throw error;
      });
    }
    for (const dir of ["root", "etc", "proc", "sys", "dev"]) await mkdir(path.join(root, dir), { recursive: true });
    await writeUsers(root, "/bin/sh", "/home/atrium");
    step(`test image: ${applets.length} applets linked; importing ${name}`);
    await importRootfs(root, name, ["USER atrium", "WORKDIR /workspace", `ENV ${PATH_ENV}`, 'CMD ["sh"]']);
  } finally {
    await removeRootfs(root);
  }
  step(`test image: ${name} runs: ${await smokeTest(name, ["sh", "-c", "id; pwd"])}`);
}

/** The Debian mirror apt already uses: deb822 `.sources` files and one-line `.list` files. */
async function findMirror() {
  const files = ["/etc/apt/sources.list"];
  const dir = "/etc/apt/sources.list.d";
  if (existsSync(dir)) files.push(...(await readdir(dir)).filter((f) => /\.(list|sources)$/.test(f)).map((f) => path.join(dir, f)));
  const entries = [];
  for (const file of files) {
    const text = await readFile(file, "utf8").catch(() => "");
    if (file.endsWith(".sources")) {
      for (const stanza of text.split(/\n\s*\n/)) {
        const field = (name) => new RegExp(`^${name}:\\s*(.+)$`, "im").exec(stanza)?.[1].trim().split(/\s+/) ?? [];
        if (!field("Types").includes("deb") || field("Enabled")[0]?.toLowerCase() === "no") continue;
        for (const uri of field("URIs")) entries.push({ uri, suites: field("Suites") });
      }
    } else {
      for (const line of text.split("\n")) {
        const m = /^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
        if (m) entries.push({ uri: m[1], suites: [m[2]] });
      }
    }
  }
  const debian = (e) => /\/debian\/?$/.test(e.uri);
  const pick = entries.find((e) => debian(e) && e.suites.includes(SUITE)) ?? entries.find(debian);
  return pick?.uri.replace(/\/$/, "");
}

/**
 * debootstrap and apt print a line per package and step; show the steps, a count per phase and a
 * heartbeat instead. `classify` maps a line to a phase (`count`: whether it is one more package),
 * to a line worth showing as is, or to nothing.
 */
function condensed(prefix, classify) {
  let phase = null;
  let count = 0;
  let lastBeat = performance.now();
  const flush = () => {
    if (phase && count > 0) step(`${prefix}: ${phase} ${count} packages`);
    phase = null;
    count = 0;
  };
  return {
    onLine(line) {
      const c = classify(line);
      if (!c) return;
      if (c.show) {
        flush();
        lastBeat = performance.now();
        step(`${prefix}: ${c.show}`);
        return;
      }
      if (c.phase !== phase) {
        flush();
        phase = c.phase;
        lastBeat = performance.now();
      }
      if (c.count) count++;
      if (performance.now() - lastBeat > 10_000) {
        lastBeat = performance.now();
        step(`${prefix}: ${phase}… ${count} packages so far (${c.item})`);
      }
    },
    flush,
  };
}

const DEBOOTSTRAP_PHASES = { Retrieving: "downloaded", Validating: "downloaded", Extracting: "extracted", Unpacking: "unpacked", Configuring: "configured" };

function classifyDebootstrap(line) {
  const pkg = /^I: (Retrieving|Validating|Extracting|Unpacking|Configuring) ([a-z0-9][a-z0-9+.-]*?)(?::[a-z0-9]+)?(?:\.\.\.| [0-9]\S*)?$/.exec(line);
  if (pkg) return { phase: DEBOOTSTRAP_PHASES[pkg[1]], count: pkg[1] !== "Validating", item: pkg[2] };
  if (line.startsWith("I: ")) return { show: line.slice(3).trim() };
  return /^[WE]: /.test(line) ? { show: line } : null;
}

function classifyApt(line) {
  const get = /^Get:\d+ \S+ \S+ \S+ \S+ (\S+)/.exec(line);
  if (get) return { phase: "downloaded", count: true, item: get[1] };
  const dpkg = /^(Unpacking|Setting up) (\S+) /.exec(line);
  if (dpkg) return { phase: dpkg[1] === "Unpacking" ? "unpacked" : "configured", count: true, item: dpkg[2] };
  return /^(E|W): /.test(line) ? { show: line } : null;
}

/** Hard-links (or copies) the .deb files of one directory into another, skipping those it has. */
async function shareDebs(from, to) {
  const have = new Set(await readdir(to).catch(() => []));
  for (const file of await readdir(from).catch(() => [])) {
    if (!file.endsWith(".deb") || have.has(file)) continue;
    await link(path.join(from, file), path.join(to, file)).catch(() => copyFile(path.join(from, file), path.join(to, file)));
  }
}

async function buildRuntime(name, mirrorFlag) {
  if (!isRoot()) throw new BuildError("the runtime image needs root (debootstrap creates device files and chroots): run with sudo");
  await ensurePackage("debootstrap", "the runtime image");
  const mirror = mirrorFlag ?? (await findMirror());
  if (!mirror) throw new BuildError(`no Debian mirror found in /etc/apt; pass --mirror http://deb.debian.org/debian`);
  const root = await mkdtemp(path.join(tmpdir(), "atrium-runtime-rootfs-"));
  // Kept between runs so --force rebuilds do not download every package again.
  const cache = path.join(tmpdir(), "atrium-debootstrap-cache");
  await mkdir(cache, { recursive: true });
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: "noninteractive", LC_ALL: "C" };
  try {
    step(`runtime image: debootstrap ${SUITE} (minbase) from ${mirror} into ${root}`);
    const boot = condensed("runtime image: debootstrap", classifyDebootstrap);
    try {
      await run("debootstrap", ["--variant=minbase", `--include=${BASE_PACKAGES.join(",")}`, `--cache-dir=${cache}`, SUITE, root, mirror], {
        onLine: boot.onLine,
        env: aptEnv,
      });
    } catch (error) {
      const log = await readFile(path.join(root, "debootstrap", "debootstrap.log"), "utf8").catch(() => "");
      throw new BuildError(`${error.message}${log ? `\ndebootstrap.log ends with:\n${log.trim().split("\n").slice(-15).map((l) => `  | ${l}`).join("\n")}` : ""}`);
    }
    boot.flush();
    // debootstrap's own resolver cannot install npm (it misses dependencies that Debian satisfies
    // through Provides), so the tools come from apt inside the new system, with real resolution.
    step(`runtime image: apt-get install ${TOOL_PACKAGES.join(" ")} (in the new system)`);
    const archives = path.join(root, "var", "cache", "apt", "archives");
    await shareDebs(cache, archives);
    const apt = condensed("runtime image: apt", classifyApt);
    // No /dev/pts or _apt sandbox user inside a bare chroot: tell apt instead of letting it complain.
    const quiet = ["-o", "Dpkg::Use-Pty=0", "-o", "APT::Sandbox::User=root"];
    await run("chroot", [root, "apt-get", "install", "-y", "--no-install-recommends", ...quiet, ...TOOL_PACKAGES], { onLine: apt.onLine, env: aptEnv });
    apt.flush();
    await shareDebs(archives, cache);

    step(`runtime image: generating the ${LOCALE} locale; clearing setuid/setgid bits`);
    await writeFile(path.join(root, "etc", "locale.gen"), `${LOCALE} UTF-8\n`);
    await run("chroot", [root, "/usr/sbin/locale-gen"], { env: aptEnv });
    await writeFile(path.join(root, "etc", "default", "locale"), "LANG=C.UTF-8\n");
    // Sandboxes run as an unprivileged uid with every capability dropped; a setuid-root program
    // (su, mount, passwd, ssh-keysign...) is still a door worth closing, so none keeps the bit.
    await run("find", [root, "-xdev", "-type", "f", "-perm", "/6000", "-exec", "chmod", "ug-s", "{}", "+"]);
    // Manuals and docs are most of a Debian system's small files and nobody reads them here; each
    // package's copyright file stays (its licence notice).
    for (const dir of ["usr/share/man", "usr/share/info"]) {
      await rm(path.join(root, dir), { recursive: true, force: true });
      await mkdir(path.join(root, dir), { recursive: true });
    }
    await run("find", [path.join(root, "usr/share/doc"), "-mindepth", "2", "!", "-name", "copyright", "!", "-type", "d", "-delete"]);

    step(`runtime image: adding user atrium (uid ${UID}) and /workspace; trimming apt caches`);
    await writeUsers(root, "/bin/bash", "/home/atrium");
    for (const dir of ["var/cache/apt/archives", "var/lib/apt/lists"]) {
      for (const entry of await readdir(path.join(root, dir)).catch(() => [])) {
        if (entry !== "partial" && entry !== "lock") await rm(path.join(root, dir, entry), { recursive: true, force: true });
      }
    }
    // Docker provides these per container; the builder's copies do not belong in the image.
    await rm(path.join(root, "etc", "resolv.conf"), { force: true });
    step(`runtime image: importing ${name}`);
    await importRootfs(root, name, ["USER atrium", "WORKDIR /workspace", `ENV ${PATH_ENV}`, "ENV LANG=C.UTF-8", `LABEL ${RECIPE_LABEL}=${RUNTIME_RECIPE}`, 'CMD ["bash"]']);
  } finally {
    await removeRootfs(root);
  }
  const versions = await smokeTest(name, [
    "bash",
    "-c",
    "id -un; node --version; echo npm $(npm --version); python3 --version; pip3 --version | cut -d' ' -f1,2; gcc --version | head -n1; git --version; rg --version | head -n1",
  ]);
  step(`runtime image: ${name} runs: ${versions}`);
}

async function main() {
  const flags = parseFlags();
  const engine = requireDocker();
  step(`Docker Engine ${engine}`);
  const wanted = flags.only ? [flags.only] : ["test", "runtime"];
  const summary = [];
  for (const kind of wanted) {
    const name = IMAGES[kind];
    if (!flags.force && imageExists(name)) {
      const recipe = kind === "runtime" ? imageLabel(name, RECIPE_LABEL) : null;
      if (recipe === null || recipe === RUNTIME_RECIPE) {
        step(`${kind} image: ${name} exists, skipped (--force rebuilds it)`);
        summary.push(`${name}: skipped (exists)`);
        continue;
      }
      step(`${kind} image: ${name} was built from another recipe (${recipe || "none"}, now ${RUNTIME_RECIPE}): rebuilding it`);
    }
    const t0 = performance.now();
    if (kind === "test") await buildTest(name);
    else await buildRuntime(name, flags.mirror);
    const size = capture("docker", ["image", "inspect", "--format", "{{.Size}}", name]).stdout.trim();
    summary.push(`${name}: built in ${((performance.now() - t0) / 1000).toFixed(1)}s (${Math.round(Number(size) / 1e6)} MB)`);
  }
  step(`done: ${summary.join("; ")}`);
}

main().catch((error) => {
  console.error(`error: ${error instanceof BuildError ? error.message : (error?.stack ?? String(error))}`);
  process.exit(1);
});
