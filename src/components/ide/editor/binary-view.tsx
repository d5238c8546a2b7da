// What a tab shows for a file Monaco does not open (binary, too large): a download link (props only).
"use client";
import { EmptyState } from "~/components/ui/empty-state";
import { baseName, downloadUrl } from "../explorer/paths";

export function BinaryView({ path, workspaceId, title, description }: { path: string; workspaceId: string; title: string; description: string }) {
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
