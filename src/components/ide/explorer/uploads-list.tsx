// The explorer's upload list: one progress bar per file, a summary, "Clear finished". Props only.
"use client";
import { Button } from "~/components/ui/button";
import { type UploadItem, uploadSummary } from "./upload-queue";

export function UploadsList({ items, onClearFinished }: { items: readonly UploadItem[]; onClearFinished: () => void }) {
  if (items.length === 0) return null;
  return (
    <section className="ide-explorer-uploads" aria-label="Uploads">
      <div className="ide-explorer-uploads-head">
        <span>{uploadSummary(items)}</span>
        <Button size="sm" variant="ghost" onClick={onClearFinished}>
          Clear finished
        </Button>
      </div>
      <ul>
        {items.map((item) => (
          <li key={item.id} data-status={item.status} title={item.error ?? item.path}>
            <span className="ide-explorer-upload-name mono">{item.path}</span>
            <progress max={Math.max(1, item.size)} value={item.status === "done" ? Math.max(1, item.size) : item.loaded} aria-label={`Uploading ${item.path}`} data-status={item.status} />
            <span className="ide-explorer-upload-state">{item.status === "failed" ? "Failed" : item.status === "done" ? "Done" : item.status === "queued" ? "Waiting" : `${Math.round((item.loaded / Math.max(1, item.size)) * 100)}%`}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
