-- Caller-named and scoped workspaces (issue 17): a workspace may be keyed by (scope, sessionKey),
-- unique per owner, so concurrent "resolve" calls create one; ephemeral workspaces die with their
-- session; agents keep key-value state per workspace apart from metadata.
CREATE TYPE "WorkspaceScope" AS ENUM ('SESSION', 'USER', 'AGENT', 'SHARED');

ALTER TABLE "Workspace" ADD COLUMN "scope" "WorkspaceScope",
ADD COLUMN "sessionKey" TEXT,
ADD COLUMN "ephemeral" BOOLEAN NOT NULL DEFAULT false;

CREATE UNIQUE INDEX "Workspace_ownerId_scope_sessionKey_key" ON "Workspace"("ownerId", "scope", "sessionKey");

CREATE TABLE "WorkspaceState" (
    "workspaceId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedById" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkspaceState_pkey" PRIMARY KEY ("workspaceId","key")
);

ALTER TABLE "WorkspaceState" ADD CONSTRAINT "WorkspaceState_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
