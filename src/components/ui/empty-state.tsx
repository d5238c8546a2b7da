import type { ReactNode } from "react";

export interface EmptyStateProps {
  icon?: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  tone?: "neutral" | "danger";
  /** The heading level of the title in the page outline. */
  headingLevel?: 2 | 3;
}

/** What an empty or failed area says: what this is, why it is empty, and the next step. */
export function EmptyState({ icon, title, description, actions, tone = "neutral", headingLevel = 2 }: EmptyStateProps) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className="empty-state" data-tone={tone}>
      {icon && <div className="empty-state-icon">{icon}</div>}
      <Heading className="empty-state-title">{title}</Heading>
      {description && <div className="empty-state-description">{description}</div>}
      {actions && <div className="empty-state-actions">{actions}</div>}
    </section>
  );
}
