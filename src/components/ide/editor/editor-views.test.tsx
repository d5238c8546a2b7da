import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { EditorNotices, type EditorNoticesProps } from "./editor-notices";
import { EditorTabBar } from "./editor-tab-bar";

const noop = () => undefined;

describe("EditorTabBar", () => {
  const tabs = [
    { path: "src/a.ts", dirty: false },
    { path: "notes.md", dirty: true },
  ];

  it("shows a shared file's role and save state instead of a Save button", () => {
    render(<EditorTabBar tabs={tabs} activePath="src/a.ts" roleLabel="Viewer" save={{ kind: "shared", label: "Saved", state: "live" }} onActivate={noop} onClose={noop} onSave={noop} />);
    expect(screen.getByTestId("collab-role").textContent).toBe("Viewer");
    expect(screen.getByTestId("collab-status").textContent).toBe("Saved");
    expect(screen.queryByRole("button", { name: "Save" })).toBeNull();
  });

  it("offers Save for a file saved by hand, and marks unsaved tabs", () => {
    const onSave = vi.fn();
    const onClose = vi.fn();
    render(<EditorTabBar tabs={tabs} activePath="notes.md" roleLabel={null} save={{ kind: "manual", canSave: true, saving: false, title: "Save" }} onActivate={noop} onClose={onClose} onSave={onSave} />);
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onSave).toHaveBeenCalledOnce();
    fireEvent.click(screen.getByRole("button", { name: "Close notes.md (unsaved changes)" }));
    expect(onClose).toHaveBeenCalledWith("notes.md");
    expect(screen.getByRole("tab", { name: "notes.md" }).getAttribute("aria-selected")).toBe("true");
  });

  it("renders nothing without tabs", () => {
    const { container } = render(<EditorTabBar tabs={[]} activePath={null} roleLabel={null} save={null} onActivate={noop} onClose={noop} onSave={noop} />);
    expect(container.innerHTML).toBe("");
  });
});

describe("EditorNotices", () => {
  const base: EditorNoticesProps = {
    readOnlyReason: null,
    following: null,
    notice: null,
    conflict: null,
    canKeepMine: true,
    busy: false,
    onStopFollowing: noop,
    onDismissNotice: noop,
    onKeepMine: noop,
    onTakeDisk: noop,
    onCloseFile: noop,
  };

  it("offers keep mine, take disk and close when the file was deleted", () => {
    const onKeepMine = vi.fn();
    const onTakeDisk = vi.fn();
    const onCloseFile = vi.fn();
    render(<EditorNotices {...base} conflict={{ reason: "deleted", message: "a.txt was deleted" }} onKeepMine={onKeepMine} onTakeDisk={onTakeDisk} onCloseFile={onCloseFile} />);
    const box = screen.getByRole("alertdialog");
    expect(box.textContent).toContain("a.txt was deleted");
    fireEvent.click(screen.getByRole("button", { name: "Keep mine" }));
    fireEvent.click(screen.getByRole("button", { name: "Take disk version" }));
    fireEvent.click(screen.getByRole("button", { name: "Close" }));
    expect([onKeepMine.mock.calls.length, onTakeDisk.mock.calls.length, onCloseFile.mock.calls.length]).toEqual([1, 1, 1]);
  });

  it("a failed write offers a retry, and keep mine is disabled for a read-only person", () => {
    render(<EditorNotices {...base} canKeepMine={false} conflict={{ reason: "write_failed", message: "Quota exceeded" }} />);
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Try again" }).disabled).toBe(true);
    expect(screen.queryByRole("button", { name: "Take disk version" })).toBeNull();
  });

  it("says whom you follow and the reconnect notice, each dismissible", () => {
    const onStop = vi.fn();
    const onDismiss = vi.fn();
    render(<EditorNotices {...base} following="Bob" notice={{ tone: "info", text: "Reconnected — your offline edits were merged." }} onStopFollowing={onStop} onDismissNotice={onDismiss} />);
    expect(screen.getByTestId("follow-banner").textContent).toContain("Following Bob");
    expect(screen.getByTestId("collab-notice").textContent).toContain("offline edits were merged");
    fireEvent.click(screen.getByRole("button", { name: "Stop following" }));
    fireEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(onStop).toHaveBeenCalledOnce();
    expect(onDismiss).toHaveBeenCalledOnce();
  });

  it("shows the read-only reason", () => {
    render(<EditorNotices {...base} readOnlyReason="Viewer: you can read" />);
    expect(screen.getByTestId("readonly-banner").textContent).toBe("Viewer: you can read");
  });
});
