// The explorer, VS Code style: a lazily loaded tree (a folder is listed when opened) that follows
// the disk (files:changed from the workspace watcher, no polling), file-type icons, a context menu
// (new, rename, duplicate, delete, download, copy path), drag and drop to move, uploads of files and
// whole folders with a progress bar per file, and the keyboard (arrows, Enter, F2, Delete). Locked
// paths are shown with the reason, never hidden; viewers see every action and why it is not theirs.
// Data lives in use-explorer-data.ts, actions in use-explorer-actions.ts; rows, the toolbar, the
// name field and the upload list are props-only views.
"use client";
import { type DragEvent, Fragment, type KeyboardEvent, type ReactNode, useEffect, useId, useReducer, useRef, useState } from "react";
import { Button } from "~/components/ui/button";
import { Dialog } from "~/components/ui/dialog";
import { ShieldIcon } from "~/components/ui/icons";
import { Skeleton } from "~/components/ui/skeleton";
import { useIde } from "../ide-context";
import { ContextMenu } from "./context-menu";
import { ExplorerEntryRow } from "./explorer-entry-row";
import { ExplorerToolbar } from "./explorer-toolbar";
import { FileIcon } from "./file-icon";
import { indent, NameInput } from "./name-input";
import { nameProblem, parentOf } from "./paths";
import { initialTreeState, navigate, type TreeEntry, treeReducer, type TreeRow } from "./tree-state";
import { droppedEntries, pickedFiles, walkEntries } from "./upload";
import { UploadsList } from "./uploads-list";
import { useExplorerActions } from "./use-explorer-actions";
import { useExplorerData } from "./use-explorer-data";
import "./explorer.css";

const MOVE_TYPE = "application/x-atrium-path";

export function ExplorerPanel() {
  const { workspaceId, canWrite, role, openFile, activePath, socket } = useIde();
  const [tree, dispatch] = useReducer(treeReducer, initialTreeState);
  const [menu, setMenu] = useState<{ x: number; y: number; entry: TreeEntry | null } | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const rowRefs = useRef(new Map<string, HTMLDivElement>());
  const treeRef = useRef<HTMLDivElement>(null);
  const inputIds = { files: useId(), folder: useId() };

  // Auto-reveal, as VS Code does: a file opened from search, quick open or a tab shows in the tree.
  // (State adjusted during render, React's pattern for following a prop.)
  const [revealed, setRevealed] = useState<string | null>(null);
  if (activePath !== revealed) {
    setRevealed(activePath);
    if (activePath) dispatch({ type: "reveal", path: activePath });
  }

  const readOnlyReason = canWrite ? null : role === "viewer" ? "Viewers can't change files. Ask an owner for editor access." : "You don't have write access to this workspace.";
  const data = useExplorerData(workspaceId, tree.expanded, socket);
  const { listingMap, rows, entryOf, siblingsOf, refresh } = data;
  const actions = useExplorerActions({ workspaceId, readOnlyReason, openFile, tree, dispatch, data, inputIds });
  const { editing, setEditing, confirmDelete, setConfirmDelete, uploadDir, uploads, fail, startNew, commitEdit, move, remove, chooseUpload, activate, menuItems, dropFolderOf } = actions;

  // --- keyboard --------------------------------------------------------------------------------
  useEffect(() => {
    // Keep DOM focus on the selected row while the tree has focus (roving tabindex).
    if (!tree.selected || !treeRef.current?.contains(document.activeElement)) return;
    rowRefs.current.get(tree.selected)?.focus();
  }, [tree.selected]);

  const onTreeKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target instanceof HTMLInputElement) return;
    const sel = tree.selected ? entryOf(tree.selected) : null;
    switch (event.key) {
      case "ArrowUp":
      case "ArrowDown":
      case "ArrowLeft":
      case "ArrowRight":
      case "Home":
      case "End": {
        const result = navigate(rows, tree.selected, event.key);
        if (result.toggle) dispatch({ type: "toggle", path: result.toggle });
        if (result.select) dispatch({ type: "select", path: result.select });
        break;
      }
      case "Enter":
      case " ":
        if (sel) activate(sel);
        break;
      case "F2":
        if (sel) actions.startRename(sel);
        break;
      case "Delete":
        if (sel) actions.askDelete(sel);
        break;
      case "ContextMenu":
        if (sel) {
          const r = rowRefs.current.get(sel.path)?.getBoundingClientRect();
          setMenu({ x: (r?.left ?? 0) + 24, y: r?.bottom ?? 0, entry: sel });
        }
        break;
      default:
        if (event.key === "F10" && event.shiftKey && sel) {
          const r = rowRefs.current.get(sel.path)?.getBoundingClientRect();
          setMenu({ x: (r?.left ?? 0) + 24, y: r?.bottom ?? 0, entry: sel });
          break;
        }
        return;
    }
    event.preventDefault();
  };

  // --- drag and drop ----------------------------------------------------------------------------
  const acceptsDrop = (event: DragEvent) => canWrite && (event.dataTransfer.types.includes(MOVE_TYPE) || event.dataTransfer.types.includes("Files"));
  const onDragOver = (event: DragEvent, entry: TreeEntry | null) => {
    if (!acceptsDrop(event)) return;
    event.preventDefault();
    event.stopPropagation();
    event.dataTransfer.dropEffect = event.dataTransfer.types.includes(MOVE_TYPE) ? "move" : "copy";
    const folder = dropFolderOf(entry);
    if (dropTarget !== folder) setDropTarget(folder);
  };
  const onDrop = (event: DragEvent, entry: TreeEntry | null) => {
    if (!acceptsDrop(event)) return;
    event.preventDefault();
    event.stopPropagation();
    setDropTarget(null);
    const folder = dropFolderOf(entry);
    const moving = event.dataTransfer.getData(MOVE_TYPE);
    if (moving) {
      void move(moving, folder);
      return;
    }
    const { entries, files } = droppedEntries(event.dataTransfer);
    if (folder) dispatch({ type: "expand", path: folder });
    void walkEntries(entries, files).then(
      (picked) => uploads.upload(folder, picked),
      (error: unknown) => fail("The dropped files could not be read", error),
    );
  };

  const rootListing = listingMap.get("");
  const focusable = tree.selected ?? rows.find((r): r is Extract<TreeRow, { kind: "entry" }> => r.kind === "entry")?.entry.path ?? null;

  // The row where a new entry is being named: first among its folder's children.
  const newRowFor = (parent: string, depth: number): ReactNode =>
    editing && editing.kind !== "rename" && editing.parent === parent ? (
      <NameInput
        key="__new"
        depth={depth}
        icon={<FileIcon name="" type={editing.kind === "new-folder" ? "directory" : "file"} />}
        label={editing.kind === "new-folder" ? "New folder name" : "New file name"}
        initial=""
        validate={(v) => nameProblem(v, siblingsOf(parent))}
        onCommit={(v) => void commitEdit(v)}
        onCancel={() => setEditing(null)}
      />
    ) : null;

  return (
    <div className="ide-explorer" data-testid="explorer" data-readonly={String(!canWrite)}>
      <ExplorerToolbar
        readOnlyReason={readOnlyReason}
        onNewFile={() => startNew("new-file")}
        onNewFolder={() => startNew("new-folder")}
        onUploadFiles={() => chooseUpload("files")}
        onUploadFolder={() => chooseUpload("folder")}
        onRefresh={() => void refresh()}
        onCollapse={() => dispatch({ type: "collapseAll" })}
      >
        <input
          id={inputIds.files}
          type="file"
          multiple
          hidden
          data-testid="upload-files-input"
          aria-label="Upload files"
          onChange={(e) => {
            uploads.upload(uploadDir, pickedFiles(e.target.files));
            e.target.value = "";
          }}
        />
        <input
          id={inputIds.folder}
          ref={(el) => {
            // Not in React's typings; Chromium, Firefox and Safari all support it.
            el?.setAttribute("webkitdirectory", "");
          }}
          type="file"
          multiple
          hidden
          data-testid="upload-folder-input"
          aria-label="Upload folder"
          onChange={(e) => {
            uploads.upload(uploadDir, pickedFiles(e.target.files));
            e.target.value = "";
          }}
        />
      </ExplorerToolbar>
      {!canWrite && (
        <p className="ide-explorer-note" title={readOnlyReason ?? undefined}>
          <ShieldIcon size={12} /> Read only: {role === "viewer" ? "you are a viewer" : "no write access"}
        </p>
      )}
      <div
        ref={treeRef}
        className="ide-explorer-tree"
        role="tree"
        aria-label="Files"
        data-drop={dropTarget === "" || undefined}
        onKeyDown={onTreeKey}
        onContextMenu={(event) => {
          if (event.target !== event.currentTarget) return;
          event.preventDefault();
          setMenu({ x: event.clientX, y: event.clientY, entry: null });
        }}
        onDragOver={(event) => onDragOver(event, null)}
        onDragLeave={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropTarget(null);
        }}
        onDrop={(event) => onDrop(event, null)}
      >
        {newRowFor("", 1)}
        {rootListing === undefined && (
          <div className="ide-explorer-loading" role="status" aria-label="Loading files">
            <Skeleton width="60%" />
            <Skeleton width="45%" />
            <Skeleton width="70%" />
          </div>
        )}
        {rootListing?.status === "ready" && rootListing.entries.length === 0 && !editing && (
          <div className="ide-explorer-empty">
            <p>This workspace is empty.</p>
            {canWrite && <p>Create a file, or drop files and folders here to upload them.</p>}
          </div>
        )}
        {rows.map((row) => {
          if (row.kind === "loading") {
            return row.parent === "" ? null : (
              <div key={`loading:${row.parent}`} className="ide-explorer-row ide-explorer-row-note" style={{ paddingLeft: indent(row.depth) }} role="none">
                Loading…
              </div>
            );
          }
          if (row.kind === "error") {
            return (
              <div key={`error:${row.parent}`} className="ide-explorer-row ide-explorer-row-note" data-tone="danger" style={{ paddingLeft: indent(row.depth) }} role="none">
                {row.message}{" "}
                <button type="button" className="ide-explorer-link" onClick={() => void refresh()}>
                  Retry
                </button>
              </div>
            );
          }
          if (row.kind === "more") {
            return (
              <div key={`more:${row.parent}`} className="ide-explorer-row ide-explorer-row-note" style={{ paddingLeft: indent(row.depth) }} role="none">
                {row.count.toLocaleString()} more not shown. Use quick open (Ctrl+P) or a terminal.
              </div>
            );
          }
          const { entry, depth, expanded } = row;
          if (editing?.kind === "rename" && editing.path === entry.path) {
            return (
              <NameInput
                key={entry.path}
                depth={depth}
                icon={<FileIcon name={entry.name} type={entry.type} />}
                label={`Rename ${entry.name}`}
                initial={entry.name}
                validate={(v) => nameProblem(v, siblingsOf(parentOf(entry.path)), entry.name)}
                onCommit={(v) => void commitEdit(v)}
                onCancel={() => setEditing(null)}
              />
            );
          }
          return (
            <Fragment key={entry.path}>
              <ExplorerEntryRow
                entry={entry}
                depth={depth}
                expanded={expanded}
                posInSet={row.posInSet}
                setSize={row.setSize}
                selected={tree.selected === entry.path}
                focusable={focusable === entry.path}
                active={activePath === entry.path}
                dropping={dropTarget === entry.path}
                canWrite={canWrite}
                rowRef={(el) => {
                  if (el) rowRefs.current.set(entry.path, el);
                  else rowRefs.current.delete(entry.path);
                }}
                onActivate={() => activate(entry)}
                onSelect={() => dispatch({ type: "select", path: entry.path })}
                onContextMenu={(event) => {
                  event.preventDefault();
                  event.stopPropagation();
                  dispatch({ type: "select", path: entry.path });
                  setMenu({ x: event.clientX, y: event.clientY, entry });
                }}
                onDragStart={(event) => {
                  event.dataTransfer.setData(MOVE_TYPE, entry.path);
                  event.dataTransfer.setData("text/plain", entry.path);
                  event.dataTransfer.effectAllowed = "move";
                }}
                onDragOver={(event) => onDragOver(event, entry)}
                onDrop={(event) => onDrop(event, entry)}
              />
              {entry.type === "directory" && expanded && newRowFor(entry.path, depth + 1)}
            </Fragment>
          );
        })}
      </div>

      <UploadsList items={uploads.items} onClearFinished={uploads.clearFinished} />

      {menu && <ContextMenu x={menu.x} y={menu.y} label={menu.entry ? `Actions for ${menu.entry.name}` : "Workspace actions"} items={menuItems(menu.entry)} onClose={() => setMenu(null)} />}

      <Dialog
        open={confirmDelete !== null}
        onClose={() => setConfirmDelete(null)}
        role="alertdialog"
        title={confirmDelete ? `Delete ${confirmDelete.name}?` : ""}
        description={
          confirmDelete?.type === "directory"
            ? "The folder and everything in it are deleted from the workspace. A snapshot taken earlier can bring them back."
            : "The file is deleted from the workspace. A snapshot taken earlier can bring it back."
        }
        footer={
          <>
            <Button variant="ghost" onClick={() => setConfirmDelete(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              data-autofocus
              onClick={() => {
                const entry = confirmDelete;
                setConfirmDelete(null);
                if (entry) void remove(entry);
              }}
            >
              Delete
            </Button>
          </>
        }
      />
    </div>
  );
}
