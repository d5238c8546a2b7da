import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { TerminalPanelView, type TerminalPanelViewProps } from "./terminal-panel-view";
import type { Session, SessionOptions, TerminalTab } from "./use-terminal-panel";

const NOW = Date.parse("2026-12-08T10:00:00Z");
const LIMITS = { memoryMb: 1024, cpuSeconds: 600, maxFileMb: 100, openFiles: 1024, processes: 256, cpus: 1, network: true, shell: true } as Session["limits"];

function session(overrides: Partial<Session> = {}): Session {
  return {
    id: "s1",
    workspaceId: "w1",
    userId: "me",
    driver: "docker",
    isolated: true,
    image: "atrium-runtime",
    preset: "default",
    limits: LIMITS,
    ephemeral: false,
    access: "rw",
    status: "RUNNING",
    stopReason: null,
    lastActiveAt: new Date(NOW),
    idleStopAt: new Date(NOW + 5 * 60_000 + 3_000),
    userName: "Me",
    taskId: null,
    startedAt: new Date(NOW - 60_000),
    stoppedAt: null,
    createdAt: new Date(NOW - 60_000),
    ...overrides,
  };
}

const OPTIONS: SessionOptions = {
  presets: [
    { name: "default", limits: LIMITS },
    { name: "strict", limits: { ...LIMITS, network: false, shell: false } },
  ],
  defaultPreset: "default",
  idleMs: 30 * 60_000,
  isolated: true,
};

function tab(overrides: Partial<TerminalTab> = {}): TerminalTab {
  return { terminalId: "t1", sessionId: "s1", ownerUserId: "me", mine: true, shared: false, openedAt: new Date(NOW).toISOString(), label: "Terminal 1", ...overrides };
}

function view(props: Partial<TerminalPanelViewProps> = {}) {
  const base: TerminalPanelViewProps = {
    canWrite: true,
    canManage: false,
    canStart: true,
    archived: false,
    connected: true,
    options: OPTIONS,
    optionsError: null,
    sessionsLoading: false,
    mine: [],
    others: [],
    session: null,
    isMine: false,
    shellOn: true,
    stats: undefined,
    now: NOW,
    tabs: [],
    front: null,
    showRunner: false,
    statuses: {},
    error: null,
    onDismissError: vi.fn(),
    ended: [],
    onDismissEnded: vi.fn(),
    opening: false,
    preset: "default",
    onPreset: vi.fn(),
    access: "rw",
    onAccess: vi.fn(),
    onChooseSession: vi.fn(),
    onSelectTab: vi.fn(),
    onOpenTerminal: vi.fn(),
    startPending: false,
    onStart: vi.fn(),
    stopPending: false,
    onStop: vi.fn(),
    onCloseTab: vi.fn(),
    onShare: vi.fn(),
    body: <div data-testid="body" />,
  };
  return render(<TerminalPanelView {...base} {...props} />);
}

describe("TerminalPanelView", () => {
  it("access: a cow session shows its mode and the keep control; the new-session access is chosen", () => {
    const onAccess = vi.fn();
    const cow = session({ access: "cow" });
    view({ mine: [cow], session: cow, isMine: true, tabs: [tab()], front: "t1", keepCow: <button type="button">Keep as snapshot</button>, onAccess });
    expect(screen.getByTestId("session-access").textContent).toBe("Copy-on-write");
    expect(screen.getByRole("button", { name: "Keep as snapshot" })).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Access for a new session"), { target: { value: "ro" } });
    expect(onAccess).toHaveBeenCalledWith("ro");
  });

  it("loading: says so", () => {
    view({ sessionsLoading: true });
    expect(screen.getByRole("status").textContent).toBe("Loading sessions…");
  });

  it("empty, for an editor: presets and Start session, which calls back", () => {
    const onStart = vi.fn();
    const onPreset = vi.fn();
    view({ onStart, onPreset });
    expect(screen.getByRole("heading", { name: "Start a session" })).toBeTruthy();
    fireEvent.click(screen.getByRole("radio", { name: /strict/ }));
    expect(onPreset).toHaveBeenCalledWith("strict");
    fireEvent.click(screen.getByRole("button", { name: "Start session" }));
    expect(onStart).toHaveBeenCalledOnce();
    expect(screen.getByText(/Idle sessions stop after 30 min 00 s/)).toBeTruthy();
    expect(screen.queryByTestId("terminal-toolbar")).toBeNull();
  });

  it("error: the options' error replaces the presets; a session error can be dismissed", () => {
    const onDismissError = vi.fn();
    view({ optionsError: "Docker is not reachable.", error: "Could not start.", onDismissError });
    expect(screen.getByText("Docker is not reachable.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Start session" })).toBeNull();
    expect(screen.getByRole("alert").textContent).toContain("Could not start.");
    fireEvent.click(within(screen.getByRole("alert")).getByRole("button", { name: "Dismiss" }));
    expect(onDismissError).toHaveBeenCalledOnce();
  });

  it("read-only (viewer) with nothing shared: explains watching, offers no start", () => {
    view({ canWrite: false, canStart: false });
    expect(screen.getByRole("heading", { name: "No shared terminals" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: /session/i })).toBeNull();
  });

  it("archived: says how to get back", () => {
    view({ canStart: false, archived: true });
    expect(screen.getByRole("heading", { name: "This workspace is archived" })).toBeTruthy();
  });

  it("running: status with idle countdown and resource use, tabs, new terminal, share, stop", () => {
    const onStop = vi.fn();
    const onShare = vi.fn();
    const onOpenTerminal = vi.fn();
    const s = session();
    view({
      mine: [s],
      session: s,
      isMine: true,
      tabs: [tab()],
      front: "t1",
      statuses: { t1: "live" },
      stats: { cpuPercent: 12.34, memoryBytes: 50 * 1024 * 1024, memoryLimitBytes: 1024 ** 3, pids: 3, pidsLimit: 256 } as TerminalPanelViewProps["stats"],
      onStop,
      onShare,
      onOpenTerminal,
    });
    const status = screen.getByTestId("session-status");
    expect(status.getAttribute("data-session-status")).toBe("RUNNING");
    expect(status.textContent).toContain("Idle stop in 5 min 03 s");
    expect(within(status).getByLabelText("Resource use").textContent).toMatch(/CPU 12\.3%\s*Mem 50 MiB \/ 1 GiB\s*Procs 3 \/ 256/);
    expect(screen.getByRole("tab", { name: /Terminal 1/ }).getAttribute("aria-selected")).toBe("true");
    fireEvent.click(screen.getByRole("button", { name: "New terminal" }));
    expect(onOpenTerminal).toHaveBeenCalledWith("s1");
    fireEvent.click(screen.getByRole("checkbox", { name: "Share" }));
    expect(onShare).toHaveBeenCalledWith(expect.objectContaining({ terminalId: "t1" }), true);
    fireEvent.click(screen.getByRole("button", { name: "Stop session" }));
    expect(onStop).toHaveBeenCalledWith("s1");
    // Mine exist: the toolbar's start says "New session".
    expect(within(screen.getByTestId("terminal-toolbar")).getByRole("button", { name: "New session" })).toBeTruthy();
    expect(screen.getByTestId("body")).toBeTruthy();
  });

  it("watching a shared terminal without a session of my own keeps Start session within reach", () => {
    const onStart = vi.fn();
    view({ tabs: [tab({ terminalId: "t9", ownerUserId: "bob", mine: false, shared: true, label: "Bob's terminal" })], front: "t9", onStart });
    expect(screen.getByRole("tab", { name: /Bob's terminal/ }).textContent).toContain("watching");
    // The empty panel is gone (a terminal fills the body), but the toolbar carries the start.
    expect(screen.queryByRole("heading", { name: "Start a session" })).toBeNull();
    fireEvent.click(within(screen.getByTestId("terminal-toolbar")).getByRole("button", { name: "Start session" }));
    expect(onStart).toHaveBeenCalledOnce();
    expect(screen.getByRole("button", { name: "Stop watching Bob's terminal" })).toBeTruthy();
    expect(screen.queryByRole("checkbox", { name: "Share" })).toBeNull();
  });

  it("a viewer watching gets no start anywhere", () => {
    view({ canWrite: false, canStart: false, tabs: [tab({ mine: false, shared: true, ownerUserId: "bob", label: "Bob's terminal" })], front: "t1" });
    expect(screen.queryByTestId("terminal-toolbar")).toBeNull();
    expect(screen.queryByRole("button", { name: /Start session|New session/ })).toBeNull();
  });

  it("a terminal ended by a restore: the notice names the tab and the snapshot, and can be dismissed", () => {
    const onDismissEnded = vi.fn();
    const s = session();
    view({
      mine: [s],
      session: s,
      isMine: true,
      ended: [{ terminalId: "t1", label: "Terminal 1", message: "Ended by the restore of snapshot “v1”. The session kept running on the restored files: open a new terminal." }],
      onDismissEnded,
    });
    const notice = screen.getByTestId("terminal-ended-notice");
    expect(notice.textContent).toContain("Terminal 1:");
    expect(notice.textContent).toContain("Ended by the restore of snapshot “v1”");
    fireEvent.click(within(notice).getByRole("button", { name: "Dismiss the notice about Terminal 1" }));
    expect(onDismissEnded).toHaveBeenCalledWith("t1");
    // Still running, no terminal open: offer one.
    expect(screen.getByRole("button", { name: "Open a terminal" })).toBeTruthy();
  });

  it("a stopped session says why", () => {
    const s = session({ status: "STOPPED", stopReason: "idle", idleStopAt: null });
    view({ mine: [s], session: s, isMine: true });
    expect(screen.getByTestId("session-status").textContent).toContain("Stopped after being idle");
    expect(screen.queryByRole("button", { name: "Stop session" })).toBeNull();
  });
});
