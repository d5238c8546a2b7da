// The "New workspace" form in a dialog, props only: the container validates and creates.
"use client";
import { FormDialog } from "~/components/ui/form-dialog";
import { Field, formText, Input } from "~/components/ui/field";
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

  const submit = (data: FormData) => {
    const template = formText(data, "template");
    onSubmit({
      name: formText(data, "name"),
      template: (TEMPLATE_ORDER as string[]).includes(template) ? (template as WorkspaceTemplate) : "empty",
      description: formText(data, "description"),
      metadata: formText(data, "metadata"),
    });
  };

  return (
    <FormDialog
      open={open}
      onClose={onClose}
      title="New workspace"
      description="A folder on this server that you, your team and your agents edit and run together. You will be its owner."
      submitLabel="Create workspace"
      pending={pending}
      error={error}
      fieldErrors={fieldErrors}
      onSubmitData={submit}
    >
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
    </FormDialog>
  );
}
