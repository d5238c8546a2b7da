-- Live identity: a session version in every session cookie (sign-out and disable bump it, ending
-- older cookies), and the API key that started a sandbox session (revoking the key stops it).
ALTER TABLE "User" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "SandboxSession" ADD COLUMN "apiKeyId" TEXT;
ALTER TABLE "SandboxSession" ADD CONSTRAINT "SandboxSession_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE SET NULL ON UPDATE CASCADE;
