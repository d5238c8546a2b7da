import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { SnapshotProgress } from "~/server/realtime/events";
import { ProgressBar, progressDetail, SnapshotsView, type SnapshotsViewProps } from "./snapshots-view";
import type { Snapshot } from "./use-snapshots";

function snapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    id: "s1",
    workspaceId: "w1",
    label: "before the refactor",
    kind: "MANUAL",
    sizeBytes: 63_488n,
    fileCount: 40,
    keep: false,
    includesProtected: false,
    createdById: "u1",
    createdAt: new Date("2026-12-08T09:00:00Z"),
    ...overrides,
  } as Snapshot;
}

function progress(overrides: Partial<SnapshotProgress> = {}): SnapshotProgress {
  return { workspaceId: "w1", operationId: "op-1", operation: "restore", phase: "extracting", bytes: 0, totalBytes: null, files: 0, totalFiles: null, snapshotId: "s1", ...overrides };
}

function view(props: Partial<SnapshotsViewProps> = {}) {
  const base: SnapshotsViewProps = {
    workspaceId: "w1",
    canWrite: true,
    canManage: true,
    createForm: <form aria-label="Take a snapshot" />,
    list: { phase: "ready", items: [], error: null, retry: vi.fn(), retrying: false },
    creatorName: (id) => (id === "u1" ? "you" : "Bob"),
    othersRunning: [],
    onRestore: vi.fn(),
    onCopy: vi.fn(),
    onDelete: vi.fn(),
  };
  return render(<SnapshotsView {...base} {...props} />);
}

describe("SnapshotsView", () => {
  it("loading: a labelled skeleton and no count", () => {
    view({ list: { phase: "loading", items: [], error: null, retry: vi.fn(), retrying: false } });
    expect(screen.getByRole("status", { name: "Loading snapshots" })).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Snapshots" }).textContent).toBe("Snapshots ");
  });

  it("error: the reason and a retry", () => {
    const retry = vi.fn();
    view({ list: { phase: "error", items: [], error: "Database unavailable.", retry, retrying: false } });
    expect(screen.getByText("Database unavailable.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: /try again/i }));
    expect(retry).toHaveBeenCalledOnce();
  });

  it("empty: an editor is told to take one, with the form", () => {
    view({ canManage: false });
    expect(screen.getByText(/No snapshots yet\. Take one before a risky change/)).toBeTruthy();
    expect(screen.getByRole("form", { name: "Take a snapshot" })).toBeTruthy();
    expect(screen.getByTestId("snapshots-owner-only")).toBeTruthy();
  });

  it("read-only (viewer): no form, no actions on rows, and the notes say why", () => {
    view({ canWrite: false, canManage: false, list: { phase: "ready", items: [snapshot()], error: null, retry: vi.fn(), retrying: false } });
    expect(screen.queryByRole("form", { name: "Take a snapshot" })).toBeNull();
    expect(screen.getByText(/Editors and owners take snapshots/)).toBeTruthy();
    const row = screen.getByTestId("snapshot-row");
    expect(within(row).queryByRole("button")).toBeNull();
    expect(within(row).queryByRole("link")).toBeNull();
  });

  it("an owner's rows: kind, size and file count, creator, and every action calling back with the snapshot", () => {
    const onRestore = vi.fn();
    const onCopy = vi.fn();
    const onDelete = vi.fn();
    const items = [snapshot(), snapshot({ id: "s2", label: "", kind: "PRE_RESTORE", fileCount: 1, sizeBytes: 10n, createdById: "u2", keep: true, includesProtected: true })];
    view({ list: { phase: "ready", items, error: null, retry: vi.fn(), retrying: false }, onRestore, onCopy, onDelete });
    expect(screen.getByRole("heading", { name: "Snapshots 2" })).toBeTruthy();
    const [first, second] = screen.getAllByTestId("snapshot-row");
    expect(first!.textContent).toContain("62 KiB · 40 files");
    expect(first!.textContent).toContain("by you");
    expect(second!.textContent).toContain("Untitled");
    expect(second!.textContent).toContain("Before restore");
    expect(second!.textContent).toContain("Kept");
    expect(second!.textContent).toContain("Protected files");
    expect(second!.textContent).toContain("10 bytes · 1 file");
    expect(second!.textContent).toContain("by Bob");
    fireEvent.click(within(first!).getByRole("button", { name: "Restore before the refactor" }));
    expect(onRestore).toHaveBeenCalledWith(items[0]);
    fireEvent.click(within(second!).getByRole("button", { name: "Copy snapshot to a new workspace" }));
    expect(onCopy).toHaveBeenCalledWith(items[1]);
    fireEvent.click(within(second!).getByRole("button", { name: "Delete snapshot" }));
    expect(onDelete).toHaveBeenCalledWith(items[1]);
    expect(within(first!).getByRole("link", { name: "Download before the refactor" }).getAttribute("href")).toBe("/api/workspaces/w1/snapshots/s1/download");
  });

  it("running: other people's operations show as progress bars", () => {
    view({ othersRunning: [progress({ files: 3, totalFiles: 40 })] });
    const bar = screen.getByTestId("snapshot-progress");
    expect(bar.getAttribute("data-phase")).toBe("extracting");
    expect(bar.textContent).toContain("Restoring: Extracting");
    expect(bar.textContent).toContain("3 of 40 files");
    expect(screen.getByRole("progressbar", { name: "Restoring" }).getAttribute("aria-valuenow")).toBe("8");
  });
});

describe("the progress line", () => {
  it("says what a finished restore brought back, never 0 files", () => {
    render(<ProgressBar progress={progress({ phase: "done", files: 40, totalFiles: 40, bytes: 62_000, totalBytes: 62_000 })} />);
    expect(screen.getByTestId("snapshot-progress-detail").textContent).toBe("40 files, 61 KiB");
  });

  it("shows no detail rather than 0 files while nothing is counted", () => {
    render(<ProgressBar progress={progress({ phase: "verifying" })} />);
    expect(screen.queryByTestId("snapshot-progress-detail")).toBeNull();
    expect(screen.getByRole("progressbar").getAttribute("data-indeterminate")).toBe("true");
  });

  it("detail rules", () => {
    expect(progressDetail(progress({ phase: "swapping", files: 40, totalFiles: 40, bytes: 1, totalBytes: 1 }))).toBe("40 of 40 files");
    expect(progressDetail(progress({ phase: "receiving", bytes: 1024, totalBytes: 4096 }))).toBe("1 KiB of 4 KiB");
    expect(progressDetail(progress({ phase: "packing", files: 1 }))).toBe("1 file");
    expect(progressDetail(progress({ phase: "done", files: 1, bytes: 0 }))).toBe("1 file");
    expect(progressDetail(progress({ phase: "done" }))).toBe("");
    expect(progressDetail(progress({ phase: "swapping", totalFiles: null, totalBytes: null }))).toBe("");
  });
});
