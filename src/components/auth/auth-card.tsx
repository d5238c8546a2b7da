import type { ReactNode } from "react";
import { Card, CardBody } from "~/components/ui/card";

/** The card the sign-in and sign-up forms sit in. */
export function AuthCard({ title, subtitle, children, footer }: { title: string; subtitle?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <>
      <Card className="auth-card">
        <CardBody>
          <div className="auth-heading">
            <h1 className="auth-title">{title}</h1>
            {subtitle && <p className="auth-subtitle">{subtitle}</p>}
          </div>
          {children}
        </CardBody>
      </Card>
      {footer && <div className="auth-footer">{footer}</div>}
    </>
  );
}
