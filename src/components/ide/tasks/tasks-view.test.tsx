import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { TaskDetailView, type TaskDetailViewProps, TasksView, type TasksViewProps } from "./tasks-view";
import type { Task, TaskDetailData } from "./use-tasks";

const NOW = Date.parse("2026-12-08T10:00:00Z");

function task(overrides: Partial<TaskDetailData> = {}): TaskDetailData {
  return {
    id: "t1",
    workspaceId: "w1",
    submittedBy: { id: "u1", name: "Ada", email: "ada@example.com" },
    apiKeyId: null,
    command: "npm test",
    priority: "normal",
    status: "RUNNING",
    preset: "default",
    envNames: [],
    timeoutMs: 600_000,
    maxRetries: 0,
    attempt: 1,
    workerId: "w",
    exitCode: null,
    stdoutBytes: 0,
    stderrBytes: 0,
    failureReason: null,
    createdAt: new Date(NOW - 60_000),
    startedAt: new Date(NOW - 2_500),
    finishedAt: null,
    stdoutTail: "",
    stderrTail: "",
    ...overrides,
  };
}

const who = (t: Pick<Task, "submittedBy">) => (t.submittedBy.id === "u1" ? "you" : t.submittedBy.name);

function list(props: Partial<TasksViewProps> = {}) {
  const base: TasksViewProps = {
    canWrite: true,
    form: <form aria-label="Submit a task" />,
    list: { phase: "ready", items: [], error: null, retry: vi.fn(), retrying: false },
    selectedId: null,
    onSelect: vi.fn(),
    now: NOW,
    who,
    detail: <p>the detail</p>,
  };
  return render(<TasksView {...base} {...props} />);
}

describe("TasksView", () => {
  it("loading: a labelled skeleton, no rows", () => {
    list({ list: { phase: "loading", items: [], error: null, retry: vi.fn(), retrying: false } });
    expect(screen.getByRole("status", { name: "Loading tasks" })).toBeTruthy();
    expect(screen.queryByRole("list", { name: "Tasks" })).toBeNull();
  });

  it("error: the server's reason and a retry that calls back", () => {
    const retry = vi.fn();
    list({ list: { phase: "error", items: [], error: "The database is down.", retry, retrying: false } });
    expect(screen.getByText("Tasks could not be loaded")).toBeTruthy();
    expect(screen.getByText("The database is down.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: /try again/i }));
    expect(retry).toHaveBeenCalledOnce();
  });

  it("empty, for an editor: explains tasks and shows the form", () => {
    list();
    expect(screen.getByText("No tasks yet")).toBeTruthy();
    expect(screen.getByRole("form", { name: "Submit a task" })).toBeTruthy();
    expect(screen.getByText(/without keeping this page open/)).toBeTruthy();
  });

  it("read-only (viewer): no form, says why", () => {
    list({ canWrite: false });
    expect(screen.queryByRole("form", { name: "Submit a task" })).toBeNull();
    expect(screen.getByText(/You are a viewer here/)).toBeTruthy();
  });

  it("running: rows with status, command, live duration and submitter; a click selects", () => {
    const onSelect = vi.fn();
    const items = [task(), task({ id: "t2", status: "FAILED", exitCode: 2, command: ["python3", "-c", "print('x')"], submittedBy: { id: "u2", name: "Bob", email: "b@x" }, finishedAt: new Date(NOW - 1000) })];
    list({ list: { phase: "ready", items, error: null, retry: vi.fn(), retrying: false }, selectedId: "t1", onSelect });
    const rows = screen.getAllByTestId("task-row");
    expect(rows).toHaveLength(2);
    expect(rows[0]!.getAttribute("aria-current")).toBe("true");
    expect(rows[0]!.textContent).toContain("Running");
    expect(rows[0]!.textContent).toContain("2.5 s");
    expect(rows[0]!.textContent).toContain("by you");
    expect(rows[1]!.getAttribute("data-command")).toBe(`python3 -c 'print('\\''x'\\'')'`);
    expect(rows[1]!.textContent).toContain("exit 2");
    expect(rows[1]!.textContent).toContain("by Bob");
    fireEvent.click(rows[1]!);
    expect(onSelect).toHaveBeenCalledWith("t2");
    expect(screen.getByText("the detail")).toBeTruthy();
  });
});

function detail(props: Partial<TaskDetailViewProps> = {}) {
  const base: TaskDetailViewProps = {
    phase: "ready",
    task: task(),
    error: null,
    retry: vi.fn(),
    retrying: false,
    segments: [],
    logError: null,
    bytes: { stdout: 0, stderr: 0 },
    canCancel: true,
    onCancel: vi.fn(),
    now: NOW,
    who,
  };
  return render(<TaskDetailView {...base} {...props} />);
}

describe("TaskDetailView", () => {
  it("loading and error states", () => {
    const { unmount } = detail({ phase: "loading", task: null });
    expect(screen.getByRole("status", { name: "Loading the task" })).toBeTruthy();
    unmount();
    detail({ phase: "error", task: null, error: "No such task." });
    expect(screen.getByText("No such task.")).toBeTruthy();
  });

  it("the byte counter shows the bytes it is given (the live count), not the row's stale totals", () => {
    const { rerender } = detail({ task: task({ stdoutBytes: 10 }), bytes: { stdout: 10, stderr: 0 } });
    const counter = screen.getByTestId("task-output-bytes");
    expect(counter.textContent).toBe("10 bytes out, 0 bytes err");
    rerender(<TaskDetailView phase="ready" task={task({ stdoutBytes: 10 })} error={null} retry={vi.fn()} retrying={false} segments={[{ stream: "stdout", text: "x".repeat(2048) }]} logError={null} bytes={{ stdout: 2048, stderr: 1 }} canCancel onCancel={vi.fn()} now={NOW} who={who} />);
    expect(counter.textContent).toBe("2 KiB out, 1 byte err");
    expect(counter.getAttribute("data-stdout-bytes")).toBe("2048");
  });

  it("running: cancel for those allowed, the log keeps streams apart", () => {
    const onCancel = vi.fn();
    detail({ onCancel, segments: [{ stream: "stdout", text: "building\n" }, { stream: "stderr", text: "warning\n" }] });
    fireEvent.click(screen.getByTestId("task-cancel"));
    expect(onCancel).toHaveBeenCalledWith(expect.objectContaining({ id: "t1" }));
    const log = screen.getByTestId("task-log");
    expect(log.getAttribute("aria-live")).toBe("polite");
    expect(within(log).getByText("warning", { exact: false }).getAttribute("data-stream")).toBe("stderr");
  });

  it("read-only: no cancel button when the caller may not cancel", () => {
    detail({ canCancel: false });
    expect(screen.queryByTestId("task-cancel")).toBeNull();
  });

  it("ended: exit code, why, and an empty log says it printed nothing; a failed follow is reported", () => {
    detail({ task: task({ status: "FAILED", exitCode: 2, failureReason: "exit_code", finishedAt: new Date(NOW) }), logError: "Disconnected." });
    expect(screen.getByTestId("task-exit-code").textContent).toBe("2");
    expect(screen.getByText("exited with code 2")).toBeTruthy();
    expect(screen.getByText("This task printed nothing.")).toBeTruthy();
    expect(screen.getByRole("alert").textContent).toContain("Disconnected. Showing the output saved so far.");
    expect(screen.queryByTestId("task-cancel")).toBeNull();
  });

  it("queued: waiting to start; trimmed note past the stored tail", () => {
    detail({ task: task({ status: "QUEUED", startedAt: null }), bytes: { stdout: 2 * 1024 * 1024, stderr: 0 } });
    expect(screen.getByText("Waiting to start…")).toBeTruthy();
    expect(screen.getByText(/older output trimmed/)).toBeTruthy();
  });
});
