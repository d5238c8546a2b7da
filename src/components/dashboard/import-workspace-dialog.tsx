// "Import workspace": upload a .tar.gz (an Atrium export, or any tar.gz) to POST
// /api/workspaces/import and get a new workspace you own. XMLHttpRequest rather than fetch, because
// only it reports upload progress; after the last byte the server unpacks and checks the archive.
"use client";
import { useEffect, useRef, useState } from "react";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Dialog } from "~/components/ui/dialog";
import { Field, Input } from "~/components/ui/field";
import { formatBytes } from "~/lib/format";

export interface ImportedWorkspace {
  id: string;
  name: string;
}

type Phase = { kind: "idle" } | { kind: "uploading"; sent: number; total: number } | { kind: "unpacking" };

interface ImportErrorBody {
  error?: { code?: string; message?: string; reason?: string };
}

export function ImportWorkspaceDialog({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: (ws: ImportedWorkspace) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState("");
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [error, setError] = useState<{ message: string; field: "file" | "name" | null } | null>(null);
  const xhrRef = useRef<XMLHttpRequest | null>(null);

  // Mounted only while open (see the container), so each opening starts fresh; an upload still in
  // flight when it unmounts is abandoned.
  useEffect(() => () => xhrRef.current?.abort(), []);

  const busy = phase.kind !== "idle";

  const submit = () => {
    if (!file) {
      setError({ message: "Choose a .tar.gz file, such as one exported from another workspace.", field: "file" });
      return;
    }
    setError(null);
    const params = new URLSearchParams();
    if (name.trim()) params.set("name", name.trim());
    const xhr = new XMLHttpRequest();
    xhrRef.current = xhr;
    xhr.open("POST", `/api/workspaces/import${params.size > 0 ? `?${params.toString()}` : ""}`);
    xhr.setRequestHeader("content-type", "application/gzip");
    xhr.upload.onprogress = (event) => setPhase({ kind: "uploading", sent: event.loaded, total: event.lengthComputable ? event.total : file.size });
    xhr.upload.onload = () => setPhase({ kind: "unpacking" });
    xhr.onerror = () => {
      setPhase({ kind: "idle" });
      setError({ message: "The upload was interrupted. Check your connection and try again.", field: null });
    };
    xhr.onload = () => {
      setPhase({ kind: "idle" });
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const ws = (body as { workspace?: ImportedWorkspace } | null)?.workspace;
        if (ws) {
          onImported({ id: ws.id, name: ws.name });
          return;
        }
      }
      const e = (body as ImportErrorBody | null)?.error;
      const nameProblem = e?.reason === "name_required" || e?.reason === "name_taken" || e?.reason === "duplicate_name";
      setError({
        message: e?.message ?? `The import failed (HTTP ${xhr.status}). Try again; if it keeps failing, tell your administrator.`,
        field: nameProblem ? "name" : null,
      });
    };
    setPhase({ kind: "uploading", sent: 0, total: file.size });
    xhr.send(file);
  };

  const percent = phase.kind === "uploading" && phase.total > 0 ? Math.round((phase.sent / phase.total) * 100) : null;

  return (
    <Dialog
      open={open}
      onClose={onClose}
      dismissible={!busy}
      title="Import workspace"
      description="Upload a .tar.gz: an export from Atrium keeps its name, description and metadata; any other archive needs a name. You become its owner."
      onSubmit={submit}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" loading={busy}>
            Import
          </Button>
        </>
      }
      data-testid="import-dialog"
    >
      <div className="stack" style={{ gap: 16 }}>
        {error && error.field === null && (
          <Alert tone="danger" role="alert">
            {error.message}
          </Alert>
        )}
        <Field label="Archive" hint={file ? `${file.name}, ${formatBytes(file.size)}` : "A .tar.gz file."} error={error?.field === "file" ? error.message : null}>
          {(control) => (
            <Input
              {...control}
              type="file"
              accept=".tar.gz,.tgz,application/gzip,application/x-gzip"
              disabled={busy}
              onChange={(event) => {
                setFile(event.currentTarget.files?.[0] ?? null);
                setError(null);
              }}
            />
          )}
        </Field>
        <Field label="Name" optional hint="Leave empty to use the name stored in an Atrium export." error={error?.field === "name" ? error.message : null}>
          {(control) => <Input {...control} value={name} maxLength={100} disabled={busy} onChange={(event) => setName(event.currentTarget.value)} autoComplete="off" />}
        </Field>
        {busy && (
          <div className="import-progress">
            <div className="import-progress-text">
              <span>{phase.kind === "uploading" ? "Uploading…" : "Unpacking and checking the archive…"}</span>
              {phase.kind === "uploading" && (
                <span className="muted">
                  {formatBytes(phase.sent)} of {formatBytes(phase.total)}
                </span>
              )}
            </div>
            <div
              className="import-progress-track"
              role="progressbar"
              aria-label="Import progress"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent ?? undefined}
              data-indeterminate={percent === null || undefined}
            >
              <span className="import-progress-fill" style={{ width: percent === null ? undefined : `${percent}%` }} />
            </div>
          </div>
        )}
      </div>
    </Dialog>
  );
}
