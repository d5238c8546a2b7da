import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { type PreviewFileView, type ReplaceForm, ReplaceView, type ReplaceViewProps } from "./replace-view";

const form: ReplaceForm = { query: "let", replacement: "const", regex: false, caseSensitive: false, wholeWord: false, include: "", exclude: "" };
const files: PreviewFileView[] = [
  { path: "src/a.ts", replacements: 2, readOnly: false, checked: true, changes: [{ line: 1, before: "let a = 1;", after: "const a = 1;" }, { line: 4, before: "  let b = 2;", after: "  const b = 2;" }] },
  { path: "locked/b.ts", replacements: 1, readOnly: true, checked: true, changes: [{ line: 3, before: "let c;", after: "const c;" }] },
  { path: "c.ts", replacements: 5, readOnly: false, checked: false, changes: [{ line: 9, before: "let d;", after: "const d;" }] },
];

function view(over: Partial<ReplaceViewProps> = {}) {
  const props: ReplaceViewProps = {
    form,
    onForm: vi.fn(),
    onPreview: vi.fn(),
    previewing: false,
    preview: files,
    onToggleFile: vi.fn(),
    onApply: vi.fn(),
    applying: false,
    outcome: null,
    canUndo: false,
    onUndo: vi.fn(),
    undoing: false,
    error: null,
    onOpen: vi.fn(),
    ...over,
  };
  render(<ReplaceView {...props} />);
  return props;
}

describe("ReplaceView", () => {
  it("previews every change per file, with read-only files shown but not tickable, and counts only the ticked ones", () => {
    const props = view();
    const rows = screen.getAllByTestId("replace-file");
    expect(rows.map((r) => r.dataset.path)).toEqual(["src/a.ts", "locked/b.ts", "c.ts"]);
    expect(within(rows[0]!).getByRole("button", { name: "src/a.ts line 4: let b = 2; becomes const b = 2;" })).toBeTruthy();
    const locked = within(rows[1]!).getByRole<HTMLInputElement>("checkbox", { name: "Replace in locked/b.ts" });
    expect(locked.disabled).toBe(true);
    expect(locked.checked).toBe(false);
    expect(within(rows[1]!).getByText("read-only")).toBeTruthy();
    expect(screen.getByText("2 replacements in 1 of 3 files")).toBeTruthy();

    fireEvent.click(within(rows[2]!).getByRole("checkbox", { name: "Replace in c.ts" }));
    expect(props.onToggleFile).toHaveBeenCalledWith("c.ts");
    fireEvent.click(screen.getByRole("button", { name: "Replace in 1 file" }));
    expect(props.onApply).toHaveBeenCalled();
    fireEvent.click(within(rows[0]!).getByRole("button", { name: /line 1:/ }));
    expect(props.onOpen).toHaveBeenCalledWith("src/a.ts", 1);
  });

  it("disables Replace when no file is ticked, and previews on submit", () => {
    const props = view({ preview: files.map((f) => ({ ...f, checked: false })) });
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Replace in 0 files" }).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Preview changes" }));
    expect(props.onPreview).toHaveBeenCalled();
  });

  it("after applying, says what changed and what was skipped, and offers one undo", () => {
    const props = view({ outcome: { kind: "applied", files: ["src/a.ts"], replacements: 2, skipped: [{ path: "locked/b.ts", message: "read only" }] }, canUndo: true });
    expect(screen.getByTestId("replace-outcome").textContent).toContain("Replaced 2 matches in 1 file.");
    expect(within(screen.getByRole("list", { name: "Files not changed" })).getByText("locked/b.ts")).toBeTruthy();
    expect(screen.queryAllByTestId("replace-file")).toHaveLength(0);
    fireEvent.click(screen.getByRole("button", { name: "Undo replace" }));
    expect(props.onUndo).toHaveBeenCalled();
  });

  it("reports an undo that skipped a file changed since", () => {
    view({ outcome: { kind: "undone", files: ["src/a.ts"], replacements: 0, skipped: [{ path: "c.ts", message: "c.ts changed after the replace; it was left as it is." }] } });
    expect(screen.getByTestId("replace-outcome").textContent).toContain("Undone: 1 file put back.");
    expect(screen.getByRole("list", { name: "Files not put back" }).textContent).toContain("changed after the replace");
    expect(screen.queryByRole("button", { name: "Undo replace" })).toBeNull();
  });

  it("shows errors as alerts", () => {
    view({ preview: null, error: "The regular expression is not valid." });
    expect(screen.getByRole("alert").textContent).toBe("The regular expression is not valid.");
  });
});
