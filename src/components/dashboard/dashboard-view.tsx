// The dashboard, props only. Workspaces do not exist yet in this version of Atrium, so the page
// says so plainly and points at what already works: API keys for agents.
import { ButtonLink } from "~/components/ui/button";
import { Card, CardBody } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { ArrowRightIcon, BotIcon, BoxesIcon } from "~/components/ui/icons";

export interface DashboardViewProps {
  userName: string;
  isAdmin: boolean;
}

export function DashboardView({ userName, isAdmin }: DashboardViewProps) {
  return (
    <div className="stack" style={{ gap: 32 }}>
      <div className="page-header" style={{ marginBottom: 0 }}>
        <div>
          <h1 className="page-title">Workspaces</h1>
          <p className="page-description">
            Welcome, {userName}. Workspaces are shared, sandboxed code folders that your team and its agents edit and run together.
          </p>
        </div>
      </div>

      <EmptyState
        icon={<BoxesIcon size={20} />}
        title="No workspaces yet"
        description={
          <>
            Workspaces are the next part of Atrium to arrive: each will be a folder on this server with a file editor, terminals in a
            sandbox, and snapshots. This version cannot create them yet; when it can, they will be listed here.
            {isAdmin && " As the administrator, you will be able to see and manage all of them."}
          </>
        }
      />

      <section aria-labelledby="get-started-title">
        <h2 className="section-title" id="get-started-title">
          Get started
        </h2>
        <Card>
          <CardBody className="feature-card">
            <span className="feature-card-icon">
              <BotIcon size={18} />
            </span>
            <div className="feature-card-main">
              <h3 className="card-title">Connect an agent with an API key</h3>
              <p className="card-description">
                Agents and scripts call Atrium&apos;s API as you, with only the scopes you give their key. You can do this today and use the
                same key once workspaces arrive.
              </p>
              <ol className="steps">
                <li>Create a key with the scopes the agent needs (start with read).</li>
                <li>
                  Give it to the agent as <code>Authorization: Bearer atr_…</code>.
                </li>
                <li>
                  Check it: <code>GET /api/trpc/auth.me</code> returns your account.
                </li>
              </ol>
            </div>
            <div>
              <ButtonLink href="/settings/api-keys" variant="secondary">
                Manage API keys <ArrowRightIcon />
              </ButtonLink>
            </div>
          </CardBody>
        </Card>
      </section>
    </div>
  );
}
