// The command registry as React state: panels add their commands with `useRegisterCommands`, one
// window-level listener (capture phase, so it runs before Monaco and xterm see the key) turns
// shortcuts into commands, and the palette lists them all. Monaco keeps every key we do not bind;
// in a terminal only commands whose `when` allows it fire, so the shell keeps Ctrl+B and friends.
"use client";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { type Command, commandForKey, type FocusArea, mergeCommands } from "./registry";

export const isMacPlatform = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

export type PaletteState =
  | { kind: "closed" }
  | { kind: "commands" }
  | { kind: "shortcuts" }
  | { kind: "prompt"; title: string; placeholder: string; initial: string; resolve: (value: string | null) => void };

export interface PromptOptions {
  title: string;
  placeholder?: string;
  initial?: string;
}

interface CommandsValue {
  commands: Command[];
  register: (key: string, commands: Command[]) => () => void;
  palette: PaletteState;
  setPalette: (state: PaletteState) => void;
  /** Asks for one line of text in the palette (a file name, a snapshot label); null when dismissed. */
  prompt: (options: PromptOptions) => Promise<string | null>;
}

const CommandsContext = createContext<CommandsValue | null>(null);

export function focusAreaOf(target: EventTarget | null): FocusArea {
  const el = target instanceof Element ? target : null;
  if (!el) return "other";
  if (el.closest(".xterm")) return "terminal";
  if (el.closest(".monaco-editor")) return "editor";
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || (el instanceof HTMLElement && el.isContentEditable)) return "input";
  return "other";
}

export function CommandsProvider({ children }: { children: ReactNode }) {
  const [groups, setGroups] = useState<ReadonlyMap<string, Command[]>>(new Map());
  const [palette, setPaletteState] = useState<PaletteState>({ kind: "closed" });
  const paletteRef = useRef(palette);
  useEffect(() => {
    paletteRef.current = palette;
  });

  const register = useCallback((key: string, commands: Command[]) => {
    setGroups((g) => new Map(g).set(key, commands));
    return () =>
      setGroups((g) => {
        const next = new Map(g);
        next.delete(key);
        return next;
      });
  }, []);

  const setPalette = useCallback((next: PaletteState) => {
    // A prompt replaced by anything else answers "dismissed", so its caller never hangs.
    const current = paletteRef.current;
    if (current.kind === "prompt" && current !== next) current.resolve(null);
    setPaletteState(next);
  }, []);

  const prompt = useCallback(
    (options: PromptOptions) =>
      new Promise<string | null>((resolve) => {
        const state: PaletteState = {
          kind: "prompt",
          title: options.title,
          placeholder: options.placeholder ?? "",
          initial: options.initial ?? "",
          resolve: (value) => {
            resolve(value);
          },
        };
        setPalette(state);
      }),
    [setPalette],
  );

  const commands = useMemo(() => mergeCommands([...groups.values()]), [groups]);
  const commandsRef = useRef(commands);
  useEffect(() => {
    commandsRef.current = commands;
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return;
      const command = commandForKey(commandsRef.current, event, { focus: focusAreaOf(event.target) }, isMacPlatform());
      if (!command) return;
      event.preventDefault();
      event.stopPropagation();
      void command.run();
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);

  const value = useMemo(() => ({ commands, register, palette, setPalette, prompt }), [commands, register, palette, setPalette, prompt]);
  return <CommandsContext.Provider value={value}>{children}</CommandsContext.Provider>;
}

export function useCommands(): CommandsValue {
  const value = useContext(CommandsContext);
  if (!value) throw new Error("useCommands() outside CommandsProvider");
  return value;
}

/**
 * Adds a panel's commands while it is mounted. `commands` may change every render: the latest
 * `run` is always called (through a ref), and the list re-registers only when ids, titles or
 * bindings change.
 */
export function useRegisterCommands(key: string, commands: Command[]): void {
  const { register } = useCommands();
  const latest = useRef(commands);
  useEffect(() => {
    latest.current = commands;
  });
  const signature = commands.map((c) => `${c.id}|${c.title}|${c.keybinding ?? ""}|${c.enabled === false ? 0 : 1}`).join("\n");
  useEffect(() => {
    const stable = latest.current.map((c) => ({ ...c, run: () => latest.current.find((l) => l.id === c.id)?.run() }));
    return register(key, stable);
  }, [key, register, signature]);
}
