import type { ReactNode } from "react";
import { cx } from "./cx";

export type BadgeTone = "neutral" | "accent" | "success" | "warning" | "danger";

export interface BadgeProps {
  tone?: BadgeTone;
  /** A coloured dot before the label, for statuses. */
  dot?: boolean;
  mono?: boolean;
  title?: string;
  className?: string;
  children: ReactNode;
}

export function Badge({ tone = "neutral", dot, mono, title, className, children }: BadgeProps) {
  return (
    <span className={cx("badge", tone !== "neutral" && `badge-${tone}`, dot && "badge-dot", mono && "badge-mono", className)} title={title}>
      {children}
    </span>
  );
}
