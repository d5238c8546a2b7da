"use client";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
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
    <ConfirmDialog
      open={apiKey !== null}
      onClose={onClose}
      pending={pending}
      title={apiKey ? `Revoke “${apiKey.name}”?` : "Revoke key?"}
      description={
        apiKey ? (
          <>
            Anything that uses <code>{apiKey.prefix}…</code> will be refused from now on. This cannot be undone.
          </>
        ) : null
      }
      confirmLabel="Revoke key"
      onConfirm={() => apiKey && onConfirm(apiKey)}
      error={error}
    />
  );
}
