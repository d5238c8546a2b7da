// An agent in a dozen lines: create a workspace, write a program, run it, print the output.
//   ATRIUM_URL=http://localhost:3000 ATRIUM_API_KEY=atr_… npx tsx examples/agent.ts
// The key needs the read, write and exec scopes.
import { AtriumClient, AtriumError } from "../src/client-sdk";

async function main(): Promise<void> {
  const apiKey = process.env.ATRIUM_API_KEY;
  if (!apiKey) throw new Error("Set ATRIUM_API_KEY to an API key (atr_…) with the read, write and exec scopes.");
  const atrium = new AtriumClient({ baseUrl: process.env.ATRIUM_URL ?? "http://localhost:3000", apiKey });

  const workspace = await atrium.createWorkspace({ name: `agent example ${new Date().toISOString().slice(0, 19).replace(/[T:]/g, "-")}`, metadata: { createdBy: "examples/agent.ts" } });
  console.log(`workspace ${workspace.name} (${workspace.id})`);

  await atrium.writeFile(workspace.id, { path: "hello.sh", content: 'echo "hello from $(uname -s), 6*7=$((6*7))"\n' });
  const result = await atrium.exec(workspace.id, { command: ["sh", "hello.sh"], timeoutMs: 30_000 });

  process.stdout.write(result.stdout);
  if (result.stderr) process.stderr.write(result.stderr);
  console.log(`exit ${result.exitCode} in ${result.durationMs} ms`);
}

main().catch((error: unknown) => {
  if (error instanceof AtriumError) console.error(`${error.status} ${error.code}${error.reason ? ` (${error.reason})` : ""}: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
