// What the explorer's gestures do: create, rename, move, duplicate, delete, download, upload,
// open, and the context menu's items. Each action calls the file procedures, keeps open tabs in
// step (moved or deleted files), reports failures as toasts, and lists what it touched again.
"use client";
import { type Dispatch, useCallback, useState } from "react";
import { copyText } from "~/components/ui/copy-button";
import { useToast } from "~/components/ui/toast";
import { appErrorOf, useTRPCClient } from "~/trpc/react";
import { useEditorTabsContext } from "../editor/use-editor-tabs";
import type { MenuItem } from "./context-menu";
import { lockText } from "./lock-text";
import { baseName, downloadUrl, duplicateName, isSameOrInside, joinPath, parentOf } from "./paths";
import type { TreeAction, TreeEntry, TreeState } from "./tree-state";
import type { ExplorerData } from "./use-explorer-data";
import { useUploads } from "./use-uploads";

export type Editing = { kind: "new-file" | "new-folder"; parent: string } | { kind: "rename"; path: string };

export interface ExplorerActionsInput {
  workspaceId: string;
  readOnlyReason: string | null;
  openFile: (path: string) => void;
  tree: TreeState;
  dispatch: Dispatch<TreeAction>;
  data: ExplorerData;
  /** The ids of the hidden file inputs the upload actions open. */
  inputIds: { files: string; folder: string };
}

export function useExplorerActions({ workspaceId, readOnlyReason, openFile, tree, dispatch, data, inputIds }: ExplorerActionsInput) {
  const tabs = useEditorTabsContext();
  const client = useTRPCClient();
  const { toast } = useToast();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<TreeEntry | null>(null);
  const [uploadDir, setUploadDir] = useState("");
  const { entryOf, siblingsOf, refresh, refreshFind } = data;

  const fail = (title: string, error: unknown) => toast({ tone: "error", title, description: appErrorOf(error).message });
  const denied = () => {
    if (readOnlyReason) toast({ tone: "info", title: "Read only", description: readOnlyReason });
  };
  const touched = () => {
    void refresh();
    void refreshFind();
  };

  // Where new things go: the selected folder, or the folder of the selected file, or the root.
  const targetFolder = () => {
    const sel = tree.selected ? entryOf(tree.selected) : null;
    if (!sel) return "";
    return sel.type === "directory" && !sel.locked ? sel.path : parentOf(sel.path);
  };
  const dropFolderOf = (entry: TreeEntry | null) => (entry === null ? "" : entry.type === "directory" && !entry.locked ? entry.path : parentOf(entry.path));

  const startNew = (kind: "new-file" | "new-folder", parent = targetFolder()) => {
    if (readOnlyReason) return denied();
    if (parent) dispatch({ type: "expand", path: parent });
    setEditing({ kind, parent });
  };

  const startRename = (entry: TreeEntry) => {
    if (entry.locked) return;
    if (readOnlyReason) denied();
    else setEditing({ kind: "rename", path: entry.path });
  };

  const askDelete = (entry: TreeEntry) => {
    if (readOnlyReason) denied();
    else setConfirmDelete(entry);
  };

  const commitEdit = async (value: string) => {
    const current = editing;
    setEditing(null);
    if (!current) return;
    try {
      if (current.kind === "rename") {
        const to = joinPath(parentOf(current.path), value);
        if (to === current.path) return;
        await client.files.move.mutate({ workspaceId, from: current.path, to });
        tabs?.pathMoved(current.path, to);
        dispatch({ type: "moved", from: current.path, to });
        dispatch({ type: "select", path: to });
      } else {
        const path = joinPath(current.parent, value);
        if (current.kind === "new-file") {
          await client.files.write.mutate({ workspaceId, path, content: "", overwrite: false });
          openFile(path);
        } else {
          await client.files.mkdir.mutate({ workspaceId, path });
          dispatch({ type: "expand", path });
        }
        dispatch({ type: "reveal", path });
      }
    } catch (error) {
      fail(current.kind === "rename" ? `Could not rename ${baseName(current.path)}` : `Could not create ${value}`, error);
    } finally {
      touched();
    }
  };

  const move = async (from: string, toDir: string) => {
    const to = joinPath(toDir, baseName(from));
    if (to === from || isSameOrInside(toDir, from)) return;
    try {
      await client.files.move.mutate({ workspaceId, from, to });
      tabs?.pathMoved(from, to);
      dispatch({ type: "moved", from, to });
      dispatch({ type: "reveal", path: to });
      toast({ title: `Moved ${baseName(from)} to ${toDir || "the workspace root"}` });
    } catch (error) {
      fail(`Could not move ${baseName(from)}`, error);
    } finally {
      touched();
    }
  };

  const duplicate = async (entry: TreeEntry) => {
    const to = joinPath(parentOf(entry.path), duplicateName(entry.name, siblingsOf(parentOf(entry.path))));
    try {
      await client.files.copy.mutate({ workspaceId, from: entry.path, to });
      dispatch({ type: "select", path: to });
    } catch (error) {
      fail(`Could not duplicate ${entry.name}`, error);
    } finally {
      touched();
    }
  };

  const remove = async (entry: TreeEntry) => {
    try {
      await client.files.delete.mutate({ workspaceId, path: entry.path, recursive: entry.type === "directory" });
      tabs?.pathRemoved(entry.path);
      dispatch({ type: "removed", path: entry.path });
      toast({ title: `Deleted ${entry.name}` });
    } catch (error) {
      fail(`Could not delete ${entry.name}`, error);
    } finally {
      touched();
    }
  };

  const download = (entry: TreeEntry | null) => {
    const path = entry?.path ?? "";
    const a = document.createElement("a");
    a.href = downloadUrl(workspaceId, path);
    a.download = entry ? (entry.type === "directory" ? `${entry.name}.tar.gz` : entry.name) : "";
    document.body.appendChild(a);
    a.click();
    a.remove();
  };

  const uploads = useUploads(
    workspaceId,
    useCallback(() => {
      void refresh();
      void refreshFind();
    }, [refresh, refreshFind]),
    useCallback((message: string) => toast({ tone: "error", title: "Upload failed", description: message }), [toast]),
  );

  const chooseUpload = (kind: "files" | "folder", dir = targetFolder()) => {
    if (readOnlyReason) return denied();
    setUploadDir(dir);
    document.getElementById(inputIds[kind])?.click();
  };

  const activate = (entry: TreeEntry) => {
    dispatch({ type: "select", path: entry.path });
    if (entry.locked) {
      toast({ tone: "info", title: `${entry.name} is locked`, description: lockText(entry.locked.reason) });
      return;
    }
    if (entry.type === "directory") dispatch({ type: "toggle", path: entry.path });
    else openFile(entry.path);
  };

  const menuItems = (entry: TreeEntry | null): MenuItem[] => {
    const folder = dropFolderOf(entry);
    const items: MenuItem[] = [
      { label: "New file…", onSelect: () => startNew("new-file", folder), disabledReason: readOnlyReason },
      { label: "New folder…", onSelect: () => startNew("new-folder", folder), disabledReason: readOnlyReason },
      { label: "Upload files…", onSelect: () => chooseUpload("files", folder), disabledReason: readOnlyReason },
      { label: "Upload folder…", onSelect: () => chooseUpload("folder", folder), disabledReason: readOnlyReason },
    ];
    if (!entry) return [...items, { label: "Download workspace (.tar.gz)", onSelect: () => download(null), separatorBefore: true }];
    const lockedReason = entry.locked ? lockText(entry.locked.reason) : null;
    const changeReason = readOnlyReason ?? lockedReason ?? (entry.readOnly ? "A path rule or Atrium's protected-file list stops changes here." : null);
    return [
      ...(entry.type === "file" ? [{ label: "Open", onSelect: () => activate(entry), disabledReason: lockedReason }] : []),
      ...items.map((item, i) => ({ ...item, separatorBefore: i === 0 && entry.type === "file" })),
      { label: "Rename…", shortcut: "F2", onSelect: () => setEditing({ kind: "rename", path: entry.path }), disabledReason: changeReason, separatorBefore: true },
      { label: "Duplicate", onSelect: () => void duplicate(entry), disabledReason: readOnlyReason ?? lockedReason },
      { label: entry.type === "directory" ? "Download as .tar.gz" : "Download", onSelect: () => download(entry), disabledReason: lockedReason },
      {
        label: "Copy path",
        onSelect: () => void copyText(entry.path).then((ok) => toast(ok ? { title: "Path copied", description: entry.path } : { tone: "error", title: "Could not copy the path" })),
      },
      { label: "Delete…", shortcut: "Del", danger: true, onSelect: () => setConfirmDelete(entry), disabledReason: changeReason, separatorBefore: true },
    ];
  };

  return {
    editing,
    setEditing,
    confirmDelete,
    setConfirmDelete,
    uploadDir,
    uploads,
    fail,
    startNew,
    startRename,
    askDelete,
    commitEdit,
    move,
    remove,
    chooseUpload,
    activate,
    menuItems,
    dropFolderOf,
  };
}
