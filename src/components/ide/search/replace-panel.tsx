// "Replace in files" (Ctrl+Shift+H): the container for ReplaceView. Preview, apply and undo go to
// files.replacePreview / replaceApply / replaceUndo; the server re-checks every file (path rules,
// versions, quota). Open tabs without unsaved edits are refreshed with the new text afterwards.
"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { appErrorOf, type RouterOutputs, useTRPC, useTRPCClient } from "~/trpc/react";
import { useEditorTabsContext } from "../editor/use-editor-tabs";
import { useIde } from "../ide-context";
import { type PreviewFileView, type ReplaceForm, type ReplaceOutcome, ReplaceView } from "./replace-view";
import { splitGlobs } from "./search-model";
import "./search.css";

type Applied = RouterOutputs["files"]["replaceApply"];

export function ReplacePanel() {
  const { workspaceId, openFile } = useIde();
  const tabs = useEditorTabsContext();
  const client = useTRPCClient();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<ReplaceForm>({ query: "", replacement: "", regex: false, caseSensitive: false, wholeWord: false, include: "", exclude: "node_modules, .git" });
  const [preview, setPreview] = useState<(PreviewFileView & { version: string })[] | null>(null);
  const [asked, setAsked] = useState<ReplaceForm | null>(null);
  const [busy, setBusy] = useState<"preview" | "apply" | "undo" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<ReplaceOutcome | null>(null);
  const [undo, setUndo] = useState<Applied["changed"] | null>(null);

  /**
   * Clean open tabs of these files take the text now on disk (one undoable edit each). Co-edited
   * tabs are left alone: the server's document merges the disk change for every editor, and a
   * whole-text replace from here would race that merge and apply the change twice.
   */
  const refreshTabs = (paths: string[]) => {
    for (const path of paths) {
      void queryClient.invalidateQueries({ queryKey: trpc.files.stat.queryKey({ workspaceId, path }) });
      if (!tabs?.store.has(path) || tabs.store.isDirty(path) || tabs.store.isShared(path)) continue;
      client.files.read.query({ workspaceId, path }).then(
        (fresh) => {
          if (fresh.encoding === "utf8" && !tabs.store.isDirty(path) && !tabs.store.isShared(path)) tabs.store.replaceWithServer(path, fresh.content, fresh.version);
        },
        () => undefined,
      );
    }
  };
  const queryOf = (f: ReplaceForm) => ({ workspaceId, query: f.query, replacement: f.replacement, regex: f.regex, caseSensitive: f.caseSensitive, wholeWord: f.wholeWord });

  const run = async (kind: "preview" | "apply" | "undo", fn: () => Promise<void>) => {
    setBusy(kind);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(appErrorOf(e).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <ReplaceView
      form={form}
      onForm={(f) => {
        setForm(f);
        // The preview belongs to the query it was made for; an edited query needs a new one.
        if (asked && (f.query !== asked.query || f.replacement !== asked.replacement || f.regex !== asked.regex || f.caseSensitive !== asked.caseSensitive || f.wholeWord !== asked.wholeWord)) setPreview(null);
      }}
      previewing={busy === "preview"}
      onPreview={() =>
        void run("preview", async () => {
          const sent = form;
          const result = await client.files.replacePreview.query({ ...queryOf(sent), include: splitGlobs(sent.include), exclude: splitGlobs(sent.exclude) });
          setAsked(sent);
          setOutcome(null);
          setPreview(result.files.map((f) => ({ ...f, checked: !f.readOnly })));
        })
      }
      preview={preview}
      onToggleFile={(path) => setPreview((p) => p?.map((f) => (f.path === path ? { ...f, checked: !f.checked } : f)) ?? null)}
      applying={busy === "apply"}
      onApply={() =>
        void run("apply", async () => {
          if (!preview || !asked) return;
          const files = preview.filter((f) => f.checked && !f.readOnly).map((f) => ({ path: f.path, version: f.version }));
          const result = await client.files.replaceApply.mutate({ ...queryOf(asked), files });
          setUndo(result.changed.length > 0 ? result.changed : null);
          setOutcome({ kind: "applied", files: result.changed.map((c) => c.path), replacements: result.changed.reduce((n, c) => n + c.replacements, 0), skipped: result.skipped });
          refreshTabs(result.changed.map((c) => c.path));
        })
      }
      outcome={outcome}
      canUndo={undo !== null}
      undoing={busy === "undo"}
      onUndo={() =>
        void run("undo", async () => {
          if (!undo) return;
          const result = await client.files.replaceUndo.mutate({ workspaceId, files: undo.map((c) => ({ path: c.path, version: c.version, content: c.previousContent })) });
          setUndo(null);
          setOutcome({ kind: "undone", files: result.restored.map((r) => r.path), replacements: 0, skipped: result.skipped });
          refreshTabs(result.restored.map((r) => r.path));
        })
      }
      error={error}
      onOpen={(path, line) => openFile(path, { line })}
    />
  );
}
