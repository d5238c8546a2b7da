-- Keys: a per-key request budget (null: the instance default) and, for keys with
-- requireReadBeforeWrite, what each key has read, shared by every door and process.
ALTER TABLE "ApiKey" ADD COLUMN "rateLimitPerMinute" INTEGER;

CREATE TABLE "ApiKeyRead" (
    "apiKeyId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "version" TEXT,
    "readAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiKeyRead_pkey" PRIMARY KEY ("apiKeyId","workspaceId","path")
);

CREATE INDEX "ApiKeyRead_workspaceId_idx" ON "ApiKeyRead"("workspaceId");

ALTER TABLE "ApiKeyRead" ADD CONSTRAINT "ApiKeyRead_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "ApiKeyRead" ADD CONSTRAINT "ApiKeyRead_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
