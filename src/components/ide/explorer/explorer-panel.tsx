// The explorer, VS Code style: a lazily loaded tree (a folder is listed when opened), file-type
// icons, a context menu (new, rename, duplicate, delete, download, copy path), drag and drop to
// move, uploads of files and whole folders (drop from the desktop or the Upload buttons) with a
// progress bar per file, and the keyboard (arrows, Enter, F2, Delete). Locked paths are shown with
// the reason, never hidden; viewers see every action and why it is not theirs.
"use client";
import { useQueries, useQueryClient } from "@tanstack/react-query";
import { type DragEvent, Fragment, type KeyboardEvent, type ReactNode, useCallback, useEffect, useId, useMemo, useReducer, useRef, useState } from "react";
import { Button } from "~/components/ui/button";
import { copyText } from "~/components/ui/copy-button";
import { Dialog } from "~/components/ui/dialog";
import { ChevronDownIcon, PlusIcon, RefreshIcon, ShieldIcon } from "~/components/ui/icons";
import { Skeleton } from "~/components/ui/skeleton";
import { useToast } from "~/components/ui/toast";
import { formatBytes } from "~/lib/format";
import { appErrorOf, type RouterOutputs, useTRPC, useTRPCClient } from "~/trpc/react";
import { useEditorTabsContext } from "../editor/use-editor-tabs";
import { useIde } from "../ide-context";
import { ContextMenu, type MenuItem } from "./context-menu";
import { FileIcon } from "./file-icon";
import { baseName, downloadUrl, duplicateName, isSameOrInside, joinPath, nameProblem, parentOf } from "./paths";
import { initialTreeState, type Listing, navigate, type TreeEntry, treeReducer, type TreeRow, visibleRows } from "./tree-state";
import { droppedEntries, pickedFiles, walkEntries } from "./upload";
import { uploadSummary } from "./upload-queue";
import { useUploads } from "./use-uploads";
import "./explorer.css";

type ListResult = RouterOutputs["files"]["list"];
type LockReason = NonNullable<ListResult["entries"][number]["locked"]>["reason"];

const LOCK_REASON: Partial<Record<LockReason, string>> = {
  critical_file: "Protected file: Atrium never serves it through the API, to anyone.",
  blocked_path: "Blocked by one of this workspace's path rules. An owner can change the rules under Members and rules.",
  permission_denied: "Your role does not allow reading it.",
  outside_workspace: "It points outside the workspace.",
  invalid_path: "Its name is not a valid workspace path.",
};
const lockText = (reason: string) => LOCK_REASON[reason as LockReason] ?? "Atrium refuses to read it.";

const MOVE_TYPE = "application/x-atrium-path";
const LIST_LIMIT = 5000;

type Editing = { kind: "new-file" | "new-folder"; parent: string } | { kind: "rename"; path: string };

export function ExplorerPanel() {
  const { workspaceId, canWrite, role, openFile, activePath } = useIde();
  const tabs = useEditorTabsContext();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const [tree, dispatch] = useReducer(treeReducer, initialTreeState);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number; entry: TreeEntry | null } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<TreeEntry | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const rowRefs = useRef(new Map<string, HTMLDivElement>());
  const treeRef = useRef<HTMLDivElement>(null);
  const inputIds = { files: useId(), folder: useId() };
  const [uploadDir, setUploadDir] = useState("");

  // Auto-reveal, as VS Code does: a file opened from search, quick open or a tab shows in the tree.
  // (State adjusted during render, React's pattern for following a prop.)
  const [revealed, setRevealed] = useState<string | null>(null);
  if (activePath !== revealed) {
    setRevealed(activePath);
    if (activePath) dispatch({ type: "reveal", path: activePath });
  }

  const readOnlyReason = canWrite ? null : role === "viewer" ? "Viewers can't change files. Ask an owner for editor access." : "You don't have write access to this workspace.";

  // One listing per open folder (and the root); kept fresh while the tab is visible.
  const folders = useMemo(() => ["", ...[...tree.expanded].sort()], [tree.expanded]);
  const listings = useQueries({
    queries: folders.map((path) => ({
      ...trpc.files.list.queryOptions({ workspaceId, path, limit: LIST_LIMIT }),
      refetchInterval: 15_000,
      retry: false,
    })),
  });
  const listingMap = new Map<string, Listing>();
  folders.forEach((path, i) => {
    const q = listings[i]!;
    if (q.data) listingMap.set(path, { status: "ready", entries: q.data.entries, hiddenCount: Math.max(0, q.data.total - q.data.entries.length) });
    else if (q.isError) listingMap.set(path, { status: "error", message: appErrorOf(q.error).message });
  });
  const rows = visibleRows(tree.expanded, (p) => listingMap.get(p));
  const entryOf = (path: string) => rows.find((r): r is Extract<TreeRow, { kind: "entry" }> => r.kind === "entry" && r.entry.path === path)?.entry ?? null;
  const siblingsOf = (dir: string) => {
    const l = listingMap.get(dir);
    return l?.status === "ready" ? l.entries.map((e) => e.name) : [];
  };

  const refresh = useCallback(() => queryClient.invalidateQueries({ queryKey: trpc.files.list.pathKey() }), [queryClient, trpc]);
  const refreshFind = useCallback(() => queryClient.invalidateQueries({ queryKey: trpc.files.find.pathKey() }), [queryClient, trpc]);

  // Where new things go: the selected folder, or the folder of the selected file, or the root.
  const targetFolder = () => {
    const sel = tree.selected ? entryOf(tree.selected) : null;
    if (!sel) return "";
    return sel.type === "directory" && !sel.locked ? sel.path : parentOf(sel.path);
  };

  const fail = (title: string, error: unknown) => toast({ tone: "error", title, description: appErrorOf(error).message });
  const denied = () => {
    if (readOnlyReason) toast({ tone: "info", title: "Read only", description: readOnlyReason });
  };

  // --- actions -------------------------------------------------------------------------------
  const startNew = (kind: "new-file" | "new-folder", parent = targetFolder()) => {
    if (readOnlyReason) return denied();
    if (parent) dispatch({ type: "expand", path: parent });
    setEditing({ kind, parent });
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
      void refresh();
      void refreshFind();
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
      void refresh();
      void refreshFind();
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
      void refresh();
      void refreshFind();
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
      void refresh();
      void refreshFind();
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
        if (sel && !sel.locked) {
          if (readOnlyReason) denied();
          else setEditing({ kind: "rename", path: sel.path });
        }
        break;
      case "Delete":
        if (sel) {
          if (readOnlyReason) denied();
          else setConfirmDelete(sel);
        }
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
  const dropFolderOf = (entry: TreeEntry | null) => (entry === null ? "" : entry.type === "directory" && !entry.locked ? entry.path : parentOf(entry.path));
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

  // --- menu -------------------------------------------------------------------------------------
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
      <div className="ide-explorer-toolbar">
        <ToolButton label="New file" glyph={<PlusIcon size={14} />} reason={readOnlyReason} onClick={() => startNew("new-file")} />
        <ToolButton label="New folder" glyph={<FolderPlusGlyph />} reason={readOnlyReason} onClick={() => startNew("new-folder")} />
        <ToolButton label="Upload files" glyph={<UploadGlyph />} reason={readOnlyReason} onClick={() => chooseUpload("files")} />
        <ToolButton label="Upload folder" glyph={<UploadFolderGlyph />} reason={readOnlyReason} onClick={() => chooseUpload("folder")} />
        <ToolButton label="Refresh" glyph={<RefreshIcon size={14} />} reason={null} onClick={() => void refresh()} />
        <ToolButton label="Collapse folders" glyph={<ChevronDownIcon size={14} />} reason={null} onClick={() => dispatch({ type: "collapseAll" })} />
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
      </div>
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
          const lock = entry.locked ? lockText(entry.locked.reason) : null;
          const isDir = entry.type === "directory";
          const selected = tree.selected === entry.path;
          return (
            <Fragment key={entry.path}>
              <div
                ref={(el) => {
                  if (el) rowRefs.current.set(entry.path, el);
                  else rowRefs.current.delete(entry.path);
                }}
                role="treeitem"
                aria-label={entry.name}
                aria-level={depth}
                aria-posinset={row.posInSet}
                aria-setsize={row.setSize}
                aria-expanded={isDir && !entry.locked ? expanded : undefined}
                aria-selected={selected}
                aria-disabled={lock ? true : undefined}
                aria-description={lock ? `Locked: ${lock}` : entry.readOnly && canWrite ? "Read only" : undefined}
                tabIndex={focusable === entry.path ? 0 : -1}
                className="ide-explorer-row"
                data-path={entry.path}
                data-type={entry.type}
                data-locked={lock ? "true" : undefined}
                data-active={activePath === entry.path || undefined}
                data-drop={isDir && dropTarget === entry.path ? true : undefined}
                title={lock ?? (entry.type === "file" ? `${entry.path} · ${formatBytes(entry.size)}` : entry.path)}
                style={{ paddingLeft: indent(depth) }}
                draggable={canWrite && !lock}
                onClick={() => activate(entry)}
                onFocus={() => {
                  if (!selected) dispatch({ type: "select", path: entry.path });
                }}
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
              >
                <span className="ide-explorer-twisty" aria-hidden="true" data-open={expanded || undefined}>
                  {isDir && !lock ? "›" : ""}
                </span>
                <FileIcon name={entry.name} type={entry.type} open={expanded} />
                <span className="ide-explorer-name">{entry.name}</span>
                {lock && (
                  <span className="ide-explorer-lock" aria-hidden="true">
                    <ShieldIcon size={12} />
                  </span>
                )}
                {!lock && entry.readOnly && canWrite && (
                  <span className="ide-explorer-badge" aria-hidden="true" title="Read only">
                    RO
                  </span>
                )}
              </div>
              {isDir && expanded && newRowFor(entry.path, depth + 1)}
            </Fragment>
          );
        })}
      </div>

      {uploads.items.length > 0 && (
        <section className="ide-explorer-uploads" aria-label="Uploads">
          <div className="ide-explorer-uploads-head">
            <span>{uploadSummary(uploads.items)}</span>
            <Button size="sm" variant="ghost" onClick={uploads.clearFinished}>
              Clear finished
            </Button>
          </div>
          <ul>
            {uploads.items.map((item) => (
              <li key={item.id} data-status={item.status} title={item.error ?? item.path}>
                <span className="ide-explorer-upload-name mono">{item.path}</span>
                <progress
                  max={Math.max(1, item.size)}
                  value={item.status === "done" ? Math.max(1, item.size) : item.loaded}
                  aria-label={`Uploading ${item.path}`}
                  data-status={item.status}
                />
                <span className="ide-explorer-upload-state">{item.status === "failed" ? "Failed" : item.status === "done" ? "Done" : item.status === "queued" ? "Waiting" : `${Math.round((item.loaded / Math.max(1, item.size)) * 100)}%`}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

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

const indent = (depth: number) => 6 + (depth - 1) * 14;

function ToolButton({ label, glyph, reason, onClick }: { label: string; glyph: ReactNode; reason: string | null; onClick: () => void }) {
  return (
    <button type="button" className="ide-explorer-tool" aria-label={label} aria-disabled={reason ? true : undefined} title={reason ? `${label}: ${reason}` : label} onClick={onClick}>
      {glyph}
    </button>
  );
}

function NameInput({
  depth,
  icon,
  label,
  initial,
  validate,
  onCommit,
  onCancel,
}: {
  depth: number;
  icon: ReactNode;
  label: string;
  initial: string;
  validate: (value: string) => string | null;
  onCommit: (value: string) => void;
  onCancel: () => void;
}) {
  const [value, setValue] = useState(initial);
  const done = useRef(false);
  const problem = value === initial && initial !== "" ? null : validate(value);
  const finish = (commit: boolean) => {
    if (done.current) return;
    if (commit && value !== initial && problem === null) {
      done.current = true;
      onCommit(value);
    } else if (!commit || value === initial || value === "") {
      done.current = true;
      onCancel();
    }
  };
  return (
    <div className="ide-explorer-row ide-explorer-editing" style={{ paddingLeft: indent(depth) }} role="none">
      <span className="ide-explorer-twisty" aria-hidden="true" />
      {icon}
      <div className="ide-explorer-input-wrap">
        <input
          className="ide-explorer-input"
          aria-label={label}
          aria-invalid={problem !== null && value !== "" ? true : undefined}
          value={value}
          spellCheck={false}
          autoFocus
          onFocus={(e) => {
            // Select the name without its extension, as VS Code does.
            const dot = initial.lastIndexOf(".");
            e.currentTarget.setSelectionRange(0, dot > 0 ? dot : initial.length);
          }}
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => {
            e.stopPropagation();
            if (e.key === "Enter") finish(true);
            else if (e.key === "Escape") finish(false);
          }}
          onBlur={() => finish(problem === null)}
        />
        {problem && value !== "" && (
          <div className="ide-explorer-input-error" role="alert">
            {problem}
          </div>
        )}
      </div>
    </div>
  );
}

function FolderPlusGlyph() {
  return (
    <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z" />
      <path d="M12 11v5M9.5 13.5h5" />
    </svg>
  );
}

function UploadGlyph() {
  return (
    <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M12 15V4M7 9l5-5 5 5" />
      <path d="M4 15v4a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-4" />
    </svg>
  );
}

function UploadFolderGlyph() {
  return (
    <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z" />
      <path d="M12 17v-6M9.5 13.5 12 11l2.5 2.5" />
    </svg>
  );
}
