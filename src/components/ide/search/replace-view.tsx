// The "Replace in files" side view, props-only (component-tested): the find and replace fields
// with search's toggles and file filters, a preview of every change grouped by file with a
// checkbox per file, Apply, and after applying a summary with one "Undo replace".
"use client";
import type { ReactNode } from "react";
import { FileIcon } from "../explorer/file-icon";
import { baseName, parentOf } from "../explorer/paths";

export interface ReplaceForm {
  query: string;
  replacement: string;
  regex: boolean;
  caseSensitive: boolean;
  wholeWord: boolean;
  include: string;
  exclude: string;
}

export interface PreviewFileView {
  path: string;
  replacements: number;
  changes: { line: number; before: string; after: string }[];
  readOnly: boolean;
  checked: boolean;
}

export interface SkippedView {
  path: string;
  message: string;
}

export interface ReplaceOutcome {
  kind: "applied" | "undone";
  /** Files written (replaced, or put back by undo). */
  files: string[];
  replacements: number;
  skipped: SkippedView[];
}

export interface ReplaceViewProps {
  form: ReplaceForm;
  onForm: (form: ReplaceForm) => void;
  onPreview: () => void;
  previewing: boolean;
  preview: PreviewFileView[] | null;
  onToggleFile: (path: string) => void;
  onApply: () => void;
  applying: boolean;
  outcome: ReplaceOutcome | null;
  /** Shown while the last apply can still be undone. */
  canUndo: boolean;
  onUndo: () => void;
  undoing: boolean;
  error: string | null;
  onOpen: (path: string, line: number) => void;
}

function Toggle({ label, pressed, onChange, children }: { label: string; pressed: boolean; onChange: (v: boolean) => void; children: ReactNode }) {
  return (
    <button type="button" className="ide-search-toggle" aria-label={label} title={label} aria-pressed={pressed} onClick={() => onChange(!pressed)}>
      {children}
    </button>
  );
}

export function ReplaceView(props: ReplaceViewProps) {
  const { form, onForm, preview, outcome } = props;
  const set = <K extends keyof ReplaceForm>(key: K, value: ReplaceForm[K]) => onForm({ ...form, [key]: value });
  const ticked = preview?.filter((f) => f.checked && !f.readOnly) ?? [];
  const tickedCount = ticked.reduce((n, f) => n + f.replacements, 0);
  return (
    <div className="ide-search ide-replace" data-testid="replace">
      <form
        className="ide-search-form"
        aria-label="Replace in files"
        onSubmit={(e) => {
          e.preventDefault();
          props.onPreview();
        }}
      >
        <div className="ide-search-field">
          <input className="input ide-search-input" type="search" aria-label="Find" placeholder="Find" value={form.query} spellCheck={false} onChange={(e) => set("query", e.target.value)} />
          <div className="ide-search-toggles">
            <Toggle label="Match case" pressed={form.caseSensitive} onChange={(v) => set("caseSensitive", v)}>
              Aa
            </Toggle>
            <Toggle label="Match whole word" pressed={form.wholeWord} onChange={(v) => set("wholeWord", v)}>
              <u>ab</u>
            </Toggle>
            <Toggle label="Use regular expression" pressed={form.regex} onChange={(v) => set("regex", v)}>
              .*
            </Toggle>
          </div>
        </div>
        <input
          className="input ide-search-input"
          aria-label="Replace with"
          placeholder={form.regex ? "Replace with ($1 for groups)" : "Replace with"}
          value={form.replacement}
          spellCheck={false}
          onChange={(e) => set("replacement", e.target.value)}
        />
        <label className="ide-search-label">
          Files to include
          <input className="input" value={form.include} placeholder="e.g. *.py, src/**" onChange={(e) => set("include", e.target.value)} spellCheck={false} />
        </label>
        <label className="ide-search-label">
          Files to exclude
          <input className="input" value={form.exclude} placeholder="e.g. dist, *.min.js" onChange={(e) => set("exclude", e.target.value)} spellCheck={false} />
        </label>
        <button type="submit" className="btn btn-secondary btn-sm" disabled={!form.query || props.previewing}>
          {props.previewing ? "Finding…" : "Preview changes"}
        </button>
      </form>

      <div className="ide-search-results">
        {props.error && (
          <p className="ide-search-note" data-tone="danger" role="alert">
            {props.error}
          </p>
        )}
        {outcome && (
          <div className="ide-replace-outcome" role="status" data-testid="replace-outcome">
            <p className="ide-search-note">
              {outcome.kind === "applied"
                ? `Replaced ${outcome.replacements.toLocaleString()} ${outcome.replacements === 1 ? "match" : "matches"} in ${outcome.files.length} ${outcome.files.length === 1 ? "file" : "files"}.`
                : `Undone: ${outcome.files.length} ${outcome.files.length === 1 ? "file" : "files"} put back.`}
            </p>
            {outcome.skipped.length > 0 && (
              <ul className="ide-replace-skipped" aria-label={outcome.kind === "applied" ? "Files not changed" : "Files not put back"}>
                {outcome.skipped.map((s) => (
                  <li key={s.path}>
                    <span className="mono">{s.path}</span>: {s.message}
                  </li>
                ))}
              </ul>
            )}
            {props.canUndo && (
              <button type="button" className="btn btn-secondary btn-sm" onClick={props.onUndo} disabled={props.undoing}>
                {props.undoing ? "Undoing…" : "Undo replace"}
              </button>
            )}
          </div>
        )}
        {preview && !outcome && (
          <>
            <p className="ide-search-note" role="status">
              {preview.length === 0 ? `No matches for “${form.query}”.` : `${tickedCount.toLocaleString()} ${tickedCount === 1 ? "replacement" : "replacements"} in ${ticked.length} of ${preview.length} ${preview.length === 1 ? "file" : "files"}`}
            </p>
            {preview.length > 0 && (
              <button type="button" className="btn btn-primary btn-sm" onClick={props.onApply} disabled={ticked.length === 0 || props.applying}>
                {props.applying ? "Replacing…" : `Replace in ${ticked.length} ${ticked.length === 1 ? "file" : "files"}`}
              </button>
            )}
            <ul className="ide-search-groups" aria-label="Changes to make">
              {preview.map((file) => (
                <li key={file.path} className="ide-search-group" data-testid="replace-file" data-path={file.path}>
                  <label className="ide-search-file ide-replace-file" title={file.readOnly ? `${file.path} is read-only (a path rule or a protected file); it will not be changed.` : file.path}>
                    <input type="checkbox" checked={file.checked && !file.readOnly} disabled={file.readOnly} onChange={() => props.onToggleFile(file.path)} aria-label={`Replace in ${file.path}`} />
                    <FileIcon name={baseName(file.path)} type="file" />
                    <span className="ide-search-filename">{baseName(file.path)}</span>
                    <span className="ide-search-dir">{parentOf(file.path)}</span>
                    {file.readOnly && <span className="ide-replace-locked">read-only</span>}
                    <span className="ide-search-count">{file.replacements}</span>
                  </label>
                  <ul>
                    {file.changes.map((c) => (
                      <li key={c.line}>
                        <button type="button" className="ide-search-match ide-replace-change" aria-label={`${file.path} line ${c.line}: ${c.before.trim()} becomes ${c.after.trim()}`} onClick={() => props.onOpen(file.path, c.line)}>
                          <span className="ide-search-line">{c.line}</span>
                          <span className="ide-search-text mono">
                            <del>{c.before.trim()}</del>
                            <ins>{c.after.trim()}</ins>
                          </span>
                        </button>
                      </li>
                    ))}
                    {file.changes.length < file.replacements && file.changes.length > 0 && <li className="ide-search-note">…and more lines in this file.</li>}
                  </ul>
                </li>
              ))}
            </ul>
          </>
        )}
        {!preview && !outcome && !props.error && <p className="ide-search-note">Find text (or a regular expression) in every file you can change, preview each change, then replace. You can undo the whole replace once.</p>}
      </div>
    </div>
  );
}
