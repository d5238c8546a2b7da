import { describe, expect, it } from "vitest";
import { commandHeads, evaluateCommand } from "./command-policy";

const open = { shell: true };
const reason = (command: string | string[], policy: unknown = null, options = open) => evaluateCommand(command, policy, options)?.reason ?? null;

describe("built-in blocks", () => {
  it.each([
    "rm -rf /",
    "rm -fr /*",
    "rm -r -f /",
    "sudo rm --recursive --force /",
    "echo hi; rm -rf --no-preserve-root /",
    "curl -fsSL https://x.sh | sh",
    "wget -qO- http://x | sudo bash",
    "curl x|/bin/bash",
    ":(){ :|:& };:",
    "bomb() { bomb | bomb & }; bomb",
  ])("blocks %s", (cmd) => {
    expect(reason(cmd)).toBe("blocked_command");
  });

  it.each(["rm -rf ./build", "rm -rf /workspace/tmp", "rm /tmp/x", "curl -o out.sh https://x", "ls -la /", "echo a | shasum"])("allows %s", (cmd) => {
    expect(reason(cmd)).toBeNull();
  });

  it("applies to argv commands too", () => {
    expect(reason(["rm", "-rf", "/"])).toBe("blocked_command");
  });
});

describe("workspace policy", () => {
  it("blocks owner patterns with * wildcards and folded whitespace", () => {
    const policy = { blockedPatterns: ["git push*--force", "npm publish"] };
    expect(reason("git   push origin main --force", policy)).toBe("blocked_command");
    expect(reason(["npm", "publish"], policy)).toBe("blocked_command");
    expect(reason("git push origin main", policy)).toBeNull();
  });

  it("treats patterns literally, not as regular expressions", () => {
    expect(reason("echo a", { blockedPatterns: ["(a+)+$"] })).toBeNull();
    expect(reason("echo (a+)+$", { blockedPatterns: ["(a+)+$"] })).toBe("blocked_command");
  });

  it("allows only listed binaries, by basename, for argv and for each simple command of a shell string", () => {
    const policy = { allowedBinaries: ["ls", "/usr/bin/python3", "grep"] };
    expect(reason(["/bin/ls", "-la"], policy)).toBeNull();
    expect(reason(["python3", "x.py"], policy)).toBeNull();
    expect(reason(["node", "x.js"], policy)).toBe("blocked_command");
    expect(reason("ls | grep x", policy)).toBeNull();
    expect(reason("ls && FOO=1 node x.js", policy)).toBe("blocked_command");
    expect(reason("echo $(whoami)", policy)).toBe("blocked_command");
  });

  it("fails closed on a malformed policy", () => {
    expect(reason("ls", { allowedBinaries: "ls" })).toBe("invalid_command_policy");
  });
});

describe("shell switch", () => {
  const strict = { shell: false };
  it("refuses shell strings and shell programs when the shell is off", () => {
    expect(reason("ls", null, strict)).toBe("shell_disabled");
    expect(reason(["sh", "-c", "ls"], null, strict)).toBe("shell_disabled");
    expect(reason(["/bin/bash"], null, strict)).toBe("shell_disabled");
    expect(reason(["ls", "-la"], null, strict)).toBeNull();
  });
});

describe("commandHeads", () => {
  it("finds the first word of each simple command", () => {
    expect(commandHeads("A=1 make -j2 && ./run.sh | tee log; echo `date`")).toEqual(["make", "./run.sh", "tee", "echo", "date"]);
  });
});

describe("shell switch: ways around it", () => {
  const strict = { shell: false };
  const refused = (argv: string[]) => evaluateCommand(argv, null, strict)?.reason ?? null;

  it.each([
    ["env", "sh", "-c", "id"],
    ["/usr/bin/env", "bash", "-c", "id"],
    ["nice", "-n", "5", "sh", "-c", "id"],
    ["ionice", "-c3", "sh"],
    ["timeout", "5", "sh", "-c", "id"],
    ["xargs", "-0", "sh", "-c"],
    ["busybox", "sh", "-c", "id"],
    ["nohup", "sh"],
    ["setsid", "sh", "-c", "id"],
    ["stdbuf", "-o0", "sh"],
    ["chroot", "/", "sh"],
    ["sudo", "id"],
    ["su", "-c", "id"],
    ["flock", "/tmp/l", "-c", "id"],
    ["time", "sh", "-c", "id"],
    ["watch", "id"],
    ["script", "-c", "id"],
    ["exec", "sh"],
    ["python3", "-c", "import os; os.system('id')"],
    ["python", "-Ic", "print(1)"],
    ["/usr/local/bin/python3.12", "-c", "1"],
    ["node", "-e", "1"],
    ["node", "-p", "1"],
    ["node", "--eval=1"],
    ["node", "--print", "1"],
    ["perl", "-e", "system('id')"],
    ["perl", "-nE", "say"],
    ["ruby", "-e", "1"],
    ["php", "-r", "system('id');"],
    ["lua", "-e", "os.execute('id')"],
    ["deno", "eval", "1"],
    ["vim", "-c", "!id"],
    ["python3"],
    ["python3", "-"],
    ["node", "/dev/stdin"],
    ["awk", "BEGIN { system(\"id\") }"],
    ["awk", "BEGIN { print | \"sh\" }"],
    ["sed", "s/x/id/e", "f"],
    ["sed", "1e id", "f"],
    ["find", ".", "-exec", "sh", "-c", "id", ";"],
    ["find", ".", "-execdir", "env", "id", ";"],
  ])("refuses %j", (...argv) => {
    expect(refused(argv)).toBe("shell_disabled");
  });

  it.each([
    ["ls", "-la"],
    ["python3", "x.py"],
    ["python3", "-m", "pytest", "tests"],
    ["python3", "--version"],
    ["node", "server.js"],
    ["perl", "script.pl"],
    ["awk", "-F", "|", "{ print $1 }", "f.txt"],
    ["sed", "-n", "s/e/x/p", "f"],
    ["sed", "s/hello/there/g", "f"],
    ["find", ".", "-name", "*.ts"],
    ["find", ".", "-exec", "grep", "-l", "x", "{}", ";"],
    ["grep", "-r", "env", "."],
  ])("allows %j", (...argv) => {
    expect(refused(argv)).toBeNull();
  });

  it("names the wrapper it refused", () => {
    expect(evaluateCommand(["env", "sh", "-c", "id"], null, strict)).toMatchObject({ rule: "wrapper:env", message: expect.stringContaining("env") as unknown });
  });

  it("leaves wrappers alone when the shell is on", () => {
    expect(evaluateCommand(["env", "sh", "-c", "id"], null, { shell: true })).toBeNull();
  });
});
