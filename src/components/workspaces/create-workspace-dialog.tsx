// The "New workspace" form in a dialog, props only: the container validates and creates.
"use client";
import { type CSSProperties, useRef, useState } from "react";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Dialog } from "~/components/ui/dialog";
import { Field, formText, Input } from "~/components/ui/field";
import { fieldErrorsKey, useFocusFirstInvalid } from "~/components/ui/use-focus-first-invalid";
import { TEMPLATE_INFO, TEMPLATE_ORDER, type WorkspaceTemplate } from "./types";

export interface CreateWorkspaceValues {
  name: string;
  template: WorkspaceTemplate;
  description: string;
  /** The raw `key=value` lines; the container parses them. */
  metadata: string;
}

export interface CreateWorkspaceDialogProps {
  open: boolean;
  onClose: () => void;
  onSubmit: (values: CreateWorkspaceValues) => void;
  pending: boolean;
  error: string | null;
  fieldErrors?: { name?: string | string[]; description?: string | string[]; metadata?: string | string[]; template?: string | string[] };
}

export function CreateWorkspaceDialog({ open, onClose, onSubmit, pending, error, fieldErrors = {} }: CreateWorkspaceDialogProps) {
  const bodyRef = useRef<HTMLDivElement>(null);
  const [submits, setSubmits] = useState(0);
  useFocusFirstInvalid(bodyRef, fieldErrorsKey(fieldErrors, submits));

  const submit = () => {
    setSubmits((n) => n + 1);
    const form = bodyRef.current?.closest("form");
    if (!form) return;
    const data = new FormData(form);
    const template = formText(data, "template");
    onSubmit({
      name: formText(data, "name"),
      template: (TEMPLATE_ORDER as string[]).includes(template) ? (template as WorkspaceTemplate) : "empty",
      description: formText(data, "description"),
      metadata: formText(data, "metadata"),
    });
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      dismissible={!pending}
      size="lg"
      title="New workspace"
      description="A folder on this server that you, your team and your agents edit and run together. You will be its owner."
      onSubmit={submit}
      footer={
        <>
          <Button onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" loading={pending}>
            Create workspace
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
        <Field label="Name" hint="Shown in lists; unique among your active workspaces." error={fieldErrors.name}>
          {(control) => <Input {...control} name="name" placeholder="e.g. data-pipeline" autoComplete="off" maxLength={100} data-autofocus />}
        </Field>
        <fieldset className="choice-list">
          <legend className="field-label">Template</legend>
          {TEMPLATE_ORDER.map((template) => (
            <label key={template} className="choice">
              <input type="radio" name="template" value={template} defaultChecked={template === "empty"} aria-describedby={`template-${template}-description`} />
              <span className="choice-title">{TEMPLATE_INFO[template].label}</span>
              <span className="choice-description" id={`template-${template}-description`}>
                {TEMPLATE_INFO[template].description}
              </span>
            </label>
          ))}
        </fieldset>
        <Field label="Description" optional error={fieldErrors.description}>
          {(control) => <textarea {...control} className="input textarea" name="description" rows={2} maxLength={2000} />}
        </Field>
        <Field
          label="Metadata"
          optional
          hint={
            <>
              One <code>key=value</code> per line, such as <code>team=data</code>. You can filter the list by it.
            </>
          }
          error={fieldErrors.metadata}
        >
          {(control) => (
            <textarea {...control} className="input textarea input-mono" name="metadata" rows={3} placeholder={"team=data\nticket=ATR-42"} spellCheck={false} />
          )}
        </Field>
      </div>
    </Dialog>
  );
}
