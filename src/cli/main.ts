// Entry of the `atrium` admin CLI (bin/atrium.mjs, `npm run atrium -- …`). Commands are in
// src/cli/<command>.ts; see `atrium --help`.
import { processIo } from "./io";
import { run } from "./run";

const code = await run(process.argv.slice(2), processIo());
// Exit explicitly: idle sockets (Docker's keep-alive agent, pg pools) must not keep the CLI alive,
// and stdout/stderr writes to pipes and files are synchronous on Linux, so nothing is lost.
process.exit(code);
