// The "New API key" form in a dialog, props only: the container creates the key.
"use client";
import { useId } from "react";
import { Badge } from "~/components/ui/badge";
import { FormDialog } from "~/components/ui/form-dialog";
import { errorText, Field, formText, Input, Select } from "~/components/ui/field";
import { AlertCircleIcon } from "~/components/ui/icons";
import { type ApiKeyScope, EXPIRY_OPTIONS, SCOPE_INFO } from "./types";

export interface CreateApiKeyValues {
  name: string;
  scopes: ApiKeyScope[];
  expiresInDays?: number;
}

export interface CreateApiKeyDialogProps {
  open: boolean;
  onClose: () => void;
  onSubmit: (values: CreateApiKeyValues) => void;
  pending: boolean;
  error: string | null;
  fieldErrors?: { name?: string | string[]; scopes?: string | string[] };
  /** Only administrators may grant the admin scope. */
  isAdmin: boolean;
}

const SCOPES: ApiKeyScope[] = ["read", "write", "exec", "admin"];

export function CreateApiKeyDialog({ open, onClose, onSubmit, pending, error, fieldErrors = {}, isAdmin }: CreateApiKeyDialogProps) {
  const ids = useId();
  const scopesError = errorText(fieldErrors.scopes);

  const submit = (data: FormData) => {
    const expiry = formText(data, "expires") || "never";
    onSubmit({
      name: formText(data, "name"),
      scopes: data.getAll("scopes").filter((s): s is ApiKeyScope => typeof s === "string" && (SCOPES as string[]).includes(s)),
      expiresInDays: expiry === "never" ? undefined : Number(expiry),
    });
  };

  return (
    <FormDialog
      open={open}
      onClose={onClose}
      title="New API key"
      description="The key acts as you, limited to the scopes you choose. You will see it once, right after you create it."
      submitLabel="Create key"
      pending={pending}
      error={error}
      fieldErrors={fieldErrors}
      onSubmitData={submit}
    >
      <Field label="Name" hint="Name it after the agent or script that will use it." error={fieldErrors.name}>
        {(control) => <Input {...control} name="name" placeholder="e.g. claude-code on build box" autoComplete="off" maxLength={100} data-autofocus />}
      </Field>
      <fieldset className="choice-list" aria-describedby={scopesError ? `${ids}-scopes-error` : undefined}>
        <legend className="field-label">Scopes</legend>
        {SCOPES.filter((scope) => scope !== "admin" || isAdmin).map((scope) => (
          <label key={scope} className="choice">
            <input
              type="checkbox"
              name="scopes"
              value={scope}
              defaultChecked={scope === "read"}
              aria-invalid={scopesError && scope === "read" ? true : undefined}
              aria-labelledby={`${ids}-${scope}-label`}
              aria-describedby={`${ids}-${scope}-description`}
            />
            <span className="choice-title" id={`${ids}-${scope}-label`}>
              <Badge mono tone={scope === "admin" ? "accent" : "neutral"}>
                {SCOPE_INFO[scope].label}
              </Badge>
            </span>
            <span className="choice-description" id={`${ids}-${scope}-description`}>
              {SCOPE_INFO[scope].description}
            </span>
          </label>
        ))}
        {scopesError && (
          <p className="field-error" id={`${ids}-scopes-error`}>
            <AlertCircleIcon size={14} />
            <span>{scopesError}</span>
          </p>
        )}
      </fieldset>
      <Field label="Expires" hint="Short-lived keys limit the damage if one leaks.">
        {(control) => (
          <Select {...control} name="expires" defaultValue="90">
            {EXPIRY_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.value === "never" ? "Never" : `In ${o.label}`}
              </option>
            ))}
          </Select>
        )}
      </Field>
    </FormDialog>
  );
}
