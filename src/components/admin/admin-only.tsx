// What a signed-in non-admin sees on an admin page: a clear refusal and the way back. No admin
// data is fetched for them (the page never renders its container), and the API refuses anyway.
import Link from "next/link";
import { EmptyState } from "~/components/ui/empty-state";
import { ArrowRightIcon, ShieldIcon } from "~/components/ui/icons";

export function AdminOnly() {
  return (
    <div className="admin-only" data-testid="admin-only">
      <EmptyState
        icon={<ShieldIcon size={20} />}
        title="Admins only"
        description="This page is for the administrators of this Atrium instance: users, every workspace and session, and the audit log. If you need something here, ask one of them."
        actions={
          <Link href="/dashboard" className="btn btn-secondary">
            Back to your workspaces <ArrowRightIcon />
          </Link>
        }
      />
    </div>
  );
}
