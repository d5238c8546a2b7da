// The runtime image (scripts/build-images.mjs) is batteries included: a sandbox session on it, as
// Atrium starts one (exec agent, sandbox uid, read-only root, no capabilities), can make a Python
// venv with pip, compile and run C, and finds the everyday tools, a UTF-8 locale and no setuid bits.
import { mkdtempSync } from "node:fs";
import { chown, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "~/env";
import { docker } from "~/server/docker/client";
import { AGENT_LABEL } from "./agent-client";
import { buildAgent } from "./agent-build";
import { sandboxConfig } from "./config";
import { DockerDriver } from "./docker-driver";
import type { ExecResult, SandboxHandle } from "./driver";
import { resolveLimits } from "./presets";
import { requireDocker } from "./test-docker";
import { checkAgentInImage } from "~/cli/doctor-agent";

const IMAGE = env().ATRIUM_RUNTIME_IMAGE;
const hasDocker = await requireDocker([IMAGE]);
const MiB = 1024 * 1024;

describe.skipIf(!hasDocker)(`runtime image ${IMAGE}`, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "atrium-runtime-data-"));
  const workspace = mkdtempSync(path.join(tmpdir(), "atrium-runtime-ws-"));
  const config = sandboxConfig({ tmpSizeBytes: 256 * MiB, homeSizeBytes: 64 * MiB, dataDir, instanceId: `runtime-test-${process.pid}` });
  let driver: DockerDriver;
  let agent = "";
  let box: SandboxHandle | null = null;

  const sh = (script: string, timeoutMs = 120_000): Promise<ExecResult> => driver.exec(box!, ["bash", "-c", script], { timeoutMs, maxOutputBytes: MiB });
  const ok = async (script: string, timeoutMs?: number): Promise<string> => {
    const r = await sh(script, timeoutMs);
    expect(r.exitCode, `${script}\n${r.stdout}${r.stderr}`).toBe(0);
    return r.stdout;
  };

  beforeAll(async () => {
    agent = (await buildAgent()).path;
    driver = new DockerDriver(config, docker, agent);
    const user = config.fallbackUser;
    await chown(workspace, user.uid, user.gid);
    box = await driver.create({
      sessionId: `rt${Date.now().toString(36)}`,
      workspaceId: "test",
      image: IMAGE,
      workspaceDir: workspace,
      readOnly: false,
      limits: resolveLimits("default", { network: false }),
      masks: [],
      user,
    });
    await driver.start(box);
    expect((await docker().getContainer(box.id).inspect()).Config.Labels[AGENT_LABEL]).toBe("1");
  });

  afterAll(async () => {
    if (box) await driver.destroy(box).catch(() => undefined);
    await Promise.all([workspace, dataDir].map((d) => rm(d, { recursive: true, force: true })));
  });

  it("makes a Python venv with pip, offline", async () => {
    expect(await ok("python3 -m venv v && v/bin/pip --version && v/bin/python -c 'import sys; print(sys.prefix)'")).toMatch(/^pip \d+.*\n\/workspace\/v\n$/);
    expect(await ok("python3 -m ensurepip --version || python3 -c 'import ensurepip; print(ensurepip.version())'")).toMatch(/\d+\.\d+/);
  });

  it("compiles and runs C with gcc, and has make", async () => {
    await ok(`printf '#include <stdio.h>\\nint main(void) { puts("hello from gcc"); return 0; }\\n' > hello.c`);
    expect(await ok("gcc -O2 -o hello hello.c && ./hello")).toBe("hello from gcc\n");
    expect(await ok("make --version")).toMatch(/^GNU Make \d/);
  });

  it("has the everyday tools", async () => {
    for (const [command, shows] of [
      ["curl --version", /^curl \d/],
      ["wget --version", /^GNU Wget \d/],
      ["git --version", /^git version \d/],
      ["rg --version", /^ripgrep \d/],
      ["jq --version", /^jq-\d/],
      ["ps --version", /procps/],
      ["top -b -n 1 | head -n 1", /^top - /],
      ["less --version", /^less \d/],
      ["vi --version 2>&1 | head -n 1", /VIM/],
      ["nano --version", /nano/],
      ["ssh -V 2>&1", /^OpenSSH_/],
      ["zip -v | head -n 2", /Zip \d/],
      ["unzip -v | head -n 1", /^UnZip \d/],
      ["node --version", /^v\d+/],
      ["npm --version", /^\d+\./],
    ] as const) {
      expect(await ok(command), command).toMatch(shows);
    }
    expect(await ok(`echo '{"a":[1,2]}' | jq -c '.a | map(. * 2)'`)).toBe("[2,4]\n");
    expect(await ok("ps -e -o comm=")).toMatch(/^ps$/m);
  });

  it("runs in a UTF-8 locale, with en_US.UTF-8 generated too", async () => {
    expect(await ok("locale charmap")).toBe("UTF-8\n");
    expect(await ok("LANG=en_US.UTF-8 locale charmap 2>&1")).toBe("UTF-8\n");
    expect(await ok("locale -a")).toMatch(/^en_US\.utf8$/m);
    expect(await ok("python3 -c 'import sys; print(sys.getfilesystemencoding(), sys.stdout.encoding)'")).toBe("utf-8 utf-8\n");
  });

  it("passes doctor's agent check, which fails for a binary that is not the agent", async () => {
    const { uid, gid } = config.fallbackUser;
    expect(await checkAgentInImage(docker(), IMAGE, agent, uid, gid)).toMatchObject({ ok: true, detail: expect.stringMatching(/runs the agent/) as string });
    const wrong = await checkAgentInImage(docker(), IMAGE, "/bin/true", uid, gid);
    expect(wrong).toMatchObject({ ok: false, detail: expect.stringMatching(/did not run the agent/) as string });
    expect(wrong.fix).toMatch(/npm run images/);
  });

  it("keeps the hardening: the workspace user, a read-only root and no setuid or setgid programs", async () => {
    expect(await ok("whoami; id -u")).toBe(`atrium\n${config.fallbackUser.uid}\n`);
    expect(await ok("find / -xdev -type f -perm /6000 2>/dev/null; true")).toBe("");
    expect((await sh("touch /usr/bin/x")).exitCode).not.toBe(0);
  });
});
