// The owner's allowlist against the ways an attacker would try to walk around it: programs named
// by a path in the workspace, wrappers, `sh -c`, PATH and LD_PRELOAD, RE2 patterns.
import { describe, expect, it } from "vitest";
import { blockedPatternProblem, DEFAULT_ALLOWED_BINARIES, evaluateCommand, ZCommandPolicy } from "./command-policy";
import { executedFiles, noExecHit } from "./run-guard";

const policy = { allowedBinaries: ["python3", "ls", "git", "sh", "env", "find", "timeout"] };
const shellOn = { shell: true };
const verdict = (command: string | string[], options: Parameters<typeof evaluateCommand>[2] = shellOn, p: unknown = policy) => evaluateCommand(command, p, options);
const refused = (command: string | string[], options?: Parameters<typeof evaluateCommand>[2], p?: unknown) => verdict(command, options, p)?.reason ?? null;

describe("the allowlist", () => {
  it("lets listed programs run, by name or from a system folder", () => {
    expect(refused(["python3", "train.py"])).toBeNull();
    expect(refused(["/usr/bin/python3", "train.py"])).toBeNull();
    expect(refused("ls -la && git status")).toBeNull();
  });

  it("refuses a program that is not listed, in argv and in every part of a shell string", () => {
    expect(refused(["curl", "http://x"])).toBe("blocked_command");
    expect(refused("ls; curl http://x")).toBe("blocked_command");
    expect(refused("ls | nc -l 9")).toBe("blocked_command");
    expect(refused("echo $(wget x)")).toBe("blocked_command");
    expect(verdict(["curl"])?.message).toContain('"curl" is not among');
  });

  it("does not take a workspace file named like an allowed program for that program", () => {
    expect(refused(["./python3"])).toBe("blocked_command");
    expect(refused(["/workspace/bin/python3", "x.py"])).toBe("blocked_command");
    expect(refused(["/tmp/ls"])).toBe("blocked_command");
    expect(refused("cd bin && ./ls")).toBe("blocked_command");
    expect(refused(["/usr/bin/../../workspace/ls"])).toBe("blocked_command");
    expect(verdict(["./python3"])?.message).toContain("by its path outside the system folders");
  });

  it("judges what wrappers, `sh -c` and `find -exec` run, not only the wrapper", () => {
    expect(refused(["env", "curl", "x"])).toBe("blocked_command");
    expect(refused(["env", "-i", "FOO=1", "curl"])).toBe("blocked_command");
    expect(refused(["timeout", "5", "curl"])).toBe("blocked_command");
    expect(refused(["sh", "-c", "curl x"])).toBe("blocked_command");
    expect(refused(["/bin/sh", "-ec", "ls; wget y"])).toBe("blocked_command");
    expect(refused(["find", ".", "-exec", "rm", "{}", ";"])).toBe("blocked_command");
    expect(refused(["env", "env", "sh", "-c", "nc"])).toBe("blocked_command");
    expect(refused(["env", "python3", "x.py"])).toBeNull();
    expect(refused(["sh", "-c", "ls && git log"])).toBeNull();
  });

  it("refuses changing which file a name runs: PATH, LD_PRELOAD and friends, in env, argv and shell", () => {
    expect(refused(["python3", "x.py"], { shell: true, env: { PATH: "/workspace/bin" } })).toBe("blocked_command");
    expect(refused(["python3", "x.py"], { shell: true, env: { LD_PRELOAD: "/workspace/evil.so" } })).toBe("blocked_command");
    expect(refused("PATH=/workspace/bin python3 x.py")).toBe("blocked_command");
    expect(refused("export PATH=.:$PATH; ls")).toBe("blocked_command");
    expect(refused(["env", "PATH=/workspace", "ls"])).toBe("blocked_command");
    expect(refused(["python3", "x.py"], { shell: true, env: { MY_SETTING: "1" } })).toBeNull();
  });

  it("refuses quoting tricks instead of guessing what they expand to", () => {
    expect(refused('c"u"rl x')).toBe("blocked_command");
    expect(refused("\\curl x")).toBe("blocked_command");
    expect(refused("X=curl; $X x")).toBe("blocked_command");
    expect(refused(". ./script.sh")).toBe("blocked_command");
  });

  it("applies the worker design's allowlist to strict sessions when the owner set none", () => {
    expect(refused(["npm", "test"], { shell: false, preset: "strict" }, null)).toBeNull();
    expect(refused(["curl", "x"], { shell: false, preset: "strict" }, null)).toBe("blocked_command");
    expect(refused(["curl", "x"], { shell: true, preset: "default" }, null)).toBeNull();
    expect(DEFAULT_ALLOWED_BINARIES).toEqual(expect.arrayContaining(["git", "python", "pip", "uv", "pytest", "node", "npm", "npx", "pnpm", "yarn", "tsc", "cargo", "go", "gcc"]));
    for (const wrapper of ["env", "sh", "bash", "xargs", "sudo", "nc", "curl"]) expect(DEFAULT_ALLOWED_BINARIES).not.toContain(wrapper);
  });
});

describe("blocked patterns", () => {
  it("take RE2 regular expressions after re:, in linear time", () => {
    const p = { blockedPatterns: ["re:git\\s+push\\s+.*--force", "re:(a+)+$"] };
    expect(refused("git push origin --force", shellOn, p)).toBe("blocked_command");
    expect(refused("git push origin", shellOn, p)).toBeNull();
    // The classic catastrophic-backtracking input answers at once under RE2.
    expect(refused(`echo ${"a".repeat(50_000)}b`, shellOn, p)).toBeNull();
  });

  it("refuse invalid regexes and program names at the door", () => {
    expect(blockedPatternProblem("re:(a")).toMatch(/not a valid RE2/);
    expect(blockedPatternProblem("re:(a)\\1")).toMatch(/not a valid RE2/);
    expect(blockedPatternProblem("git push*--force")).toBeNull();
    expect(ZCommandPolicy.safeParse({ allowedBinaries: ["../bin/sh"] }).success).toBe(false);
    expect(ZCommandPolicy.safeParse({ allowedBinaries: ["python3 -c"] }).success).toBe(false);
    expect(ZCommandPolicy.safeParse({ allowedBinaries: ["g++", "python3.12"] }).success).toBe(true);
  });
});

describe("no_exec paths", () => {
  it("finds the files a command runs: paths, interpreter scripts, in every part of a shell string", () => {
    expect(executedFiles(["./bin/run.sh", "x"])).toEqual(["./bin/run.sh"]);
    expect(executedFiles(["sh", "bin/run.sh"])).toEqual(["bin/run.sh"]);
    expect(executedFiles(["python3", "-u", "tools/x.py"])).toEqual(["tools/x.py"]);
    expect(executedFiles("ls && bash scripts/a.sh; /workspace/b/c")).toEqual(["scripts/a.sh", "/workspace/b/c"]);
  });

  it("matches them against NO_EXEC rules from the command's folder", () => {
    expect(noExecHit(["./run.sh"], "/workspace/uploads", ["uploads/**"])).toEqual({ file: "uploads/run.sh", pattern: "uploads/**" });
    expect(noExecHit(["sh", "../uploads/x.sh"], "/workspace/src", ["/uploads"])).toMatchObject({ file: "uploads/x.sh" });
    expect(noExecHit(["/workspace/uploads/a"], "/workspace", ["uploads"])).toMatchObject({ pattern: "uploads" });
    expect(noExecHit(["./run.sh"], "/workspace", ["uploads/**"])).toBeNull();
    expect(noExecHit(["ls", "uploads"], "/workspace", ["uploads/**"])).toBeNull();
  });
});
