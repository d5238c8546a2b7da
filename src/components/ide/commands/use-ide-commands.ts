// The IDE's own commands (files, view, terminal, workspace, account), registered with the command
// registry by the IDE frame. Commands that belong to a panel's internals reach it through what
// that panel already exposes to the keyboard or the mouse (Ctrl+S/Ctrl+P in the editor area, the
// terminal panel's "New terminal" button), so there is one implementation of each action.
"use client";
import { useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useTheme } from "~/components/layout/use-theme";
import { useToast } from "~/components/ui/toast";
import { appErrorOf, useTRPC, useTRPCClient } from "~/trpc/react";
import type { EditorTabsState } from "../editor/use-editor-tabs";
import { parentOf } from "../explorer/paths";
import { useIde } from "../ide-context";
import { isMacPlatform, useCommands, useRegisterCommands } from "./commands-context";
import { type Command, notInTerminal } from "./registry";

export type SideView = "explorer" | "search" | "replace" | "snapshots" | "members";
export type BottomView = "terminal" | "tasks";

export interface LayoutControls {
  showSide: (view: SideView) => void;
  toggleSide: () => void;
  showBottom: (view: BottomView) => void;
  toggleBottom: () => void;
  /** Ctrl+`: shows and focuses the terminal, or hides the panel when the terminal is in front. */
  toggleTerminal: () => void;
  newTerminal: () => void;
}

/** Sends a shortcut the editor area handles itself (it listens on window, capture phase). */
function pressEditorShortcut(key: "s" | "p"): void {
  const mac = isMacPlatform();
  window.dispatchEvent(new KeyboardEvent("keydown", { key, code: `Key${key.toUpperCase()}`, ctrlKey: !mac, metaKey: mac, bubbles: true, cancelable: true }));
}

export function useIdeCommands(tabs: EditorTabsState, layout: LayoutControls): void {
  const { workspaceId, canWrite, openFile, activePath } = useIde();
  const { setPalette, prompt } = useCommands();
  const { toggle: toggleTheme } = useTheme();
  const { toast } = useToast();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();

  const failed = (title: string, error: unknown) => toast({ tone: "error", title, description: appErrorOf(error).message });
  const refreshFolder = (path: string) => void queryClient.invalidateQueries({ queryKey: trpc.files.list.queryKey({ workspaceId, path: parentOf(path) }) });
  const here = activePath ? parentOf(activePath) : "";
  const startIn = here ? `${here}/` : "";

  const saveAll = async () => {
    for (const tab of tabs.tabs) {
      const snap = tabs.store.snapshot(tab.path);
      if (!snap || !tabs.store.isDirty(tab.path)) continue;
      try {
        const result = await client.files.write.mutate({ workspaceId, path: tab.path, content: snap.text, ifMatch: snap.version });
        tabs.store.markSaved(tab.path, result.version, snap.alt);
      } catch (error) {
        // A conflict goes through the editor area's own save, which opens the compare dialog.
        if (appErrorOf(error).code === "CONFLICT") {
          tabs.activate(tab.path);
          setTimeout(() => pressEditorShortcut("s"), 0);
          return;
        }
        failed(`${tab.path} was not saved`, error);
      }
    }
  };

  const commands: Command[] = [
    { id: "palette.show", title: "Show all commands", category: "Help", keybinding: "Mod+Shift+P", run: () => setPalette({ kind: "commands" }) },
    { id: "help.shortcuts", title: "Keyboard shortcuts", category: "Help", run: () => setPalette({ kind: "shortcuts" }) },

    { id: "file.goTo", title: "Go to file…", category: "Go", run: () => pressEditorShortcut("p") },
    {
      id: "file.new",
      title: "New file…",
      category: "File",
      enabled: canWrite,
      run: async () => {
        const path = await prompt({ title: "New file", placeholder: "Path of the new file, e.g. src/app.ts", initial: startIn });
        if (!path) return;
        try {
          await client.files.write.mutate({ workspaceId, path, content: "", overwrite: false });
          refreshFolder(path);
          openFile(path);
        } catch (error) {
          failed(`${path} was not created`, error);
        }
      },
    },
    {
      id: "file.newFolder",
      title: "New folder…",
      category: "File",
      enabled: canWrite,
      run: async () => {
        const path = await prompt({ title: "New folder", placeholder: "Path of the new folder, e.g. src/lib", initial: startIn });
        if (!path) return;
        try {
          await client.files.mkdir.mutate({ workspaceId, path });
          refreshFolder(path);
          layout.showSide("explorer");
        } catch (error) {
          failed(`${path} was not created`, error);
        }
      },
    },
    { id: "file.save", title: "Save", category: "File", enabled: canWrite, run: () => pressEditorShortcut("s") },
    { id: "file.saveAll", title: "Save all", category: "File", enabled: canWrite, run: saveAll },
    {
      id: "file.closeTab",
      title: "Close tab",
      category: "File",
      // The tab's own close button: it asks about unsaved changes first.
      run: () => document.querySelector<HTMLButtonElement>('.ide-editor-tab[data-active="true"] .ide-editor-tab-close')?.click(),
    },

    { id: "view.toggleSide", title: "Toggle side bar", category: "View", keybinding: "Mod+B", when: notInTerminal, run: layout.toggleSide },
    { id: "view.togglePanel", title: "Toggle panel", category: "View", keybinding: "Mod+J", when: notInTerminal, run: layout.toggleBottom },
    { id: "view.explorer", title: "Show explorer", category: "View", keybinding: "Mod+Shift+E", when: notInTerminal, run: () => layout.showSide("explorer") },
    { id: "view.search", title: "Search in files", category: "Search", keybinding: "Mod+Shift+F", when: notInTerminal, run: () => layout.showSide("search") },
    { id: "view.replace", title: "Replace in files", category: "Search", keybinding: "Mod+Shift+H", when: notInTerminal, enabled: canWrite, run: () => layout.showSide("replace") },
    { id: "view.snapshots", title: "Show snapshots", category: "View", run: () => layout.showSide("snapshots") },
    { id: "view.members", title: "Show members and rules", category: "View", run: () => layout.showSide("members") },
    { id: "view.tasks", title: "Show tasks", category: "View", run: () => layout.showBottom("tasks") },
    { id: "view.theme", title: "Switch colour theme (light/dark)", category: "View", run: toggleTheme },

    // Ctrl+` is Control on every platform (as in VS Code) and works inside the terminal too.
    { id: "terminal.toggle", title: "Toggle terminal", category: "Terminal", keybinding: "Ctrl+`", run: layout.toggleTerminal },
    { id: "terminal.open", title: "Open terminal", category: "Terminal", run: () => layout.showBottom("terminal") },
    { id: "terminal.new", title: "New terminal", category: "Terminal", enabled: canWrite, run: layout.newTerminal },

    {
      id: "workspace.snapshot",
      title: "Take snapshot…",
      category: "Workspace",
      enabled: canWrite,
      run: async () => {
        const label = await prompt({ title: "Take snapshot", placeholder: "Label, e.g. before refactor" });
        if (label === null) return;
        toast({ tone: "info", title: "Taking a snapshot…", description: label });
        try {
          await client.snapshots.create.mutate({ workspaceId, label });
          void queryClient.invalidateQueries({ queryKey: trpc.snapshots.list.queryKey() });
          toast({ tone: "success", title: "Snapshot taken", description: label });
        } catch (error) {
          failed("The snapshot was not taken", error);
        }
      },
    },
    { id: "account.signOut", title: "Sign out", category: "Account", run: () => void signOut({ callbackUrl: "/sign-in" }) },
  ];
  useRegisterCommands("ide", commands);
}
