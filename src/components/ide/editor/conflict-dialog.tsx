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

type Theirs = { exists: true; text: string; version: string; binary: boolean } | { exists: false };

export function ConflictDialog({ path, monaco, store, theme, onResolved, onClose }: Props) {
  const { workspaceId } = useIde();
  const client = useTRPCClient();
  const { toast } = useToast();
  const [comparing, setComparing] = useState(false);
  const [busy, setBusy] = useState<"mine" | "theirs" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const diffRef = useRef<Monaco.editor.IStandaloneDiffEditor | null>(null);
  const hostRef = useRef<HTMLDivElement>(null);

  const theirs = useQuery({
    queryKey: ["ide", "conflict", workspaceId, path],
    queryFn: async (): Promise<Theirs> => {
      try {
        const r = await client.files.read.query({ workspaceId, path });
        return { exists: true, text: r.encoding === "utf8" ? r.content : "", version: r.version, binary: r.encoding !== "utf8" };
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
  useEffect(() => {
    const host = hostRef.current;
    const model = store.model(path);
    if (!comparing || !host || !server || !model) return;
    const original = monaco.editor.createModel(server.exists ? server.text : "", model.getLanguageId());
    const modified = monaco.editor.createModel(model.getValue(), model.getLanguageId());
    const diff = monaco.editor.createDiffEditor(host, { automaticLayout: true, renderSideBySide: true, originalEditable: false, theme: monacoTheme(theme) });
    diff.setModel({ original, modified });
    diffRef.current = diff;
    return () => {
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
      {comparing && (
        <div className="ide-conflict-diff-labels" aria-hidden="true">
          <span>On the server (theirs)</span>
          <span>Yours (editable)</span>
        </div>
      )}
      {comparing && <div ref={hostRef} className="ide-conflict-diff" data-testid="conflict-diff" />}
    </Dialog>
  );
}
