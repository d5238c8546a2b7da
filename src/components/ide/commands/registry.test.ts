import { describe, expect, it } from "vitest";
import { type Command, commandForKey, formatKeybinding, type KeyEventLike, matchesChord, mergeCommands, notInTerminal, parseKeybinding } from "./registry";

const key = (over: Partial<KeyEventLike>): KeyEventLike => ({ key: "", code: "", ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...over });
const noop = () => undefined;

describe("keybindings", () => {
  it("parses modifiers and the key", () => {
    expect(parseKeybinding("Mod+Shift+P")).toEqual({ mod: true, ctrl: false, shift: true, alt: false, key: "p" });
    expect(parseKeybinding("Ctrl+`")).toEqual({ mod: false, ctrl: true, shift: false, alt: false, key: "`" });
    expect(() => parseKeybinding("Hyper+X")).toThrow(/unknown modifier/);
  });

  it("matches Mod as Ctrl off macOS and ⌘ on macOS, with exact modifiers", () => {
    const chord = parseKeybinding("Mod+Shift+P");
    const ctrlShiftP = key({ key: "P", code: "KeyP", ctrlKey: true, shiftKey: true });
    expect(matchesChord(chord, ctrlShiftP, false)).toBe(true);
    expect(matchesChord(chord, ctrlShiftP, true)).toBe(false);
    expect(matchesChord(chord, key({ key: "P", code: "KeyP", metaKey: true, shiftKey: true }), true)).toBe(true);
    // Ctrl+P (no Shift) is quick open, not the palette; Ctrl+Alt+Shift+P is neither.
    expect(matchesChord(chord, key({ key: "p", code: "KeyP", ctrlKey: true }), false)).toBe(false);
    expect(matchesChord(chord, key({ key: "P", code: "KeyP", ctrlKey: true, shiftKey: true, altKey: true }), false)).toBe(false);
  });

  it("reads the backquote by its physical key (layouts and Shift change event.key)", () => {
    const chord = parseKeybinding("Ctrl+`");
    expect(matchesChord(chord, key({ key: "`", code: "Backquote", ctrlKey: true }), false)).toBe(true);
    expect(matchesChord(chord, key({ key: "^", code: "Backquote", ctrlKey: true }), false)).toBe(true);
    // Ctrl+` is Control on macOS too, not ⌘.
    expect(matchesChord(chord, key({ key: "`", code: "Backquote", ctrlKey: true }), true)).toBe(true);
    expect(matchesChord(chord, key({ key: "`", code: "Backquote", metaKey: true }), true)).toBe(false);
  });

  it("formats bindings for each platform", () => {
    expect(formatKeybinding("Mod+Shift+P", false)).toBe("Ctrl+Shift+P");
    expect(formatKeybinding("Mod+Shift+P", true)).toBe("⇧⌘P");
    expect(formatKeybinding("Ctrl+`", true)).toBe("⌃`");
  });
});

describe("commandForKey", () => {
  const commands: Command[] = [
    { id: "sidebar", title: "Toggle side bar", category: "View", keybinding: "Mod+B", when: notInTerminal, run: noop },
    { id: "terminal", title: "Toggle terminal", category: "View", keybinding: "Ctrl+`", run: noop },
    { id: "off", title: "Disabled", category: "View", keybinding: "Mod+Shift+X", enabled: false, run: noop },
  ];
  const ctrlB = key({ key: "b", code: "KeyB", ctrlKey: true });
  const ctrlTick = key({ key: "`", code: "Backquote", ctrlKey: true });

  it("finds the command for a key where its `when` holds", () => {
    expect(commandForKey(commands, ctrlB, { focus: "editor" }, false)?.id).toBe("sidebar");
    expect(commandForKey(commands, ctrlTick, { focus: "editor" }, false)?.id).toBe("terminal");
  });

  it("leaves the shell its keys: only Ctrl+` fires while the terminal has focus", () => {
    expect(commandForKey(commands, ctrlB, { focus: "terminal" }, false)).toBeNull();
    expect(commandForKey(commands, ctrlTick, { focus: "terminal" }, false)?.id).toBe("terminal");
  });

  it("skips disabled commands and unbound keys", () => {
    expect(commandForKey(commands, key({ key: "X", code: "KeyX", ctrlKey: true, shiftKey: true }), { focus: "other" }, false)).toBeNull();
    expect(commandForKey(commands, key({ key: "q", code: "KeyQ", ctrlKey: true }), { focus: "other" }, false)).toBeNull();
  });

  it("merges groups, the last registration of an id winning", () => {
    const merged = mergeCommands([commands, [{ id: "sidebar", title: "Other", category: "View", run: noop }]]);
    expect(merged.map((c) => [c.id, c.title])).toEqual([
      ["sidebar", "Other"],
      ["terminal", "Toggle terminal"],
      ["off", "Disabled"],
    ]);
  });
});
