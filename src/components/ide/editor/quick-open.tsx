// Quick open (Ctrl/Cmd+P): type part of a file's name, pick with the arrows, Enter opens it.
// The list of files comes from `files.find` (locked and protected files are never in it).
"use client";
import { useQuery } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { Dialog } from "~/components/ui/dialog";
import { Skeleton } from "~/components/ui/skeleton";
import { appErrorOf, useTRPC } from "~/trpc/react";
import { FileIcon } from "../explorer/file-icon";
import { baseName, parentOf } from "../explorer/paths";
import { useIde } from "../ide-context";
import { fuzzyFilter } from "./fuzzy";

/** Left out like VS Code's default `files.exclude`/`search.exclude`: huge and rarely opened by hand. */
const EXCLUDE = [".git", "node_modules"];

function Highlighted({ text, positions, offset }: { text: string; positions: ReadonlySet<number>; offset: number }) {
  return (
    <>
      {[...text].map((ch, i) => (positions.has(i + offset) ? <mark key={i}>{ch}</mark> : <span key={i}>{ch}</span>))}
    </>
  );
}

export function QuickOpen({ onClose, onPick }: { onClose: () => void; onPick: (path: string) => void }) {
  const { workspaceId } = useIde();
  const trpc = useTRPC();
  const listId = useId();
  const [query, setQuery] = useState("");
  const [cursor, setCursor] = useState(0);
  const files = useQuery({ ...trpc.files.find.queryOptions({ workspaceId, exclude: EXCLUDE }), staleTime: 15_000 });
  const matches = useMemo(() => (files.data ? fuzzyFilter(query, files.data.files, 60) : []), [files.data, query]);
  const selected = Math.min(cursor, Math.max(0, matches.length - 1));

  const pick = (path: string | undefined) => {
    if (!path) return;
    onClose();
    onPick(path);
  };

  return (
    <Dialog open onClose={onClose} title="Go to file" data-testid="quick-open">
      <div className="ide-quickopen">
        <input
          className="input ide-quickopen-input"
          type="text"
          role="combobox"
          aria-label="File name"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={matches[selected] ? `${listId}-${selected}` : undefined}
          aria-autocomplete="list"
          placeholder="Type part of a file name, e.g. main"
          autoComplete="off"
          spellCheck={false}
          data-autofocus
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setCursor(0);
          }}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") {
              e.preventDefault();
              setCursor(Math.min(selected + 1, matches.length - 1));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setCursor(Math.max(selected - 1, 0));
            } else if (e.key === "Enter") {
              e.preventDefault();
              pick(matches[selected]?.path);
            }
          }}
        />
        {files.isPending ? (
          <div role="status" aria-label="Listing files">
            <Skeleton height={14} />
          </div>
        ) : files.isError ? (
          <p className="ide-quickopen-note" role="alert">
            The files could not be listed: {appErrorOf(files.error).message}
          </p>
        ) : (
          <>
            <ul className="ide-quickopen-list" role="listbox" id={listId} aria-label="Matching files">
              {matches.map((m, i) => {
                const name = baseName(m.path);
                const dir = parentOf(m.path);
                const positions = new Set(m.positions);
                return (
                  <li
                    key={m.path}
                    id={`${listId}-${i}`}
                    role="option"
                    aria-selected={i === selected}
                    aria-label={m.path}
                    className="ide-quickopen-item"
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => pick(m.path)}
                    onMouseMove={() => setCursor(i)}
                  >
                    <FileIcon name={name} type="file" />
                    <span className="ide-quickopen-name">
                      <Highlighted text={name} positions={positions} offset={m.path.length - name.length} />
                    </span>
                    {dir && (
                      <span className="ide-quickopen-dir">
                        <Highlighted text={dir} positions={positions} offset={0} />
                      </span>
                    )}
                  </li>
                );
              })}
            </ul>
            {matches.length === 0 && <p className="ide-quickopen-note">{query ? `No file matches “${query}”.` : "This workspace has no files yet."}</p>}
            {files.data.truncated && <p className="ide-quickopen-note">Only the first {files.data.files.length.toLocaleString()} files are searched; type more of the path to narrow it down.</p>}
            <p className="ide-quickopen-note">node_modules and .git are left out. ↑↓ to pick, Enter to open, Esc to close.</p>
          </>
        )}
      </div>
    </Dialog>
  );
}
