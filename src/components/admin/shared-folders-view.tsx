// Admin → Shared folders, the view (props only): the folders with their host paths, how many
// workspaces use each, whether owners may attach them read-write, and a form to share another.
"use client";
import { type FormEvent, useState } from "react";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { Input } from "~/components/ui/field";
import { BoxesIcon } from "~/components/ui/icons";

export interface SharedFolderRow {
  id: string;
  name: string;
  description: string;
  hostPath: string;
  allowWrite: boolean;
  attachedTo: number;
}

export interface DefineFolderInput {
  name: string;
  hostPath: string;
  description: string;
  allowWrite: boolean;
}

export interface SharedFoldersViewProps {
  folders: readonly SharedFolderRow[];
  onDefine: (input: DefineFolderInput) => void;
  onAllowWrite: (id: string, allowWrite: boolean) => void;
  onDelete: (id: string) => void;
  defining: boolean;
  /** The server's answer to the last define (it validates the path). */
  error: string | null;
}

export function SharedFoldersView({ folders, onDefine, onAllowWrite, onDelete, defining, error }: SharedFoldersViewProps) {
  const [name, setName] = useState("");
  const [hostPath, setHostPath] = useState("");
  const [description, setDescription] = useState("");
  const [allowWrite, setAllowWrite] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onDefine({ name: name.trim(), hostPath: hostPath.trim(), description: description.trim(), allowWrite });
  };
  return (
    <div className="stack">
      <form className="admin-toolbar shared-define" onSubmit={submit} aria-label="Share a folder">
        <Input aria-label="Name" placeholder="name (e.g. datasets)" value={name} onChange={(e) => setName(e.currentTarget.value)} required pattern="[a-z0-9][a-z0-9_\-]{0,39}" />
        <Input aria-label="Host path" placeholder="/srv/shared/datasets" value={hostPath} onChange={(e) => setHostPath(e.currentTarget.value)} required />
        <Input aria-label="Description" placeholder="What it holds (optional)" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
        <label className="switch">
          <input type="checkbox" checked={allowWrite} onChange={(e) => setAllowWrite(e.currentTarget.checked)} />
          <span>Owners may attach read-write</span>
        </label>
        <Button type="submit" variant="primary" loading={defining}>
          Share folder
        </Button>
      </form>
      {error && (
        <Alert tone="danger" role="alert">
          {error}
        </Alert>
      )}
      {folders.length === 0 ? (
        <EmptyState
          icon={<BoxesIcon size={20} />}
          title="No shared folders"
          description="Share a host folder (a dataset, a library) and workspace owners can attach it: sandboxes see it at /shared/<name>, the file browser read-only under shared/<name>."
        />
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Shared folders">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Host path</th>
                <th scope="col">Workspaces</th>
                <th scope="col">Read-write</th>
                <th scope="col" className="cell-actions">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {folders.map((f) => (
                <tr key={f.id} data-testid="shared-folder-row">
                  <th scope="row" className="cell-primary">
                    <code>/shared/{f.name}</code>
                    {f.description && <span className="admin-cell-sub">{f.description}</span>}
                  </th>
                  <td className="mono">{f.hostPath}</td>
                  <td>{f.attachedTo}</td>
                  <td>
                    <label className="switch" title="Whether owners may attach it read-write (sandbox writes in rw sessions; the file browser stays read-only)">
                      <input type="checkbox" aria-label={`Allow read-write for ${f.name}`} checked={f.allowWrite} onChange={(e) => onAllowWrite(f.id, e.currentTarget.checked)} />
                      <span>{f.allowWrite ? <Badge tone="warning">Allowed</Badge> : <Badge>Read-only</Badge>}</span>
                    </label>
                  </td>
                  <td className="cell-actions">
                    <Button variant="danger-ghost" size="sm" aria-label={`Stop sharing ${f.name}`} onClick={() => onDelete(f.id)}>
                      Stop sharing
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
