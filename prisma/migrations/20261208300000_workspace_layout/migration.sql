-- Per-user, per-workspace IDE layout (open tabs, active tab, panel sizes, side view), kept on the
-- server so it follows a person to another machine. Goes with the user and with the workspace.
CREATE TABLE "WorkspaceLayout" (
    "userId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkspaceLayout_pkey" PRIMARY KEY ("userId","workspaceId")
);

-- CreateIndex
CREATE INDEX "WorkspaceLayout_workspaceId_idx" ON "WorkspaceLayout"("workspaceId");

-- AddForeignKey
ALTER TABLE "WorkspaceLayout" ADD CONSTRAINT "WorkspaceLayout_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkspaceLayout" ADD CONSTRAINT "WorkspaceLayout_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
