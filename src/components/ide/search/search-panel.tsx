// Search across files (the Search side view): text or regex, case and whole-word toggles, globs to
// include and exclude, results grouped by file; a result opens the file at its line.
"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { appErrorOf, type RouterOutputs, useTRPC } from "~/trpc/react";
import { FileIcon } from "../explorer/file-icon";
import { baseName, parentOf } from "../explorer/paths";
import { useIde } from "../ide-context";
import { groupMatches, highlightRange, shouldSearch, splitGlobs } from "./search-model";
import "./search.css";

type GrepResult = RouterOutputs["files"]["grep"];

const STOP_REASON: Record<NonNullable<GrepResult["truncatedReason"]>, string> = {
  max_results: "Showing the first results only; narrow the search to see the rest.",
  max_total_bytes: "Stopped after searching the byte limit; narrow the search with “files to include”.",
  max_files: "Stopped after the file limit; narrow the search with “files to include”.",
  timeout: "The search took too long and stopped; narrow it down or use a plain-text query.",
};

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function SearchPanel() {
  const { workspaceId, openFile } = useIde();
  const trpc = useTRPC();
  const [query, setQuery] = useState("");
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [wholeWord, setWholeWord] = useState(false);
  const [regex, setRegex] = useState(false);
  const [include, setInclude] = useState("");
  const [exclude, setExclude] = useState("node_modules, .git");
  const [showDetails, setShowDetails] = useState(false);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());

  const input = useDebounced({ query, caseSensitive, wholeWord, regex, include: splitGlobs(include), exclude: splitGlobs(exclude) }, 300);
  const active = shouldSearch(query, input.query);
  const search = useQuery({
    ...trpc.files.grep.queryOptions({ workspaceId, ...input, maxResults: 2000 }),
    enabled: active,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
    retry: false,
  });
  // Cleared, the panel is idle at once: no results of the previous query, no error, no request.
  const data = active ? search.data : undefined;
  const groups = useMemo(() => (data ? groupMatches(data.matches) : []), [data]);
  const error = active && search.isError ? appErrorOf(search.error) : null;

  return (
    <div className="ide-search" data-testid="search">
      <form
        className="ide-search-form"
        role="search"
        aria-label="Search in files"
        onSubmit={(e) => {
          e.preventDefault();
          if (active) void search.refetch();
        }}
      >
        <div className="ide-search-field">
          <input
            className="input ide-search-input"
            type="search"
            aria-label="Search"
            placeholder="Search"
            value={query}
            spellCheck={false}
            onChange={(e) => setQuery(e.target.value)}
          />
          <div className="ide-search-toggles">
            <Toggle label="Match case" pressed={caseSensitive} onChange={setCaseSensitive}>
              Aa
            </Toggle>
            <Toggle label="Match whole word" pressed={wholeWord} onChange={setWholeWord}>
              <u>ab</u>
            </Toggle>
            <Toggle label="Use regular expression" pressed={regex} onChange={setRegex}>
              .*
            </Toggle>
          </div>
        </div>
        <button type="button" className="ide-search-more" aria-expanded={showDetails} onClick={() => setShowDetails((s) => !s)}>
          {showDetails ? "Hide file filters" : "File filters…"}
        </button>
        {showDetails && (
          <>
            <label className="ide-search-label">
              Files to include
              <input className="input" value={include} placeholder="e.g. *.py, src/**" onChange={(e) => setInclude(e.target.value)} spellCheck={false} />
            </label>
            <label className="ide-search-label">
              Files to exclude
              <input className="input" value={exclude} placeholder="e.g. dist, *.min.js" onChange={(e) => setExclude(e.target.value)} spellCheck={false} />
            </label>
          </>
        )}
      </form>

      <div className="ide-search-results" aria-busy={search.isFetching || undefined}>
        {error && (
          <p className="ide-search-note" data-tone="danger" role="alert">
            {error.message}
          </p>
        )}
        {!error && data && (
          <p className="ide-search-note" role="status">
            {data.total === 0
              ? `No results for “${input.query}”.`
              : `${data.total.toLocaleString()} ${data.total === 1 ? "result" : "results"} in ${groups.length.toLocaleString()} ${groups.length === 1 ? "file" : "files"}`}
            {data.truncatedReason && <span className="ide-search-warn"> {STOP_REASON[data.truncatedReason]}</span>}
            {data.skippedLargeFiles > 0 && <span> {data.skippedLargeFiles} large {data.skippedLargeFiles === 1 ? "file was" : "files were"} skipped.</span>}
          </p>
        )}
        {!active && <p className="ide-search-note">Type to search the text of every file you can read. Binary, protected and blocked files are skipped.</p>}
        <ul className="ide-search-groups" aria-label="Search results">
          {groups.map((group) => {
            const open = !collapsed.has(group.file);
            return (
              <li key={group.file} className="ide-search-group">
                <button
                  type="button"
                  className="ide-search-file"
                  aria-expanded={open}
                  title={group.file}
                  onClick={() =>
                    setCollapsed((c) => {
                      const next = new Set(c);
                      if (next.has(group.file)) next.delete(group.file);
                      else next.add(group.file);
                      return next;
                    })
                  }
                >
                  <span className="ide-search-twisty" data-open={open || undefined} aria-hidden="true">
                    ›
                  </span>
                  <FileIcon name={baseName(group.file)} type="file" />
                  <span className="ide-search-filename">{baseName(group.file)}</span>
                  <span className="ide-search-dir">{parentOf(group.file)}</span>
                  <span className="ide-search-count">{group.matches.length}</span>
                </button>
                {open && (
                  <ul>
                    {group.matches.map((m) => {
                      const range = highlightRange(m.content, input.query, { regex: input.regex, caseSensitive: input.caseSensitive });
                      return (
                        <li key={`${m.line}:${m.column}`}>
                          <button
                            type="button"
                            className="ide-search-match"
                            aria-label={`${group.file} line ${m.line}: ${m.content.trim()}`}
                            onClick={() => openFile(m.file, { line: m.line, column: m.column })}
                          >
                            <span className="ide-search-line">{m.line}</span>
                            <span className="ide-search-text mono">
                              {range ? (
                                <>
                                  {m.content.slice(0, range[0]).trimStart()}
                                  <mark>{m.content.slice(range[0], range[1])}</mark>
                                  {m.content.slice(range[1])}
                                </>
                              ) : (
                                m.content.trimStart()
                              )}
                            </span>
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}

function Toggle({ label, pressed, onChange, children }: { label: string; pressed: boolean; onChange: (v: boolean) => void; children: ReactNode }) {
  return (
    <button type="button" className="ide-search-toggle" aria-label={label} title={label} aria-pressed={pressed} onClick={() => onChange(!pressed)}>
      {children}
    </button>
  );
}
