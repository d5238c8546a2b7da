"use client";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Dialog } from "~/components/ui/dialog";
import type { ApiKey } from "./types";

export interface RevokeApiKeyDialogProps {
  apiKey: ApiKey | null;
  onClose: () => void;
  onConfirm: (key: ApiKey) => void;
  pending: boolean;
  error: string | null;
}

/** Confirms revoking a key: what stops working, and that it cannot be undone. */
export function RevokeApiKeyDialog({ apiKey, onClose, onConfirm, pending, error }: RevokeApiKeyDialogProps) {
  return (
    <Dialog
      open={apiKey !== null}
      onClose={onClose}
      dismissible={!pending}
      role="alertdialog"
      title={apiKey ? `Revoke “${apiKey.name}”?` : "Revoke key?"}
      description={
        apiKey ? (
          <>
            Anything that uses <code>{apiKey.prefix}…</code> will be refused from now on. This cannot be undone.
          </>
        ) : null
      }
      footer={
        <>
          <Button onClick={onClose} disabled={pending} data-autofocus>
            Cancel
          </Button>
          <Button variant="danger" loading={pending} onClick={() => apiKey && onConfirm(apiKey)}>
            Revoke key
          </Button>
        </>
      }
    >
      {error && (
        <Alert tone="danger" role="alert">
          {error}
        </Alert>
      )}
    </Dialog>
  );
}
