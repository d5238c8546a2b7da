// Atrium's single process: one HTTP server, one port, serving the Next.js app and socket.io.
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { env, EnvError } from "~/env";
import { CLIENT_IP_HEADER, clientIp } from "~/server/auth/client-ip";
import { bootCore } from "~/server/boot";
import { startTempSweeps } from "~/server/files/temp-sweep";
import { answerClientError } from "~/server/http/client-error";
import { securityHeaders } from "~/server/http/security-headers";
import { observeHttp } from "~/server/observability/http";
import { lineLogger, logger } from "~/server/observability/logger";
import { startTracing, stopTracing } from "~/server/observability/tracing";
import { beginDraining } from "~/server/lifecycle/draining";
import { trackHttpDrain } from "~/server/lifecycle/http-drain";
import { SOCKET_PATH } from "~/server/realtime/events";
import { createRealtime } from "~/server/realtime/server";
import { startSandboxHousekeeping } from "~/server/sandbox/housekeeping";
import { stopOwnSandboxes } from "~/server/sandbox/shutdown";
import { startTasks } from "~/server/tasks/start";
import { stopAllWatchers } from "~/server/watch/registry";
import { migrateWorkspaceOwners } from "~/server/workspaces/migrate-owners";

const dev = process.argv.includes("--dev");

async function main(): Promise<void> {
  let e;
  try {
    e = env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  // next-auth reads its canonical URL from here; Atrium configures it through ATRIUM_PUBLIC_URL.
  process.env.NEXTAUTH_URL ??= e.publicUrl;
  // Before anything else runs, so the first requests are traced (nothing is loaded when it is off).
  await startTracing(e.OTEL_EXPORTER_OTLP_ENDPOINT);

  const core = await bootCore();
  const sandboxes = await startSandboxHousekeeping();
  const tasks = await startTasks();
  const tempSweeps = startTempSweeps();
  // Trees from before ATRIUM_SANDBOX_UID (or made by root) go to the sandbox uid, in the background.
  void migrateWorkspaceOwners(lineLogger("atrium")).catch((error: unknown) => logger("atrium").error({ err: error }, "workspace owner migration failed"));
  const app = next({ dev, dir: path.resolve(import.meta.dirname), hostname: e.HOST, port: e.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();

  const headers = Object.entries(securityHeaders({ dev }));
  // observeHttp: /metrics, request ids, the access line, HTTP metrics and spans for every request.
  const server = createServer(observeHttp((req, res) => {
    // While shutting down: 503 + Connection: close; otherwise the request counts as in flight.
    if (drain.refuse(req, res)) return;
    // Never trust a client-sent value for the header handlers use to audit the caller's address.
    req.headers[CLIENT_IP_HEADER] = clientIp(req, e.ATRIUM_TRUST_PROXY, e.ATRIUM_TRUSTED_PROXIES) ?? "";
    // Set before Next answers, so every page, route and error page carries them.
    for (const [name, value] of headers) res.setHeader(name, value);
    void handle(req, res);
  }));
  // Requests Node's parser refuses (e.g. a 20k query string: 431) get the JSON error body too.
  server.on("clientError", answerClientError);
  // socket.io's polling requests are listeners, not work to wait for (its sockets close at once).
  const drain = trackHttpDrain(server, { listenerPaths: [SOCKET_PATH] });
  const realtime = createRealtime(server);
  // socket.io answers upgrades on its own path; the rest (Next's hot reload in development) go to Next.
  const nextUpgrade = app.getUpgradeHandler();
  server.on("upgrade", (req, socket, head) => {
    if (!req.url?.startsWith(SOCKET_PATH)) void nextUpgrade(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(e.PORT, e.HOST, resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : e.PORT;
  logger("atrium").info({ url: e.ATRIUM_PUBLIC_URL ?? `http://localhost:${port}`, mode: dev ? "development" : "production", database: core.embedded ? "embedded" : "DATABASE_URL" }, `ready: ${e.ATRIUM_PUBLIC_URL ?? `http://localhost:${port}`}`);

  let stoppingSince = 0;
  const shutdown = (signal: string) => {
    // A terminal or `kill -- -PGID` signals npm and Atrium together, and npm may pass it on:
    // only a repeat well after the first one means "stop waiting and exit now".
    if (stoppingSince > 0) {
      if (Date.now() - stoppingSince < 1000) return;
      logger("atrium").info(`${signal} again: exiting now`);
      process.exit(1);
    }
    stoppingSince = Date.now();
    const grace = e.ATRIUM_SHUTDOWN_GRACE_MS;
    logger("atrium").info(`${signal}: draining (up to ${grace / 1000} s for requests and tasks in flight)`);
    // Ready probe 503, no new task claims, no new connections; what is in flight goes on.
    beginDraining();
    tasks.stopClaiming();
    drain.begin();
    // Terminals and live views have no "done": clients reconnect (to another replica, or after the restart).
    realtime.emit("server:closing", { reason: "Atrium is restarting" });
    const realtimeClosed = realtime.close().catch(() => undefined);
    // Nobody is left to hear file changes; the inotify descriptors go now, not at exit.
    const watchersStopped = stopAllWatchers().catch(() => undefined);
    const force = setTimeout(() => {
      logger("atrium").info("shutdown did not finish in time: exiting now");
      process.exit(1);
    }, grace + 30_000);
    force.unref();
    void (async () => {
      const [settled, requeued] = await Promise.all([drain.settled(grace), tasks.stop({ graceMs: grace }).catch(() => [] as string[])]);
      if (!settled) logger("atrium").info(`${drain.inFlight()} request(s) still running after ${grace / 1000} s: closing them`);
      if (requeued.length > 0) logger("atrium").info(`re-queued ${requeued.length} running task(s) for the next start or another replica`);
      drain.closeAll();
      await realtimeClosed;
      await watchersStopped;
      await app.close().catch(() => undefined);
      sandboxes.stop();
      tempSweeps.stop();
      if (e.ATRIUM_SANDBOXES_ON_SHUTDOWN === "stop") {
        const report = await stopOwnSandboxes().catch((error: unknown) => ({ stoppedSessions: [], removedContainers: [], errors: [String(error)] }));
        logger("atrium").info(`sandboxes stopped: ${report.stoppedSessions.length} sessions, ${report.removedContainers.length} containers removed`);
        for (const error of report.errors) logger("atrium").info(`could not stop a sandbox: ${error}`);
      }
      await stopTracing();
      await core.stop();
      logger("atrium").info("stopped");
      process.exit(0);
    })();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGHUP", () => shutdown("SIGHUP"));
}

main().catch((error: unknown) => {
  logger("atrium").fatal({ err: error }, `could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
