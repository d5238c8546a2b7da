// The editor area, VS Code style: tabs, Monaco for text (one model per file, kept while its tab
// is open), a binary/too-large view with a download link, Ctrl/Cmd+P quick open. Text files are
// co-edited (use-collab: saved by the server, others' cursors, follow mode, Ctrl/Cmd+S flushes
// now); a file the server will not share falls back to load-and-save with the conflict dialog.
// This container wires hooks to props-only views (editor-tab-bar, editor-notices, binary-view).
"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { Button } from "~/components/ui/button";
import { Dialog } from "~/components/ui/dialog";
import { EmptyState, LoadFailed } from "~/components/ui/empty-state";
import { AlertCircleIcon } from "~/components/ui/icons";
import { Skeleton } from "~/components/ui/skeleton";
import { useToast } from "~/components/ui/toast";
import { formatBytes } from "~/lib/format";
import { appErrorOf, useTRPC, useTRPCClient } from "~/trpc/react";
import { baseName, parentOf } from "../explorer/paths";
import { useIde } from "../ide-context";
import { BinaryView } from "./binary-view";
import { setFollow } from "./collab/follow-store";
import { ConflictDialog } from "./conflict-dialog";
import { EditorNotices } from "./editor-notices";
import { EditorTabBar, type SaveMode } from "./editor-tab-bar";
import { QuickOpen } from "./quick-open";
import { useCollab } from "./use-collab";
import { useEditorInstance } from "./use-editor-instance";
import { isMac, useEditorKeys } from "./use-editor-keys";
import type { EditorTabsState } from "./use-editor-tabs";
import { useExternalReload } from "./use-external-reload";
import "./editor.css";

export function EditorArea({ tabs }: { tabs: EditorTabsState }) {
  const { workspaceId, canWrite, role, socket, currentUser, presence } = useIde();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const { store, activePath } = tabs;

  const [quickOpen, setQuickOpen] = useState(false);
  const [closing, setClosing] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());
  const [resolving, setResolving] = useState(false);

  const readQuery = useQuery({
    ...trpc.files.read.queryOptions({ workspaceId, path: activePath ?? "" }),
    enabled: activePath !== null,
    // The editor's model is the truth once loaded; never overwrite it from a background refetch.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: false,
  });
  const statQuery = useQuery({
    ...trpc.files.stat.queryOptions({ workspaceId, path: activePath ?? "" }),
    enabled: activePath !== null,
    staleTime: 30_000,
    retry: false,
  });

  const doc = readQuery.data && readQuery.data.path === activePath ? readQuery.data : null;
  const isText = doc !== null && doc.encoding === "utf8";
  const openPaths = tabs.tabs.map((t) => t.path);

  const forget = useCallback(
    (path: string) => {
      tabs.closeNow(path);
      // A reopened tab must load the file again, not the text cached when it was first opened.
      queryClient.removeQueries({ queryKey: trpc.files.read.queryKey({ workspaceId, path }) });
    },
    [queryClient, tabs, trpc, workspaceId],
  );

  // Co-editing needs the editor, and the editor's read-only state needs co-editing's verdict: the
  // editor instance takes the collab hook's model callback through a ref-stable wrapper.
  const modelSinkRef = useRef<ReturnType<typeof useCollab>["onModel"] | null>(null);
  const activeTab = tabs.tabs.find((t) => t.path === activePath);
  const { hostRef, editor, monacoState, theme } = useEditorInstance({
    store,
    activePath,
    doc,
    reveal: activeTab?.reveal,
    onModel: (path, model, text) => modelSinkRef.current?.(path, model, text),
  });
  // The status bar reads the cursor, selection and model through this handle.
  useEffect(() => {
    tabs.editorHandle.set(editor);
    return () => tabs.editorHandle.set(null);
  }, [editor, tabs.editorHandle]);
  const collab = useCollab({
    socket,
    workspaceId,
    user: currentUser,
    editor,
    monacoState,
    store,
    openPaths,
    activePath,
    presence,
    openFile: tabs.openFile,
    onClosed: (path, message) => {
      toast({ tone: "error", title: `${baseName(path)} was closed`, description: message });
      forget(path);
    },
  });
  // A layout effect runs before the editor's (passive) effect that creates models.
  useLayoutEffect(() => {
    modelSinkRef.current = collab.onModel;
  });
  useExternalReload(socket, workspaceId, store, openPaths);

  const shared = collab.shared && collab.state !== null;
  const pathReadOnly = statQuery.data?.path === activePath ? statQuery.data.readOnly : false;
  const readOnly = shared ? collab.state!.readOnly : !canWrite || pathReadOnly;
  const readOnlyReason = shared
    ? collab.state!.readOnly
      ? (collab.state!.readOnlyReason ?? "Read only.")
      : null
    : !canWrite
      ? role === "viewer"
        ? "Read only: you are a viewer in this workspace. Ask an owner for editor access to change files."
        : "Read only: you are not a member of this workspace with write access."
      : pathReadOnly
        ? "Read only: a path rule or Atrium's protected-file list stops changes to this file."
        : null;
  useEffect(() => {
    editor?.updateOptions({ readOnly, readOnlyMessage: { value: readOnlyReason ?? "Read only" } });
  }, [editor, readOnly, readOnlyReason]);

  const save = useCallback(
    async (path: string) => {
      const snap = store.snapshot(path);
      if (!snap || !store.isDirty(path)) return;
      setSaving((s) => new Set(s).add(path));
      try {
        const result = await client.files.write.mutate({ workspaceId, path, content: snap.text, ifMatch: snap.version });
        store.markSaved(path, result.version, snap.alt);
        void queryClient.invalidateQueries({ queryKey: trpc.files.list.queryKey({ workspaceId, path: parentOf(path) }) });
      } catch (error) {
        const e = appErrorOf(error);
        if (e.code === "CONFLICT" && e.reason === "version_conflict") setConflict(path);
        else toast({ tone: "error", title: `${baseName(path)} was not saved`, description: e.message });
      } finally {
        setSaving((s) => {
          const next = new Set(s);
          next.delete(path);
          return next;
        });
      }
    },
    [client, queryClient, store, toast, trpc, workspaceId],
  );

  const flush = useCallback(
    async (path: string) => {
      const result = await collab.session?.flush(path);
      if (result && !result.ok) toast({ tone: "error", title: `${baseName(path)} was not saved`, description: result.error.message });
    },
    [collab.session, toast],
  );

  useEditorKeys({
    save: () => {
      if (!activePath || readOnly) return;
      if (store.isShared(activePath)) void flush(activePath);
      else void save(activePath);
    },
    quickOpen: () => setQuickOpen(true),
  });

  const requestClose = (path: string) => {
    if (store.isDirty(path)) setClosing(path);
    else forget(path);
  };

  const resolve = async (choice: "keep_mine" | "take_disk") => {
    if (!activePath || !collab.session) return;
    setResolving(true);
    const result = await collab.session.resolve(activePath, choice);
    setResolving(false);
    if (!result.ok) toast({ tone: "error", title: "That did not work", description: result.error.message });
  };

  const readError = readQuery.isError ? appErrorOf(readQuery.error) : null;
  const showEditor = activePath !== null && isText && monacoState.status === "ready";
  const state = shared ? collab.state! : null;
  const saveMode: SaveMode | null = !activePath
    ? null
    : state
      ? {
          kind: "shared",
          state: state.status === "offline" ? "offline" : state.conflict?.reason === "write_failed" ? "error" : state.status === "joining" ? "joining" : "live",
          label:
            state.status === "offline"
              ? "Offline — edits kept"
              : state.status === "joining"
                ? "Connecting…"
                : state.conflict?.reason === "write_failed"
                  ? "Not saved"
                  : state.unsaved
                    ? "Saving…"
                    : state.savedAt
                      ? "Saved"
                      : "Live",
        }
      : {
          kind: "manual",
          canSave: !readOnly && Boolean(activeTab?.dirty),
          saving: saving.has(activePath),
          title: readOnly ? (readOnlyReason ?? "Read only") : `Save (${isMac() ? "⌘" : "Ctrl+"}S)`,
        };
  const roleLabel = state ? (state.readOnly ? (state.readOnlyReason?.startsWith("Viewer") ? "Viewer" : "Read only") : "Editor") : null;

  return (
    <div className="ide-editor-area" data-testid="editor-area">
      <EditorTabBar
        tabs={tabs.tabs}
        activePath={activePath}
        roleLabel={roleLabel}
        save={saveMode}
        onActivate={(path) => {
          tabs.activate(path);
          setFollow(null);
        }}
        onClose={requestClose}
        onSave={() => {
          if (activePath) void save(activePath);
        }}
      />
      {activePath && isText && (
        <EditorNotices
          readOnlyReason={readOnly ? readOnlyReason : null}
          following={collab.follow?.name ?? null}
          notice={state?.notice ?? null}
          conflict={state?.conflict ?? null}
          canKeepMine={!readOnly}
          busy={resolving}
          onStopFollowing={() => setFollow(null)}
          onDismissNotice={() => collab.session?.dismiss(activePath)}
          onKeepMine={() => void resolve("keep_mine")}
          onTakeDisk={() => void resolve("take_disk")}
          onCloseFile={() => forget(activePath)}
        />
      )}
      <div className="ide-editor-body">
        <div
          ref={hostRef}
          className="ide-editor-host"
          data-testid="editor"
          data-path={showEditor ? activePath : ""}
          data-readonly={String(readOnly)}
          data-dirty={String(activeTab?.dirty ?? false)}
          data-shared={String(shared)}
          data-collab={state?.status ?? "none"}
          hidden={!showEditor}
        />
        {activePath === null && (
          <div className="ide-editor-empty">
            <EmptyState
              title="No file open"
              description={
                <>
                  Open a file from the explorer, or press <kbd>{isMac() ? "⌘" : "Ctrl"}</kbd> <kbd>P</kbd> to find one by name.
                </>
              }
              actions={<Button onClick={() => setQuickOpen(true)}>Go to file…</Button>}
            />
          </div>
        )}
        {activePath !== null && !showEditor && (
          <div className="ide-editor-state">
            {monacoState.status === "failed" ? (
              <EmptyState tone="danger" icon={<AlertCircleIcon size={20} />} title="The editor could not load" description="Monaco did not load from /monaco/vs. Reload the page; if it keeps failing, the server's public/monaco folder is missing (run npm install)." />
            ) : readQuery.isPending || (isText && monacoState.status === "loading") ? (
              <div className="ide-editor-loading" role="status" aria-label={`Opening ${baseName(activePath)}`}>
                <Skeleton width="40%" />
                <Skeleton width="70%" />
                <Skeleton width="55%" />
              </div>
            ) : readError ? (
              readError.reason === "file_too_large" ? (
                <BinaryView path={activePath} workspaceId={workspaceId} title="This file is too large to open here" description={readError.message} />
              ) : (
                <LoadFailed title={`${baseName(activePath)} could not be opened`} message={readError.message} onRetry={() => void readQuery.refetch()} retrying={readQuery.isFetching} />
              )
            ) : doc && !isText ? (
              <BinaryView path={activePath} workspaceId={workspaceId} title="Binary file" description={`${baseName(activePath)} is a binary file, ${formatBytes(doc.size)} (${doc.mime}). It is not shown in the editor, and binary files are not edited together.`} />
            ) : null}
          </div>
        )}
      </div>

      {quickOpen && <QuickOpen onClose={() => setQuickOpen(false)} onPick={(path) => tabs.openFile(path)} />}

      <Dialog
        open={closing !== null}
        onClose={() => setClosing(null)}
        role="alertdialog"
        title={closing ? `Save changes to ${baseName(closing)}?` : ""}
        description="Your changes will be lost if you don't save them."
        footer={
          <>
            <Button variant="ghost" onClick={() => setClosing(null)}>
              Cancel
            </Button>
            <Button
              variant="danger-ghost"
              onClick={() => {
                if (closing) forget(closing);
                setClosing(null);
              }}
            >
              Don’t save
            </Button>
            <Button
              variant="primary"
              data-autofocus
              disabled={readOnly}
              onClick={() => {
                const path = closing;
                setClosing(null);
                if (!path) return;
                void save(path).then(() => {
                  if (!store.isDirty(path)) forget(path);
                });
              }}
            >
              Save
            </Button>
          </>
        }
      />

      {conflict && monacoState.status === "ready" && (
        <ConflictDialog
          path={conflict}
          monaco={monacoState.monaco}
          store={store}
          theme={theme}
          onResolved={() => {
            setConflict(null);
            void queryClient.invalidateQueries({ queryKey: trpc.files.list.queryKey({ workspaceId, path: parentOf(conflict) }) });
          }}
          onClose={() => setConflict(null)}
        />
      )}
    </div>
  );
}
