import { fireEvent, render, screen, within } from "@testing-library/react";
import { useState } from "react";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { CommandPaletteView, paletteItems } from "./command-palette";
import type { Command } from "./registry";

beforeAll(() => {
  // jsdom has <dialog> but not its modal methods.
  Object.assign(HTMLDialogElement.prototype, {
    showModal(this: HTMLDialogElement) {
      this.open = true;
    },
    close(this: HTMLDialogElement) {
      this.open = false;
    },
  });
});

const noop = () => undefined;
const commands: Command[] = [
  { id: "view.toggleSide", title: "Toggle side bar", category: "View", keybinding: "Mod+B", run: noop },
  { id: "terminal.open", title: "Open terminal", category: "Terminal", run: noop },
  { id: "file.new", title: "New file…", category: "File", run: noop },
  { id: "hidden", title: "Not for viewers", category: "File", enabled: false, run: noop },
];

function Harness({ onRun }: { onRun: (id: string) => void }) {
  const [query, setQuery] = useState("");
  const [selected, setSelected] = useState(0);
  const items = paletteItems(commands, query, false);
  return (
    <CommandPaletteView
      mode="commands"
      title="Command palette"
      placeholder="Type a command"
      query={query}
      onQuery={(q) => {
        setQuery(q);
        setSelected(0);
      }}
      items={items}
      selected={selected}
      onSelect={setSelected}
      onRun={onRun}
      onSubmitText={noop}
      onClose={noop}
    />
  );
}

describe("CommandPaletteView", () => {
  it("lists every enabled command with its shortcut, sorted by category", () => {
    render(<Harness onRun={noop} />);
    const options = screen.getAllByRole("option");
    expect(options.map((o) => o.getAttribute("aria-label"))).toEqual(["File: New file…", "Terminal: Open terminal", "View: Toggle side bar"]);
    expect(within(options[2]!).getByText("Ctrl+B")).toBeTruthy();
  });

  it("filters fuzzily as you type, and Enter runs the one picked with the arrows", () => {
    const onRun = vi.fn();
    render(<Harness onRun={onRun} />);
    const input = screen.getByRole("combobox", { name: "Command" });
    fireEvent.change(input, { target: { value: "tgl" } });
    expect(screen.getAllByRole("option").map((o) => o.getAttribute("aria-label"))).toEqual(["View: Toggle side bar"]);
    fireEvent.change(input, { target: { value: "term" } });
    expect(screen.getAllByRole("option")[0]!.getAttribute("aria-label")).toBe("Terminal: Open terminal");
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onRun).toHaveBeenCalledWith("terminal.open");

    fireEvent.change(input, { target: { value: "" } });
    fireEvent.keyDown(input, { key: "ArrowDown" });
    expect(screen.getAllByRole("option")[1]!.getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onRun).toHaveBeenLastCalledWith("terminal.open");
  });

  it("says when nothing matches", () => {
    render(<Harness onRun={noop} />);
    fireEvent.change(screen.getByRole("combobox", { name: "Command" }), { target: { value: "zzzz" } });
    expect(screen.queryAllByRole("option")).toHaveLength(0);
    expect(screen.getByText(/No command matches/)).toBeTruthy();
  });

  it("asks for text in prompt mode and submits it with Enter", () => {
    const onSubmitText = vi.fn();
    render(<CommandPaletteView mode="prompt" title="New file" placeholder="Path" query="src/a.ts" onQuery={noop} items={[]} selected={0} onSelect={noop} onRun={noop} onSubmitText={onSubmitText} onClose={noop} />);
    const input = screen.getByRole("textbox", { name: "New file" });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onSubmitText).toHaveBeenCalledWith("src/a.ts");
    expect(screen.queryByRole("listbox")).toBeNull();
  });

  it("shows the keyboard shortcut reference (only bound commands) formatted for macOS", () => {
    const items = paletteItems(
      commands.filter((c) => c.keybinding),
      "",
      true,
    );
    render(<CommandPaletteView mode="shortcuts" title="Keyboard shortcuts" placeholder="" query="" onQuery={noop} items={items} selected={0} onSelect={noop} onRun={noop} onSubmitText={noop} onClose={noop} />);
    const list = screen.getByRole("listbox", { name: "Keyboard shortcuts" });
    expect(within(list).getAllByRole("option")).toHaveLength(1);
    expect(within(list).getByText("⌘B")).toBeTruthy();
  });
});
