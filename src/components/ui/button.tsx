// Buttons and links that look like buttons. `loading` shows a spinner and blocks clicks.
import Link from "next/link";
import type { ComponentPropsWithRef, ReactNode } from "react";
import { cx } from "./cx";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger" | "danger-ghost";
export type ButtonSize = "sm" | "md" | "lg";

interface ButtonStyle {
  variant?: ButtonVariant;
  size?: ButtonSize;
  block?: boolean;
  iconOnly?: boolean;
}

export function buttonClassName({ variant = "secondary", size = "md", block, iconOnly }: ButtonStyle, extra?: string): string {
  return cx("btn", `btn-${variant}`, size !== "md" && `btn-${size}`, block && "btn-block", iconOnly && "btn-icon", extra);
}

export interface ButtonProps extends ComponentPropsWithRef<"button">, ButtonStyle {
  loading?: boolean;
  /** An icon shown before the label (hidden while loading). */
  icon?: ReactNode;
}

export function Button({ variant, size, block, iconOnly, loading = false, icon, className, disabled, children, type = "button", ...props }: ButtonProps) {
  return (
    <button
      type={type}
      className={buttonClassName({ variant, size, block, iconOnly }, className)}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      {...props}
    >
      {loading ? <span className="spinner" aria-hidden="true" /> : icon}
      {children}
    </button>
  );
}

export interface ButtonLinkProps extends ComponentPropsWithRef<typeof Link>, ButtonStyle {
  icon?: ReactNode;
}

export function ButtonLink({ variant, size, block, iconOnly, icon, className, children, ...props }: ButtonLinkProps) {
  return (
    <Link className={buttonClassName({ variant, size, block, iconOnly }, className)} {...props}>
      {icon}
      {children}
    </Link>
  );
}
