// The inline name field of the explorer (new file, new folder, rename), VS Code style: Enter
// commits, Escape or an unchanged name cancels, problems show under the field. Props only.
"use client";
import { type ReactNode, useRef, useState } from "react";

/** Left padding of a tree row at `depth` (1 = the root's children). */
export const indent = (depth: number) => 6 + (depth - 1) * 14;

export function NameInput({
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
