import { describe, expect, it } from "vitest";
import { appendLog, commandText, reasonText, taskDuration } from "./task-format";

describe("task formatting", () => {
  it("quotes argv words that need it", () => {
    expect(commandText(["python3", "-c", "print('hi')"])).toBe(`python3 -c 'print('\\''hi'\\'')'`);
    expect(commandText("npm test")).toBe("npm test");
  });

  it("measures running time", () => {
    expect(taskDuration({ startedAt: new Date(1000), finishedAt: null, status: "RUNNING" }, 4000)).toBe(3000);
    expect(taskDuration({ startedAt: null, finishedAt: null, status: "QUEUED" }, 4000)).toBeNull();
  });

  it("says why a task ended", () => {
    expect(reasonText("exit_code", 2)).toBe("exited with code 2");
    expect(reasonText("start_failed: Docker is down", null)).toBe("Docker is down");
    expect(reasonText(null, 0)).toBeNull();
  });
});

describe("appendLog", () => {
  it("merges a stream's consecutive chunks and keeps the order of streams", () => {
    let log = appendLog([], "stdout", "a");
    log = appendLog(log, "stdout", "b");
    log = appendLog(log, "stderr", "E");
    log = appendLog(log, "stdout", "c");
    expect(log).toEqual([
      { stream: "stdout", text: "ab" },
      { stream: "stderr", text: "E" },
      { stream: "stdout", text: "c" },
    ]);
  });

  it("drops the oldest output past the cap", () => {
    let log = appendLog([], "stdout", "12345");
    log = appendLog(log, "stderr", "678", 6);
    expect(log).toEqual([
      { stream: "stdout", text: "345" },
      { stream: "stderr", text: "678" },
    ]);
  });
});
