// A modal dialog on the native <dialog> element: the browser gives it the top layer, a focus trap,
// Escape to close and focus restoration. Content mounts only while open, so forms start fresh.
"use client";
import { Children, type ReactNode, useEffect, useId, useRef } from "react";
import { Button } from "./button";
import { cx } from "./cx";
import { XIcon } from "./icons";

export interface DialogProps {
  open: boolean;
  /** Called when the person dismisses the dialog (Escape, the close button, a click outside). */
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  footer?: ReactNode;
  size?: "md" | "lg";
  /** False while something is in flight, or when the dialog must be closed with its own buttons. */
  dismissible?: boolean;
  /** `alertdialog` for confirmations of destructive actions. */
  role?: "dialog" | "alertdialog";
  /** Wraps body and footer in a form so Enter submits. */
  onSubmit?: () => void;
  "data-testid"?: string;
}

export function Dialog({ open, onClose, title, description, children, footer, size = "md", dismissible = true, role = "dialog", onSubmit, ...rest }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // Move focus to the control marked data-autofocus, else the browser's first focusable one.
      dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  const content = (
    <>
      {Children.toArray(children).length > 0 ? <div className="dialog-body">{children}</div> : <div className="dialog-spacer" />}
      {footer && <div className="dialog-footer">{footer}</div>}
    </>
  );

  return (
    <dialog
      ref={ref}
      className={cx("dialog", size === "lg" && "dialog-lg")}
      role={role === "alertdialog" ? "alertdialog" : undefined}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      aria-modal="true"
      data-testid={rest["data-testid"]}
      onCancel={(event) => {
        // Escape: the browser would close the dialog itself; keep it in step with `open`.
        event.preventDefault();
        if (dismissible) onClose();
      }}
      onClose={() => {
        if (open) onClose();
      }}
      onMouseDown={(event) => {
        // A press on the backdrop lands on the <dialog> element itself, outside its content box.
        if (!dismissible || event.target !== event.currentTarget) return;
        const r = event.currentTarget.getBoundingClientRect();
        const inside = event.clientX >= r.left && event.clientX <= r.right && event.clientY >= r.top && event.clientY <= r.bottom;
        if (!inside) onClose();
      }}
    >
      {open && (
        <>
          <div className="dialog-header">
            <div>
              <h2 className="dialog-title" id={titleId}>
                {title}
              </h2>
              {description && (
                <div className="dialog-description" id={descriptionId}>
                  {description}
                </div>
              )}
            </div>
            {dismissible && (
              <Button variant="ghost" size="sm" iconOnly className="dialog-close" aria-label="Close" onClick={onClose}>
                <XIcon />
              </Button>
            )}
          </div>
          {onSubmit ? (
            <form
              noValidate
              onSubmit={(event) => {
                event.preventDefault();
                onSubmit();
              }}
            >
              {content}
            </form>
          ) : (
            content
          )}
        </>
      )}
    </dialog>
  );
}
