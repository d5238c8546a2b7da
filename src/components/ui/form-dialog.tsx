// A dialog that is a form: Cancel and a submit button in the footer, the server's error above the
// fields, focus moved to the first invalid field after each submit, and the form's data handed over.
"use client";
import { type CSSProperties, type ReactNode, useRef, useState } from "react";
import { Alert } from "./alert";
import { Button } from "./button";
import { Dialog } from "./dialog";
import { fieldErrorsKey, useFocusFirstInvalid } from "./use-focus-first-invalid";

export interface FormDialogProps {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  submitLabel: string;
  pending: boolean;
  error: string | null;
  fieldErrors: Record<string, unknown>;
  onSubmitData: (data: FormData) => void;
  children: ReactNode;
}

export function FormDialog({ open, onClose, title, description, submitLabel, pending, error, fieldErrors, onSubmitData, children }: FormDialogProps) {
  const bodyRef = useRef<HTMLDivElement>(null);
  const [submits, setSubmits] = useState(0);
  useFocusFirstInvalid(bodyRef, fieldErrorsKey(fieldErrors, submits));

  const submit = () => {
    setSubmits((n) => n + 1);
    const form = bodyRef.current?.closest("form");
    if (form) onSubmitData(new FormData(form));
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      dismissible={!pending}
      size="lg"
      title={title}
      description={description}
      onSubmit={submit}
      footer={
        <>
          <Button onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" loading={pending}>
            {submitLabel}
          </Button>
        </>
      }
    >
      <div ref={bodyRef} className="stack" style={{ "--stack-gap": "18px" } as CSSProperties}>
        {error && (
          <Alert tone="danger" role="alert">
            {error}
          </Alert>
        )}
        {children}
      </div>
    </Dialog>
  );
}
