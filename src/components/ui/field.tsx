// Form fields: a label, the control, a hint and an error, wired together with ids so screen
// readers announce the hint and the error with the control.
"use client";
import { type ComponentPropsWithRef, type ReactNode, useId } from "react";
import { AlertCircleIcon } from "./icons";
import { cx } from "./cx";

export interface ControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

export interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  /** One message, or the list zod's flattened errors give for the field. */
  error?: string | string[] | null;
  optional?: boolean;
  /** Extra content at the end of the label row (e.g. a "Forgot?" link). */
  labelAside?: ReactNode;
  children: (control: ControlProps) => ReactNode;
}

export function errorText(error: string | string[] | null | undefined): string | null {
  if (!error) return null;
  const text = Array.isArray(error) ? error.join(" ") : error;
  return text.trim() === "" ? null : text;
}

export function Field({ label, hint, error, optional, labelAside, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const message = errorText(error);
  const describedBy = [hint ? hintId : null, message ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <div className="field-label-row">
        <label className="field-label" htmlFor={id}>
          {label} {optional && <span className="field-optional">(optional)</span>}
        </label>
        {labelAside}
      </div>
      {children({ id, "aria-describedby": describedBy, "aria-invalid": message ? true : undefined })}
      {hint && !message && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {hint && message && (
        <p className="visually-hidden" id={hintId}>
          {hint}
        </p>
      )}
      {message && (
        <p className="field-error" id={errorId}>
          <AlertCircleIcon size={14} />
          <span>{message}</span>
        </p>
      )}
    </div>
  );
}

export function Input({ className, ...props }: ComponentPropsWithRef<"input">) {
  return <input className={cx("input", className)} {...props} />;
}

export function Select({ className, children, ...props }: ComponentPropsWithRef<"select">) {
  return (
    <div className="select-wrap">
      <select className={cx("select", className)} {...props}>
        {children}
      </select>
    </div>
  );
}

export type TextFieldProps = Omit<ComponentPropsWithRef<"input">, "id"> & Omit<FieldProps, "children">;

/** A labelled text input: the common case of Field + Input. */
export function TextField({ label, hint, error, optional, labelAside, className, ...props }: TextFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} optional={optional} labelAside={labelAside}>
      {(control) => <Input className={className} {...control} {...props} />}
    </Field>
  );
}

/** A text value from submitted form data ("" when missing or a file). */
export function formText(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === "string" ? value : "";
}
