// The confirmation every destructive or far-reaching action asks for: what will happen, Cancel
// (focused, so a stray Enter does nothing), the action, and why it failed if it did.
"use client";
import type { ReactNode } from "react";
import { Alert } from "./alert";
import { Button } from "./button";
import { Dialog } from "./dialog";

export interface ConfirmDialogProps {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  /** The action's button text, e.g. "Revoke key". */
  confirmLabel: ReactNode;
  onConfirm: () => void;
  /** The way out, when "Cancel" would read like the action (e.g. "Keep it" beside "Cancel task"). */
  cancelLabel?: ReactNode;
  /** Danger for what cannot be undone or takes something away; primary otherwise. */
  tone?: "danger" | "primary";
  /** While the action runs: the dialog cannot be dismissed and the button spins. */
  pending?: boolean;
  confirmDisabled?: boolean;
  /** What went wrong, shown inside the dialog so the person can retry or cancel. */
  error?: ReactNode;
  errorTitle?: string;
  /** More content above the error (a progress bar, the command about to be cancelled…). */
  children?: ReactNode;
}

export function ConfirmDialog({ open, onClose, title, description, confirmLabel, onConfirm, cancelLabel = "Cancel", tone = "danger", pending = false, confirmDisabled, error, errorTitle, children }: ConfirmDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      dismissible={!pending}
      role="alertdialog"
      title={title}
      description={description}
      footer={
        <>
          <Button onClick={onClose} disabled={pending} data-autofocus>
            {cancelLabel}
          </Button>
          <Button variant={tone} loading={pending} disabled={confirmDisabled} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
      {error && (
        <Alert tone="danger" role="alert" title={errorTitle}>
          {error}
        </Alert>
      )}
    </Dialog>
  );
}
