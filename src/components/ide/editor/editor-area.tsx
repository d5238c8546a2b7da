// The editor area, VS Code style: tabs with unsaved dots, Monaco for text (one model per file,
// kept while its tab is open), a binary/too-large view with a download link, a read-only banner,
// Ctrl/Cmd+S to save with the version the text was loaded at, a conflict dialog when someone saved
// in between, and Ctrl/Cmd+P quick open.
"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type * as Monaco from "monaco-editor";
import { useCallback, useEffect, useRef, useState } from "react";
import { refetchAfterEvent } from "~/components/realtime/refetch-after-event";
import { Button } from "~/components/ui/button";
import { Dialog } from "~/components/ui/dialog";
import { EmptyState, LoadFailed } from "~/components/ui/empty-state";
import { AlertCircleIcon, XIcon } from "~/components/ui/icons";
import { Skeleton } from "~/components/ui/skeleton";
import { useToast } from "~/components/ui/toast";
import { formatBytes } from "~/lib/format";
import { appErrorOf, useTRPC, useTRPCClient } from "~/trpc/react";
import { FileIcon } from "../explorer/file-icon";
import { baseName, downloadUrl, parentOf } from "../explorer/paths";
import { useIde } from "../ide-context";
import { ConflictDialog } from "./conflict-dialog";
import { QuickOpen } from "./quick-open";
import type { EditorTabsState } from "./use-editor-tabs";
import { monacoTheme, useAppTheme, useMonaco } from "./use-monaco";
import "./editor.css";

const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

export function EditorArea({ tabs }: { tabs: EditorTabsState }) {
  const { workspaceId, canWrite, role, socket } = useIde();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const monacoState = useMonaco();
  const theme = useAppTheme();
  const { store, activePath } = tabs;

  const hostRef = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const [quickOpen, setQuickOpen] = useState(false);
  const [closing, setClosing] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());

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
  const pathReadOnly = statQuery.data?.path === activePath ? statQuery.data.readOnly : false;
  const readOnly = !canWrite || pathReadOnly;
  const readOnlyReason = !canWrite
    ? role === "viewer"
      ? "Read only: you are a viewer in this workspace. Ask an owner for editor access to change files."
      : "Read only: you are not a member of this workspace with write access."
    : pathReadOnly
      ? "Read only: a path rule or Atrium's protected-file list stops changes to this file."
      : null;

  // One editor instance for the whole area; models are swapped in as tabs change.
  useEffect(() => {
    const host = hostRef.current;
    if (monacoState.status !== "ready" || !host) return;
    const instance = monacoState.monaco.editor.create(host, {
      model: null,
      automaticLayout: true,
      fontSize: 13,
      fontFamily: 'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace',
      minimap: { enabled: true },
      scrollBeyondLastLine: false,
      renderWhitespace: "selection",
      tabSize: 4,
      theme: monacoTheme(document.documentElement.dataset.theme === "dark" ? "dark" : "light"),
    });
    setEditor(instance);
    tabs.editorHandle.set(instance); // read by the status bar
    return () => {
      tabs.editorHandle.set(null);
      instance.dispose();
      setEditor(null);
    };
  }, [monacoState, tabs.editorHandle]);

  useEffect(() => {
    if (monacoState.status === "ready") monacoState.monaco.editor.setTheme(monacoTheme(theme));
  }, [monacoState, theme]);

  // Show the active file's model (created from the loaded text the first time), keeping each
  // file's scroll and cursor; then honour an "open at line" request (search results, tasks).
  const activeTab = tabs.tabs.find((t) => t.path === activePath);
  const reveal = activeTab?.reveal;
  const shownPath = useRef<string | null>(null);
  const revealed = useRef(0);
  useEffect(() => {
    if (!editor || monacoState.status !== "ready") return;
    store.attach(monacoState.monaco);
    const previous = shownPath.current;
    if (previous && previous !== activePath && store.has(previous)) store.saveViewState(previous, editor.saveViewState());
    let model = activePath ? store.model(activePath) : null;
    if (!model && activePath && doc && doc.path === activePath && doc.encoding === "utf8") model = store.open(doc.path, doc.content, doc.language, doc.version);
    if (editor.getModel() !== model) {
      editor.setModel(model);
      const view = model && activePath ? store.viewState(activePath) : null;
      if (view) editor.restoreViewState(view);
    }
    shownPath.current = model ? activePath : null;
    if (model && reveal && revealed.current !== reveal.nonce) {
      revealed.current = reveal.nonce;
      const line = Math.min(reveal.line, model.getLineCount());
      editor.setPosition({ lineNumber: line, column: reveal.column });
      editor.revealLineInCenter(line);
      editor.focus();
    }
  }, [editor, monacoState, activePath, doc, store, reveal]);

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

  // After a snapshot restore the files under the open tabs are the snapshot's: reload every tab
  // without unsaved edits (as one undoable edit); tabs with edits keep them, and the conflict
  // dialog catches them on save.
  const openPaths = useRef<string[]>([]);
  useEffect(() => {
    openPaths.current = tabs.tabs.map((t) => t.path);
  });
  useEffect(() => {
    if (!socket) return;
    const onRestored = (payload: { workspaceId: string; targetWorkspaceId: string }) => {
      if (payload.targetWorkspaceId !== workspaceId) return;
      void refetchAfterEvent(queryClient, trpc.files.stat.queryKey());
      for (const path of openPaths.current) {
        if (!store.has(path) || store.isDirty(path)) continue;
        client.files.read.query({ workspaceId, path }).then(
          (fresh) => {
            if (fresh.encoding === "utf8" && !store.isDirty(path)) store.replaceWithServer(path, fresh.content, fresh.version);
          },
          // Gone in the snapshot: the tab stays with its text; saving would recreate the file.
          () => undefined,
        );
      }
    };
    socket.on("snapshot:restored", onRestored);
    return () => {
      socket.off("snapshot:restored", onRestored);
    };
  }, [socket, client, queryClient, store, trpc, workspaceId]);

  // Ctrl/Cmd+S and Ctrl/Cmd+P anywhere in the IDE, Monaco included (captured before it sees them).
  const keys = useRef({ save: () => undefined as unknown, quickOpen: () => undefined as unknown });
  useEffect(() => {
    keys.current = {
      save: () => {
        if (activePath && !readOnly) void save(activePath);
      },
      quickOpen: () => setQuickOpen(true),
    };
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = isMac() ? event.metaKey : event.ctrlKey;
      if (!mod || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === "s" && !event.shiftKey) {
        event.preventDefault();
        event.stopPropagation();
        keys.current.save();
      } else if (key === "p" && !event.shiftKey) {
        event.preventDefault();
        event.stopPropagation();
        keys.current.quickOpen();
      }
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);

  const forget = useCallback(
    (path: string) => {
      tabs.closeNow(path);
      // A reopened tab must load the file again, not the text cached when it was first opened.
      queryClient.removeQueries({ queryKey: trpc.files.read.queryKey({ workspaceId, path }) });
    },
    [queryClient, tabs, trpc, workspaceId],
  );
  const requestClose = (path: string) => {
    if (store.isDirty(path)) setClosing(path);
    else forget(path);
  };

  const readError = readQuery.isError ? appErrorOf(readQuery.error) : null;
  const showEditor = activePath !== null && isText && monacoState.status === "ready";

  return (
    <div className="ide-editor-area" data-testid="editor-area">
      {tabs.tabs.length > 0 && (
        <div className="ide-editor-tabbar">
          <div className="ide-editor-tabs" role="tablist" aria-label="Open files">
            {tabs.tabs.map((tab) => {
              const name = baseName(tab.path);
              const selected = tab.path === activePath;
              return (
                <div key={tab.path} className="ide-editor-tab" data-active={selected} data-dirty={tab.dirty} title={tab.path}>
                  <button
                    type="button"
                    role="tab"
                    aria-selected={selected}
                    aria-label={name}
                    aria-description={tab.dirty ? "Unsaved changes" : undefined}
                    className="ide-editor-tab-label"
                    onClick={() => tabs.activate(tab.path)}
                    onAuxClick={(event) => {
                      if (event.button === 1) requestClose(tab.path);
                    }}
                  >
                    <FileIcon name={name} type="file" />
                    <span>{name}</span>
                  </button>
                  <button
                    type="button"
                    className="ide-editor-tab-close"
                    aria-label={tab.dirty ? `Close ${name} (unsaved changes)` : `Close ${name}`}
                    title={tab.dirty ? "Unsaved changes. Close…" : "Close"}
                    onClick={() => requestClose(tab.path)}
                  >
                    {tab.dirty ? <span className="ide-editor-dirty-dot" aria-hidden="true" /> : <XIcon size={12} />}
                  </button>
                </div>
              );
            })}
          </div>
          {activePath && (
            <div className="ide-editor-actions">
              <span className="ide-editor-path mono" title={activePath}>
                {activePath}
              </span>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => void save(activePath)}
                disabled={readOnly || !activeTab?.dirty}
                loading={saving.has(activePath)}
                title={readOnly ? (readOnlyReason ?? "Read only") : `Save (${isMac() ? "⌘" : "Ctrl+"}S)`}
              >
                Save
              </Button>
            </div>
          )}
        </div>
      )}
      {activePath && readOnly && isText && (
        <div className="ide-editor-banner" role="note" data-testid="readonly-banner">
          {readOnlyReason}
        </div>
      )}
      <div className="ide-editor-body">
        <div
          ref={hostRef}
          className="ide-editor-host"
          data-testid="editor"
          data-path={showEditor ? activePath : ""}
          data-readonly={String(readOnly)}
          data-dirty={String(activeTab?.dirty ?? false)}
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
              <BinaryView path={activePath} workspaceId={workspaceId} title="Binary file" description={`${baseName(activePath)} is a binary file, ${formatBytes(doc.size)} (${doc.mime}). It is not shown in the editor.`} />
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

function BinaryView({ path, workspaceId, title, description }: { path: string; workspaceId: string; title: string; description: string }) {
  return (
    <div className="ide-editor-binary" data-testid="binary-view" data-path={path}>
      <EmptyState
        title={title}
        description={description}
        actions={
          <a className="btn btn-secondary" href={downloadUrl(workspaceId, path)} download={baseName(path)}>
            Download {baseName(path)}
          </a>
        }
      />
    </div>
  );
}
