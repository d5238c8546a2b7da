// doctor's exec-agent binary check on real files: missing, not executable, older than its source,
// current; and the protocol version read from the C source.
import { chmod, mkdtemp, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGENT_PROTOCOL_VERSION } from "~/server/sandbox/agent-client";
import { agentSourcePath } from "~/server/sandbox/agent-build";
import { checkAgentBinary, sourceProtocolVersion } from "./doctor-agent";

let dir: string;
let sourceTime: Date;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "atrium-doctor-agent-"));
  sourceTime = (await stat(agentSourcePath())).mtime;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function binaryAt(name: string, mode: number, mtime: Date): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, "#!/bin/sh\n");
  await chmod(file, mode);
  await utimes(file, mtime, mtime);
  return file;
}

describe("checkAgentBinary", () => {
  it("says how to build a missing agent, and what happens without it", async () => {
    const { check, binary } = await checkAgentBinary(path.join(dir, "absent"));
    expect(binary).toBeNull();
    expect(check).toMatchObject({ ok: false, required: false });
    expect(check.detail).toMatch(/^not built .*Docker exec/);
    expect(check.fix).toMatch(/npm run agent/);
  });

  it("refuses a binary that cannot be executed", async () => {
    const { check, binary } = await checkAgentBinary(await binaryAt("noexec", 0o644, new Date(sourceTime.getTime() + 60_000)));
    expect(binary).toBeNull();
    expect(check.detail).toMatch(/is not executable/);
  });

  it("flags a binary older than its source (new sessions would run the old agent)", async () => {
    const { check, binary } = await checkAgentBinary(await binaryAt("stale", 0o755, new Date(sourceTime.getTime() - 60_000)));
    expect(binary).not.toBeNull();
    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(/is older than .*atrium-agent\.c/);
  });

  it("accepts a current, executable binary", async () => {
    const { check, binary } = await checkAgentBinary(await binaryAt("current", 0o755, new Date(sourceTime.getTime() + 60_000)));
    expect(binary).toBe(path.join(dir, "current"));
    expect(check).toMatchObject({ ok: true });
    expect(check.detail).toContain(`protocol ${AGENT_PROTOCOL_VERSION}`);
  });
});

describe("sourceProtocolVersion", () => {
  it("reads the C source's version, which matches the server's", async () => {
    expect(sourceProtocolVersion(await readFile(agentSourcePath(), "utf8"))).toBe(AGENT_PROTOCOL_VERSION);
    expect(sourceProtocolVersion("#define AGENT_PROTOCOL_VERSION 7\n")).toBe(7);
    expect(sourceProtocolVersion("int main(void) { return 0; }")).toBeNull();
  });
});
