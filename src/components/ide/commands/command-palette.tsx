// The command palette (Ctrl/Cmd+Shift+P): every registered IDE command, fuzzy-filtered as you type
// (the quick-open matcher), with its shortcut; Enter runs it. The same box asks for a line of text
// when a command needs one (a file name), and lists the keyboard shortcuts on request.
// `CommandPaletteView` is props-only (component-tested); `CommandPalette` wires it to the registry.
"use client";
import { useId, useMemo, useState } from "react";
import { Dialog } from "~/components/ui/dialog";
import { fuzzyFilter } from "../editor/fuzzy";
import { isMacPlatform, useCommands } from "./commands-context";
import { type Command, formatKeybinding } from "./registry";
import "./commands.css";

export interface PaletteItem {
  id: string;
  label: string;
  keybinding: string | null;
  /** Indices into `label` to highlight. */
  positions: number[];
}

/** The commands to show for a query: all (by category, then title) when empty, else fuzzy-ranked. */
export function paletteItems(commands: readonly Command[], query: string, mac: boolean): PaletteItem[] {
  const visible = commands.filter((c) => c.enabled !== false);
  const labelOf = (c: Command) => `${c.category}: ${c.title}`;
  const byLabel = new Map(visible.map((c) => [labelOf(c), c]));
  const toItem = (c: Command, positions: number[]): PaletteItem => ({ id: c.id, label: labelOf(c), keybinding: c.keybinding ? formatKeybinding(c.keybinding, mac) : null, positions });
  if (!query.trim()) return [...visible].sort((a, b) => labelOf(a).localeCompare(labelOf(b))).map((c) => toItem(c, []));
  return fuzzyFilter(query.trim(), [...byLabel.keys()], 100).map((m) => toItem(byLabel.get(m.path)!, m.positions));
}

export interface CommandPaletteViewProps {
  mode: "commands" | "prompt" | "shortcuts";
  title: string;
  placeholder: string;
  query: string;
  onQuery: (query: string) => void;
  items: PaletteItem[];
  selected: number;
  onSelect: (index: number) => void;
  onRun: (id: string) => void;
  onSubmitText: (text: string) => void;
  onClose: () => void;
}

function Highlighted({ text, positions }: { text: string; positions: readonly number[] }) {
  const marks = new Set(positions);
  return <>{[...text].map((ch, i) => (marks.has(i) ? <mark key={i}>{ch}</mark> : <span key={i}>{ch}</span>))}</>;
}

export function CommandPaletteView({ mode, title, placeholder, query, onQuery, items, selected, onSelect, onRun, onSubmitText, onClose }: CommandPaletteViewProps) {
  const listId = useId();
  const listing = mode !== "prompt";
  return (
    <Dialog open onClose={onClose} title={title} data-testid="command-palette">
      <div className="ide-palette" data-mode={mode}>
        <input
          className="input ide-palette-input"
          type="text"
          role={listing ? "combobox" : undefined}
          aria-label={mode === "prompt" ? title : "Command"}
          aria-expanded={listing ? "true" : undefined}
          aria-controls={listing ? listId : undefined}
          aria-activedescendant={listing && items[selected] ? `${listId}-${selected}` : undefined}
          placeholder={placeholder}
          autoComplete="off"
          spellCheck={false}
          data-autofocus
          value={query}
          onChange={(e) => onQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              if (mode === "prompt") onSubmitText(query);
              else if (mode === "commands" && items[selected]) onRun(items[selected].id);
            } else if (listing && e.key === "ArrowDown") {
              e.preventDefault();
              onSelect(Math.min(selected + 1, items.length - 1));
            } else if (listing && e.key === "ArrowUp") {
              e.preventDefault();
              onSelect(Math.max(selected - 1, 0));
            }
          }}
        />
        {listing && (
          <ul className="ide-palette-list" role="listbox" id={listId} aria-label={mode === "shortcuts" ? "Keyboard shortcuts" : "Commands"}>
            {items.map((item, i) => (
              <li
                key={item.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === selected}
                aria-label={item.label}
                className="ide-palette-item"
                onMouseDown={(e) => e.preventDefault()}
                onMouseMove={() => onSelect(i)}
                onClick={() => mode === "commands" && onRun(item.id)}
              >
                <span className="ide-palette-label">
                  <Highlighted text={item.label} positions={item.positions} />
                </span>
                {item.keybinding && <kbd className="ide-palette-kbd">{item.keybinding}</kbd>}
              </li>
            ))}
          </ul>
        )}
        {listing && items.length === 0 && <p className="ide-palette-note">No command matches “{query}”.</p>}
        <p className="ide-palette-note">{mode === "prompt" ? "Enter to confirm, Esc to cancel." : mode === "shortcuts" ? "Type to filter. Esc to close." : "↑↓ to pick, Enter to run, Esc to close."}</p>
      </div>
    </Dialog>
  );
}

/** Mounted once in the IDE; a new mode (commands → prompt) starts with a fresh box. */
export function CommandPalette() {
  const { palette } = useCommands();
  if (palette.kind === "closed") return null;
  return <OpenPalette key={palette.kind === "prompt" ? `prompt:${palette.title}` : palette.kind} />;
}

function OpenPalette() {
  const { commands, palette, setPalette } = useCommands();
  const [query, setQuery] = useState(palette.kind === "prompt" ? palette.initial : "");
  const [selected, setSelected] = useState(0);
  const mac = isMacPlatform();
  const shortcuts = palette.kind === "shortcuts";
  const items = useMemo(() => (palette.kind === "prompt" ? [] : paletteItems(shortcuts ? commands.filter((c) => c.keybinding) : commands, query, mac)), [commands, query, mac, palette.kind, shortcuts]);
  if (palette.kind === "closed") return null;

  const close = () => setPalette({ kind: "closed" });
  const title = palette.kind === "prompt" ? palette.title : shortcuts ? "Keyboard shortcuts" : "Command palette";
  return (
    <CommandPaletteView
      mode={palette.kind}
      title={title}
      placeholder={palette.kind === "prompt" ? palette.placeholder : shortcuts ? "Filter shortcuts" : "Type a command, e.g. toggle side bar"}
      query={query}
      onQuery={(q) => {
        setQuery(q);
        setSelected(0);
      }}
      items={items}
      selected={Math.min(selected, Math.max(0, items.length - 1))}
      onSelect={setSelected}
      onRun={(id) => {
        const command = commands.find((c) => c.id === id);
        close();
        if (command) void command.run();
      }}
      onSubmitText={(text) => {
        if (palette.kind !== "prompt") return;
        // First: a promise keeps its first answer, and closing answers "dismissed".
        palette.resolve(text.trim() === "" ? null : text.trim());
        setPalette({ kind: "closed" });
      }}
      onClose={close}
    />
  );
}
