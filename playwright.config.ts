// End-to-end tests against the real production server (scripts/start.mjs), with a fresh database
// and data directory for every run, in Debian's Chromium. See e2e/support/web-server.ts.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { defineConfig } from "@playwright/test";

/** A free TCP port, found synchronously (the config cannot await). */
function freePort(): number {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return Number(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
}

// The config is loaded again in every worker; the environment carries the first choice over so
// the runner and the workers agree on the port and the run.
process.env.ATRIUM_E2E_RUN_ID ??= `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
process.env.ATRIUM_E2E_PORT ??= String(freePort());
const runId = process.env.ATRIUM_E2E_RUN_ID;
const port = process.env.ATRIUM_E2E_PORT;
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    viewport: { width: 1280, height: 800 },
    colorScheme: "light",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    },
  },
  projects: [
    // The first account on a fresh instance becomes its administrator: that journey must run
    // before any other test signs up, so it is its own project that the rest depend on.
    { name: "first-user", testMatch: /auth\.spec\.ts/, grep: /@first-user/ },
    { name: "e2e", dependencies: ["first-user"], grepInvert: /@first-user/ },
  ],
  webServer: {
    command: "node --import tsx e2e/support/web-server.ts",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    // The first start builds the app (next build), which can take a minute or two.
    timeout: 300_000,
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: port,
      HOST: "127.0.0.1",
      ATRIUM_E2E_RUN_ID: runId,
      ATRIUM_DATA_DIR: `e2e/.data/${runId}`,
      // A known configuration, whatever the shell running the tests has set.
      ATRIUM_PUBLIC_URL: "",
      ATRIUM_AUTH_SECRET: "",
      ATRIUM_ADMIN_EMAIL: "",
      ATRIUM_ADMIN_PASSWORD: "",
      ATRIUM_ALLOW_SIGNUP: "true",
      ATRIUM_TRUST_PROXY: "false",
      ATRIUM_SIGNIN_MAX_PER_ACCOUNT: "5",
      ATRIUM_SIGNIN_MAX_PER_IP: "1000",
      ATRIUM_SIGNIN_WINDOW_SECONDS: "900",
    },
  },
});
