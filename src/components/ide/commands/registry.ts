// The IDE's commands as data: one typed list every panel adds to, read by the command palette,
// the keyboard shortcut dispatcher and the shortcut reference. Pure (no React, no DOM beyond the
// KeyboardEvent shape), so the matcher and the "when" rules are unit-tested.

/** Where the keyboard focus is when a shortcut is pressed. */
export type FocusArea = "editor" | "terminal" | "input" | "other";

export interface CommandContext {
  focus: FocusArea;
}

export type CommandCategory = "File" | "View" | "Go" | "Terminal" | "Workspace" | "Search" | "Help" | "Account";

export interface Command {
  id: string;
  title: string;
  category: CommandCategory;
  /** VS Code style, e.g. "Mod+Shift+P" (Mod is ⌘ on macOS, Ctrl elsewhere), "Ctrl+`". */
  keybinding?: string;
  /** The shortcut fires only when this holds (the palette still lists the command). */
  when?: (ctx: CommandContext) => boolean;
  /** Hidden from the palette when false (e.g. a viewer cannot create files). */
  enabled?: boolean;
  run: () => void | Promise<void>;
}

export interface KeyChord {
  mod: boolean;
  ctrl: boolean;
  shift: boolean;
  alt: boolean;
  /** Lower-case key name: a letter, a digit, "`", "enter", "f1"… */
  key: string;
}

/** The physical key for punctuation whose `event.key` changes with the layout and Shift. */
const CODE_KEYS: Record<string, string> = { Backquote: "`", Slash: "/", Comma: ",", Period: "." };

export function parseKeybinding(binding: string): KeyChord {
  const parts = binding.split("+").map((p) => p.trim());
  // "Ctrl+Shift++" style bindings are not used; the last part is the key.
  const key = parts.pop()?.toLowerCase() ?? "";
  if (!key) throw new Error(`Keybinding "${binding}" names no key`);
  const chord: KeyChord = { mod: false, ctrl: false, shift: false, alt: false, key };
  for (const part of parts) {
    const p = part.toLowerCase();
    if (p === "mod" || p === "cmd" || p === "meta") chord.mod = true;
    else if (p === "ctrl") chord.ctrl = true;
    else if (p === "shift") chord.shift = true;
    else if (p === "alt" || p === "option") chord.alt = true;
    else throw new Error(`Keybinding "${binding}" has an unknown modifier "${part}"`);
  }
  return chord;
}

export interface KeyEventLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

function eventKey(event: KeyEventLike): string {
  const byCode = CODE_KEYS[event.code];
  if (byCode) return byCode;
  // Letters by their physical key, so Shift (and Alt on macOS) do not change them.
  if (/^Key[A-Z]$/.test(event.code)) return event.code.slice(3).toLowerCase();
  if (/^Digit\d$/.test(event.code)) return event.code.slice(5);
  return event.key.toLowerCase();
}

/**
 * Whether a key event is this chord. "Mod" is ⌘ on macOS and Ctrl elsewhere; "Ctrl" is the Control
 * key on every platform (VS Code binds the terminal to Ctrl+` on macOS too).
 */
export function matchesChord(chord: KeyChord, event: KeyEventLike, mac: boolean): boolean {
  const wantCtrl = chord.ctrl || (chord.mod && !mac);
  const wantMeta = chord.mod && mac;
  return event.ctrlKey === wantCtrl && event.metaKey === wantMeta && event.shiftKey === chord.shift && event.altKey === chord.alt && eventKey(event) === chord.key;
}

/** The first enabled command whose binding matches and whose `when` holds. */
export function commandForKey(commands: readonly Command[], event: KeyEventLike, ctx: CommandContext, mac: boolean): Command | null {
  for (const command of commands) {
    if (!command.keybinding || command.enabled === false) continue;
    if (!matchesChord(parseKeybinding(command.keybinding), event, mac)) continue;
    if (command.when && !command.when(ctx)) continue;
    return command;
  }
  return null;
}

/** How a binding is written for people: "⌘⇧P" on macOS, "Ctrl+Shift+P" elsewhere. */
export function formatKeybinding(binding: string, mac: boolean): string {
  const c = parseKeybinding(binding);
  const key = c.key.length === 1 ? c.key.toUpperCase() : c.key[0]!.toUpperCase() + c.key.slice(1);
  if (mac) return `${c.ctrl ? "⌃" : ""}${c.alt ? "⌥" : ""}${c.shift ? "⇧" : ""}${c.mod ? "⌘" : ""}${key}`;
  return [c.ctrl || c.mod ? "Ctrl" : null, c.shift ? "Shift" : null, c.alt ? "Alt" : null, key].filter(Boolean).join("+");
}

/** Commands with the same id: the one registered last wins (a panel may override a default). */
export function mergeCommands(groups: readonly (readonly Command[])[]): Command[] {
  const byId = new Map<string, Command>();
  for (const group of groups) for (const command of group) byId.set(command.id, command);
  return [...byId.values()];
}

/** Outside the terminal every shortcut applies; inside it only those that say so, so the shell keeps its keys. */
export const notInTerminal = (ctx: CommandContext) => ctx.focus !== "terminal";
