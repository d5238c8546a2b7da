// The explorer's props-only views, rendered in jsdom: rows (locks, read-only badges, ARIA,
// gestures), the toolbar (actions a viewer may not take stay visible with the reason), the name
// field (Enter commits, Escape cancels, problems shown) and the upload list.
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ExplorerEntryRow, type ExplorerEntryRowProps } from "./explorer-entry-row";
import { ExplorerToolbar } from "./explorer-toolbar";
import { NameInput } from "./name-input";
import { UploadsList } from "./uploads-list";

function row(overrides: Partial<ExplorerEntryRowProps> = {}) {
  const props: ExplorerEntryRowProps = {
    entry: { name: "app.ts", path: "src/app.ts", type: "file", size: 2048, readOnly: false },
    depth: 2,
    expanded: false,
    posInSet: 1,
    setSize: 3,
    selected: false,
    focusable: true,
    active: false,
    dropping: false,
    canWrite: true,
    rowRef: () => undefined,
    onActivate: vi.fn(),
    onSelect: vi.fn(),
    onContextMenu: vi.fn(),
    onDragStart: vi.fn(),
    onDragOver: vi.fn(),
    onDrop: vi.fn(),
    ...overrides,
  };
  render(<ExplorerEntryRow {...props} />);
  return props;
}

describe("ExplorerEntryRow", () => {
  it("is a tree item with its path, size in the title, and opens on click", () => {
    const props = row();
    const item = screen.getByRole("treeitem", { name: "app.ts" });
    expect(item.getAttribute("data-path")).toBe("src/app.ts");
    expect(item.getAttribute("aria-level")).toBe("2");
    expect(item.getAttribute("title")).toBe("src/app.ts · 2 KiB");
    expect(item.getAttribute("draggable")).toBe("true");
    fireEvent.click(item);
    expect(props.onActivate).toHaveBeenCalledOnce();
  });

  it("shows a locked entry with the reason and never lets it be dragged", () => {
    row({ entry: { name: ".env", path: ".env", type: "file", size: 10, readOnly: true, locked: { reason: "critical_file" } } });
    const item = screen.getByRole("treeitem", { name: ".env" });
    expect(item.getAttribute("data-locked")).toBe("true");
    expect(item.getAttribute("aria-disabled")).toBe("true");
    expect(item.getAttribute("title")).toMatch(/Protected file/);
    expect(item.getAttribute("draggable")).toBe("false");
  });

  it("marks read-only entries for editors only, and an open folder as expanded", () => {
    row({ entry: { name: "docs", path: "docs", type: "directory", size: 0, readOnly: true }, expanded: true });
    const item = screen.getByRole("treeitem", { name: "docs" });
    expect(item.getAttribute("aria-expanded")).toBe("true");
    expect(screen.getByText("RO")).toBeTruthy();
  });

  it("selects on focus when not selected yet", () => {
    const props = row();
    fireEvent.focus(screen.getByRole("treeitem"));
    expect(props.onSelect).toHaveBeenCalledOnce();
  });
});

describe("ExplorerToolbar", () => {
  it("keeps every action visible; changes carry the read-only reason, refresh still works", () => {
    const onNewFile = vi.fn();
    const onRefresh = vi.fn();
    render(<ExplorerToolbar readOnlyReason="Viewers can't change files." onNewFile={onNewFile} onNewFolder={vi.fn()} onUploadFiles={vi.fn()} onUploadFolder={vi.fn()} onRefresh={onRefresh} onCollapse={vi.fn()} />);
    const newFile = screen.getByRole("button", { name: "New file" });
    expect(newFile.getAttribute("aria-disabled")).toBe("true");
    expect(newFile.getAttribute("title")).toBe("New file: Viewers can't change files.");
    fireEvent.click(newFile);
    expect(onNewFile).toHaveBeenCalledOnce();
    const refresh = screen.getByRole("button", { name: "Refresh" });
    expect(refresh.getAttribute("aria-disabled")).toBeNull();
    fireEvent.click(refresh);
    expect(onRefresh).toHaveBeenCalledOnce();
  });
});

describe("NameInput", () => {
  it("shows a problem and does not commit an invalid name; commits a valid one on Enter", () => {
    const onCommit = vi.fn();
    render(<NameInput depth={1} icon={null} label="New file name" initial="" validate={(v) => (v === "taken.txt" ? "A file with this name exists." : null)} onCommit={onCommit} onCancel={vi.fn()} />);
    const input = screen.getByRole("textbox", { name: "New file name" });
    fireEvent.change(input, { target: { value: "taken.txt" } });
    expect(screen.getByRole("alert").textContent).toBe("A file with this name exists.");
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onCommit).not.toHaveBeenCalled();
    fireEvent.change(input, { target: { value: "fresh.txt" } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onCommit).toHaveBeenCalledWith("fresh.txt");
  });

  it("cancels on Escape", () => {
    const onCancel = vi.fn();
    render(<NameInput depth={1} icon={null} label="Rename a.txt" initial="a.txt" validate={() => null} onCommit={vi.fn()} onCancel={onCancel} />);
    fireEvent.keyDown(screen.getByRole("textbox"), { key: "Escape" });
    expect(onCancel).toHaveBeenCalledOnce();
  });
});

describe("UploadsList", () => {
  it("renders nothing without uploads, and each file's state with a summary", () => {
    const { container } = render(<UploadsList items={[]} onClearFinished={vi.fn()} />);
    expect(container.innerHTML).toBe("");
    const onClear = vi.fn();
    render(
      <UploadsList
        items={[
          { id: "1", path: "a.txt", size: 100, loaded: 100, status: "done" },
          { id: "2", path: "b.bin", size: 200, loaded: 50, status: "uploading" },
          { id: "3", path: "c.bin", size: 10, loaded: 0, status: "failed", error: "Too large" },
        ]}
        onClearFinished={onClear}
      />,
    );
    const list = screen.getByRole("region", { name: "Uploads" });
    expect(list.textContent).toContain("Done");
    expect(list.textContent).toContain("25%");
    expect(list.textContent).toContain("Failed");
    fireEvent.click(screen.getByRole("button", { name: "Clear finished" }));
    expect(onClear).toHaveBeenCalledOnce();
  });
});
