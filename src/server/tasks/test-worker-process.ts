// Test fixture: a task worker in a process of its own, so tasks.int.test.ts can SIGKILL it mid-task.
// Started with `node --import tsx src/server/tasks/test-worker-process.ts '<json config>'`; prints
// `ready <workerId>` once it claims. Never imported by the app.
import { setRuntime } from "~/server/runtime";
import { sandboxConfig } from "~/server/sandbox/config";
import { configureSandbox } from "~/server/sandbox/service";
import { TaskWorker } from "./worker";

interface Config {
  databaseUrl: string;
  dataDir: string;
  image: string;
  instanceId: string;
  workspaces: string[];
}

const config = JSON.parse(process.argv[2] ?? "{}") as Config;
setRuntime({ databaseUrl: config.databaseUrl, authSecret: "test-worker-process-secret-0123456789abcdef", version: "test" });
configureSandbox(sandboxConfig({ runtimeImage: config.image, dataDir: config.dataDir, instanceId: config.instanceId, tmpSizeBytes: 8 << 20, homeSizeBytes: 1 << 20, presets: { default: { network: false } } }));
const worker = new TaskWorker({ concurrency: 4, perWorkspace: 1, onlyWorkspaces: config.workspaces, useQueue: false, pollMs: 200, flushMs: 200, log: (line) => process.stderr.write(`${line}\n`) });
await worker.start();
process.stdout.write(`ready ${worker.id}\n`);
