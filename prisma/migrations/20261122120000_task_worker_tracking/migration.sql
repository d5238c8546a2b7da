-- Tasks: the sandbox session a running task owns (so cancel, timeout and crash recovery can remove
-- its container from any process) and the worker's heartbeat (so a live peer can tell a dead worker).
ALTER TABLE "Task" ADD COLUMN "sessionId" TEXT;
ALTER TABLE "Task" ADD COLUMN "heartbeatAt" TIMESTAMP(3);
