import type { ReactNode } from "react";
import { AlertCircleIcon, AlertTriangleIcon, CheckCircleIcon, InfoIcon } from "./icons";

export type AlertTone = "danger" | "warning" | "info" | "success";

const ICONS: Record<AlertTone, ReactNode> = {
  danger: <AlertCircleIcon />,
  warning: <AlertTriangleIcon />,
  info: <InfoIcon />,
  success: <CheckCircleIcon />,
};

export interface AlertProps {
  tone: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
  /** `alert` for errors that appear after an action, so screen readers announce them. */
  role?: "alert" | "status" | "note";
}

export function Alert({ tone, title, children, role }: AlertProps) {
  return (
    <div className={`alert alert-${tone}`} role={role}>
      {ICONS[tone]}
      <div>
        {title && <p className="alert-title">{title}</p>}
        {children && <div>{children}</div>}
      </div>
    </div>
  );
}
