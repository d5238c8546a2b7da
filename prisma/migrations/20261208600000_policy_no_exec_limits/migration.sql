-- Path rules gain NO_EXEC (files under it cannot be run); owners may raise a workspace's sandbox
-- limits up to ceilings an admin sets at run time (InstanceSetting "sandbox_ceilings").
ALTER TYPE "PathRuleEffect" ADD VALUE 'NO_EXEC';

ALTER TABLE "Workspace" ADD COLUMN "sandboxLimits" JSONB;

CREATE TABLE "InstanceSetting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InstanceSetting_pkey" PRIMARY KEY ("key")
);
