// A save that found a newer version on the server: nothing is lost whichever way it goes. "Keep
// mine" overwrites (against the version just seen, so a third save in between is caught again),
// "Take theirs" loads the server's text as one undoable edit (Ctrl+Z brings mine back), and
// "Compare" shows both in Monaco's diff editor, where mine can be edited before keeping it.
"use client";
import { useQuery } from "@tanstack/react-query";
import type * as Monaco from "monaco-editor";
import { useEffect, useRef, useState } from "react";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Dialog } from "~/components/ui/dialog";
import { Skeleton } from "~/components/ui/skeleton";
import { useToast } from "~/components/ui/toast";
import { appErrorOf, useTRPCClient } from "~/trpc/react";
import { baseName } from "../explorer/paths";
import { useIde } from "../ide-context";
import type { DocumentStore, MonacoApi } from "./document-store";
import { type AppTheme, monacoTheme } from "./use-monaco";

interface Props {
  path: string;
  monaco: MonacoApi;
  store: DocumentStore;
  theme: AppTheme;
  onResolved: () => void;
  onClose: () => void;
}

type Theirs = { exists: true; text: string; version: string; binary: boolean; modifiedAt: string } | { exists: false };

export type DiffLayout = "side-by-side" | "inline";

/** What the two sides of the comparison are, in words people read the same way in both layouts. */
export function compareLabels(server: { exists: boolean; modifiedAt?: string; by?: string | null }): { mine: string; theirs: string } {
  const when = server.modifiedAt ? new Date(server.modifiedAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" }) : null;
  const theirs = !server.exists ? "On disk now: deleted" : `On disk now${server.by ? `, by ${server.by}` : ""}${when ? ` at ${when}` : ""}`;
  return { mine: "Your version (unsaved)", theirs };
}

/**
 * Labels over Monaco's diff: one per column side by side; inline, a legend tying the red (removed)
 * lines to the disk and the green (added) lines to you, since inline has no columns to label.
 */
export function CompareLabels({ layout, mine, theirs }: { layout: DiffLayout; mine: string; theirs: string }) {
  if (layout === "side-by-side") {
    return (
      <div className="ide-conflict-diff-labels" data-testid="conflict-labels" data-layout={layout}>
        <span data-side="theirs">{theirs} (read-only)</span>
        <span data-side="mine">{mine}, editable</span>
      </div>
    );
  }
  return (
    <ul className="ide-conflict-legend" data-testid="conflict-labels" data-layout={layout} aria-label="Legend">
      <li data-side="theirs">
        <span className="ide-conflict-swatch" data-side="theirs" aria-hidden="true">−</span> Red lines: {theirs}
      </li>
      <li data-side="mine">
        <span className="ide-conflict-swatch" data-side="mine" aria-hidden="true">+</span> Green lines: {mine}, editable
      </li>
    </ul>
  );
}

export function ConflictDialog({ path, monaco, store, theme, onResolved, onClose }: Props) {
  const { workspaceId } = useIde();
  const client = useTRPCClient();
  const { toast } = useToast();
  const [comparing, setComparing] = useState(false);
  const [layout, setLayout] = useState<DiffLayout>("side-by-side");
  const [busy, setBusy] = useState<"mine" | "theirs" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const diffRef = useRef<Monaco.editor.IStandaloneDiffEditor | null>(null);
  // Read when the diff editor is created; later changes go through updateOptions.
  const layoutRef = useRef<DiffLayout>("side-by-side");
  useEffect(() => {
    layoutRef.current = layout;
  });
  const hostRef = useRef<HTMLDivElement>(null);

  const theirs = useQuery({
    queryKey: ["ide", "conflict", workspaceId, path],
    queryFn: async (): Promise<Theirs> => {
      try {
        const r = await client.files.read.query({ workspaceId, path });
        return { exists: true, text: r.encoding === "utf8" ? r.content : "", version: r.version, binary: r.encoding !== "utf8", modifiedAt: r.modifiedAt };
      } catch (e) {
        if (appErrorOf(e).code === "NOT_FOUND") return { exists: false };
        throw e;
      }
    },
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });

  // The diff editor: theirs on the left (read-only), mine on the right (editable).
  const server = theirs.data;
  const labels = server ? compareLabels(server) : null;
  useEffect(() => {
    diffRef.current?.updateOptions({ renderSideBySide: layout === "side-by-side" });
  }, [layout]);
  useEffect(() => {
    const host = hostRef.current;
    const model = store.model(path);
    if (!comparing || !host || !server || !model) return;
    const original = monaco.editor.createModel(server.exists ? server.text : "", model.getLanguageId());
    const modified = monaco.editor.createModel(model.getValue(), model.getLanguageId());
    const names = compareLabels(server);
    const diff = monaco.editor.createDiffEditor(host, {
      automaticLayout: true,
      renderSideBySide: layoutRef.current === "side-by-side",
      // Narrow dialogs would otherwise switch to inline on their own, without our legend knowing.
      useInlineViewWhenSpaceIsLimited: false,
      renderIndicators: true,
      originalEditable: false,
      originalAriaLabel: names.theirs,
      modifiedAriaLabel: names.mine,
      theme: monacoTheme(theme),
    });
    diff.setModel({ original, modified });
    diffRef.current = diff;
    // Each changed line says which side it is when hovered, in either layout.
    const mineMarks = diff.getModifiedEditor().createDecorationsCollection();
    const theirMarks = diff.getOriginalEditor().createDecorationsCollection();
    const mark = (start: number, end: number, label: string, side: string) => ({
      range: new monaco.Range(start, 1, Math.max(start, end), 1),
      options: { isWholeLine: true, hoverMessage: { value: label }, linesDecorationsClassName: `ide-conflict-margin ide-conflict-margin-${side}` },
    });
    const onDiff = diff.onDidUpdateDiff(() => {
      const changes = diff.getLineChanges() ?? [];
      mineMarks.set(changes.filter((c) => c.modifiedEndLineNumber > 0).map((c) => mark(c.modifiedStartLineNumber, c.modifiedEndLineNumber, names.mine, "mine")));
      theirMarks.set(changes.filter((c) => c.originalEndLineNumber > 0).map((c) => mark(c.originalStartLineNumber, c.originalEndLineNumber, names.theirs, "theirs")));
    });
    return () => {
      onDiff.dispose();
      diffRef.current = null;
      diff.dispose();
      original.dispose();
      modified.dispose();
    };
  }, [comparing, server, monaco, store, path, theme]);

  const keepMine = async () => {
    if (!server) return;
    setBusy("mine");
    setError(null);
    try {
      // Edits made on the right of the diff are part of "mine".
      const merged = diffRef.current?.getModifiedEditor().getValue();
      if (merged !== undefined && merged !== store.model(path)?.getValue()) store.setText(path, merged);
      const snap = store.snapshot(path);
      if (!snap) return;
      const result = await client.files.write.mutate({ workspaceId, path, content: snap.text, ...(server.exists ? { ifMatch: server.version } : {}) });
      store.markSaved(path, result.version, snap.alt);
      toast({ title: `Saved your version of ${baseName(path)}` });
      onResolved();
    } catch (e) {
      const app = appErrorOf(e);
      setError(app.reason === "version_conflict" ? "It changed again on the server while you were deciding. Compare again and choose." : app.message);
      if (app.reason === "version_conflict") void theirs.refetch();
    } finally {
      setBusy(null);
    }
  };

  const takeTheirs = () => {
    if (!server?.exists) return;
    setBusy("theirs");
    store.replaceWithServer(path, server.text, server.version);
    setBusy(null);
    toast({ tone: "info", title: `Loaded the server's ${baseName(path)}`, description: "Your version is one undo away (Ctrl+Z) if you need it back." });
    onResolved();
  };

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      dismissible={busy === null}
      title="This file changed on the server"
      description={
        <>
          Someone saved <span className="mono">{path}</span> after you opened it. Your changes are still here; choose which version to keep.
        </>
      }
      data-testid="conflict-dialog"
      footer={
        <>
          <Button variant="ghost" onClick={() => setComparing((c) => !c)} disabled={!server || busy !== null}>
            {comparing ? "Hide comparison" : "Compare"}
          </Button>
          <Button onClick={takeTheirs} disabled={!server?.exists || server.binary || busy !== null} loading={busy === "theirs"}>
            Take theirs (reload)
          </Button>
          <Button variant="primary" onClick={() => void keepMine()} disabled={!server || busy !== null} loading={busy === "mine"} data-autofocus>
            {comparing ? "Keep mine (with edits on the right)" : "Keep mine (overwrite)"}
          </Button>
        </>
      }
    >
      {theirs.isPending && <Skeleton height={40} />}
      {theirs.isError && (
        <Alert tone="danger" role="alert" title="The server's version could not be loaded">
          {appErrorOf(theirs.error).message}
        </Alert>
      )}
      {server && !server.exists && (
        <Alert tone="warning" title="It was deleted on the server">
          Keep mine saves your text again as {baseName(path)}.
        </Alert>
      )}
      {server?.exists && server.binary && (
        <Alert tone="warning" title="It is now a binary file on the server">
          Keep mine replaces it with your text; to keep both, copy your text to a new file first.
        </Alert>
      )}
      {error && (
        <Alert tone="danger" role="alert">
          {error}
        </Alert>
      )}
      {comparing && labels && (
        <div className="ide-conflict-compare-bar">
          <div className="ide-conflict-layout" role="group" aria-label="Comparison layout">
            <button type="button" className="btn btn-ghost btn-sm" aria-pressed={layout === "side-by-side"} onClick={() => setLayout("side-by-side")}>
              Side by side
            </button>
            <button type="button" className="btn btn-ghost btn-sm" aria-pressed={layout === "inline"} onClick={() => setLayout("inline")}>
              Inline
            </button>
          </div>
          <CompareLabels layout={layout} mine={labels.mine} theirs={labels.theirs} />
        </div>
      )}
      {comparing && <div ref={hostRef} className="ide-conflict-diff" data-testid="conflict-diff" />}
    </Dialog>
  );
}
