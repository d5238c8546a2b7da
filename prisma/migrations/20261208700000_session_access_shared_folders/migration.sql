-- Session access modes (rw, ro, cow) and admin-defined shared folders attached to workspaces.
CREATE TYPE "SessionAccess" AS ENUM ('RW', 'RO', 'COW');

ALTER TABLE "SandboxSession" ADD COLUMN "access" "SessionAccess" NOT NULL DEFAULT 'RW';

CREATE TABLE "SharedFolder" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "hostPath" TEXT NOT NULL,
    "allowWrite" BOOLEAN NOT NULL DEFAULT false,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SharedFolder_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "WorkspaceSharedFolder" (
    "workspaceId" TEXT NOT NULL,
    "sharedFolderId" TEXT NOT NULL,
    "writable" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkspaceSharedFolder_pkey" PRIMARY KEY ("workspaceId","sharedFolderId")
);

CREATE UNIQUE INDEX "SharedFolder_name_key" ON "SharedFolder"("name");

CREATE INDEX "WorkspaceSharedFolder_sharedFolderId_idx" ON "WorkspaceSharedFolder"("sharedFolderId");

ALTER TABLE "SharedFolder" ADD CONSTRAINT "SharedFolder_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "WorkspaceSharedFolder" ADD CONSTRAINT "WorkspaceSharedFolder_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "WorkspaceSharedFolder" ADD CONSTRAINT "WorkspaceSharedFolder_sharedFolderId_fkey" FOREIGN KEY ("sharedFolderId") REFERENCES "SharedFolder"("id") ON DELETE CASCADE ON UPDATE CASCADE;
