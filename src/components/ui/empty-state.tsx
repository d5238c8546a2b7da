import type { ReactNode } from "react";
import { Button } from "./button";
import { AlertCircleIcon, RefreshIcon } from "./icons";

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

export interface LoadFailedProps {
  title: ReactNode;
  message: string;
  onRetry: () => void;
  retrying: boolean;
  headingLevel?: 2 | 3;
}

/** An area whose data could not be loaded: the server's reason and a way to try again. */
export function LoadFailed({ title, message, onRetry, retrying, headingLevel = 2 }: LoadFailedProps) {
  return (
    <EmptyState
      tone="danger"
      headingLevel={headingLevel}
      icon={<AlertCircleIcon size={20} />}
      title={title}
      description={message}
      actions={
        <Button icon={<RefreshIcon />} onClick={onRetry} loading={retrying}>
          Try again
        </Button>
      }
    />
  );
}
