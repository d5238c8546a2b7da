// The one place that reads process.env. Parsed once, at first import; a bad value throws an
// EnvError that names each variable and what it expects, so start-up stops with a useful message.
import path from "node:path";
import { z } from "zod";
import { DEFAULT_TRUSTED_PROXIES, parseCidr } from "~/server/auth/client-ip";
import { ZPresetChanges, ZRaisableLimits } from "~/server/sandbox/presets";

const bool = (name: string, fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      const s = v.trim().toLowerCase();
      if (["1", "true", "yes", "on"].includes(s)) return true;
      if (["0", "false", "no", "off"].includes(s)) return false;
      ctx.addIssue({ code: "custom", message: `expected true or false (got "${v}")` });
      return z.NEVER;
    })
    .describe(name);

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `expected a whole number from ${min} to ${max} (got "${v}")` });
        return z.NEVER;
      }
      return n;
    });

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const postgresUrl = optionalString.refine(
  (v) => v === undefined || /^postgres(ql)?:\/\/.+/.test(v),
  "expected a PostgreSQL URL such as postgresql://user:password@host:5432/atrium",
);

const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
/** An IPv4 network such as 10.1.2.0/24 (the prefix length is required). */
export const IPV4_CIDR = new RegExp(`^${OCTET}(\\.${OCTET}){3}/(3[0-2]|[12]?\\d)$`);

/** A Docker label value naming one installation's sandboxes (set, or generated into the data dir). */
export const INSTANCE_ID_PATTERN = /^[a-zA-Z0-9_.-]{1,64}$/;

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: int(3000, 0, 65535),
    HOST: z.string().default("0.0.0.0"),
    ATRIUM_PUBLIC_URL: optionalString.refine(
      (v) => v === undefined || /^https?:\/\/[^/]+/.test(v),
      "expected the URL people open, such as https://atrium.example.com",
    ),
    ATRIUM_DATA_DIR: z.string().default("./.atrium"),
    DATABASE_URL: postgresUrl,
    ATRIUM_EMBEDDED_PG_PORT: int(54329, 1, 65535),
    ATRIUM_AUTH_SECRET: optionalString.refine(
      (v) => v === undefined || v.length >= 32,
      "expected at least 32 characters (generate one with: openssl rand -base64 48)",
    ),
    ATRIUM_ALLOW_SIGNUP: bool("ATRIUM_ALLOW_SIGNUP", true),
    ATRIUM_ADMIN_EMAIL: optionalString.refine(
      (v) => v === undefined || z.email().safeParse(v).success,
      "expected an email address",
    ),
    ATRIUM_ADMIN_PASSWORD: optionalString,
    ATRIUM_DEFAULT_QUOTA_BYTES: int(5 * 1024 ** 3, 1024 * 1024, Number.MAX_SAFE_INTEGER),
    ATRIUM_RUNTIME_IMAGE: z.string().default("atrium/runtime:bookworm"),
    ATRIUM_TEST_IMAGE: z.string().default("atrium/test:busybox"),
    DOCKER_HOST: optionalString,
    ATRIUM_SANDBOX_DRIVER: z.enum(["docker", "local"], { message: 'expected "docker" or "local" (local runs commands on this machine without isolation)' }).default("docker"),
    ATRIUM_SESSION_IDLE_MS: int(30 * 60_000, 10_000, 7 * 24 * 3_600_000),
    /** An MCP session unused for this long is closed (clients that vanish without DELETE). */
    ATRIUM_MCP_SESSION_IDLE_MS: int(30 * 60_000, 1000, 24 * 3_600_000),
    ATRIUM_SANDBOX_IMAGES: z
      .string()
      .optional()
      .transform((v) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean)),
    ATRIUM_INSTANCE_ID: optionalString.refine((v) => v === undefined || INSTANCE_ID_PATTERN.test(v), "expected 1-64 letters, digits, dots, dashes or underscores"),
    ATRIUM_EXEC_MAX_OUTPUT_BYTES: int(1024 * 1024, 1024, 64 * 1024 * 1024),
    ATRIUM_EXEC_MAX_TIMEOUT_MS: int(30 * 60_000, 1000, 24 * 3_600_000),
    ATRIUM_AGENT_BINARY: optionalString,
    ATRIUM_FSD_BINARY: optionalString,
    /** Requests per minute per API key on every door: the default for keys and the most one may be given. */
    ATRIUM_KEY_RATE_LIMIT: int(600, 1, 1_000_000),
    // Archive imports: most entries and most unpacked bytes one import may create (checked while
    // it streams, so a bomb of tiny entries stops at the cap). 0 bytes: the new workspace's quota.
    ATRIUM_IMPORT_MAX_ENTRIES: int(100_000, 1, 100_000_000),
    ATRIUM_IMPORT_MAX_BYTES: int(0, 0, Number.MAX_SAFE_INTEGER),
    ATRIUM_SANDBOX_PRESETS: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v.trim() === "") return {};
        try {
          const parsed = ZPresetChanges.safeParse(JSON.parse(v));
          if (parsed.success) return parsed.data;
          ctx.addIssue({ code: "custom", message: `expected JSON like {"default":{"memoryMb":8192}} (${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})` });
        } catch {
          ctx.addIssue({ code: "custom", message: 'expected JSON like {"default":{"memoryMb":8192},"strict":{"processes":50}}' });
        }
        return z.NEVER;
      }),
    // Ceilings up to which owners may raise a workspace's sandbox limits (JSON, e.g.
    // {"memoryMb":16384,"cpus":8,"processes":500}); unset keys default to the default preset's
    // number. Admins change them at run time (policy.setCeilings), which overrides this.
    ATRIUM_SANDBOX_CEILINGS: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v.trim() === "") return {};
        try {
          const parsed = ZRaisableLimits.safeParse(JSON.parse(v));
          if (parsed.success) return parsed.data;
          ctx.addIssue({ code: "custom", message: `expected JSON like {"memoryMb":16384,"cpus":8} (${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})` });
        } catch {
          ctx.addIssue({ code: "custom", message: 'expected JSON like {"memoryMb":16384,"cpus":8,"processes":500}' });
        }
        return z.NEVER;
      }),
    // The uid:gid sandboxes and the confined file helper run as and workspace trees belong to: not
    // a host account, never 0. 2097151 is the largest id a ustar header holds (snapshots are tar).
    ATRIUM_SANDBOX_UID: int(2_000_000, 1, 2_097_151),
    ATRIUM_SANDBOX_GID: int(2_000_000, 1, 2_097_151),
    ATRIUM_SANDBOX_MAX_MASKS: int(1000, 1, 10_000),
    ATRIUM_SANDBOX_MASK_WALK_ENTRIES: int(1_000_000, 1000, 100_000_000),
    ATRIUM_SANDBOX_FIREWALL: z.enum(["auto", "off", "required"], { message: 'expected "auto", "off" or "required"' }).default("auto"),
    ATRIUM_SANDBOX_NETWORK_ALLOW: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const list = (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);
        const bad = list.filter((c) => !IPV4_CIDR.test(c));
        if (bad.length > 0) {
          ctx.addIssue({ code: "custom", message: `expected IPv4 CIDRs separated by commas, such as 192.168.1.10/32 (not: ${bad.join(", ")})` });
          return z.NEVER;
        }
        return list;
      }),
    ATRIUM_TASK_CONCURRENCY: int(3, 1, 64),
    ATRIUM_TASK_WORKSPACE_CONCURRENCY: int(1, 1, 64),
    // Per-user caps (fair limits between users; README "Limits"). 0 here: max(1, ATRIUM_TASK_CONCURRENCY - 1).
    ATRIUM_TASK_USER_CONCURRENCY: int(0, 0, 1024),
    ATRIUM_USER_MAX_SESSIONS: int(8, 1, 10_000),
    ATRIUM_USER_MAX_QUEUED_TASKS: int(200, 1, 100_000),
    ATRIUM_USER_MAX_GREPS: int(4, 1, 1000),
    ATRIUM_TRUST_PROXY: bool("ATRIUM_TRUST_PROXY", false),
    // Which peers count as our own proxies when ATRIUM_TRUST_PROXY is on (IPs or CIDRs, comma-separated).
    ATRIUM_TRUSTED_PROXIES: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v.trim() === "") return [...DEFAULT_TRUSTED_PROXIES];
        const entries = v.split(",").map((s) => s.trim()).filter(Boolean);
        const bad = entries.filter((s) => !parseCidr(s));
        if (bad.length === 0) return entries;
        ctx.addIssue({ code: "custom", message: `expected IP addresses or networks such as 10.0.0.0/8,::1 (not valid: ${bad.join(", ")})` });
        return z.NEVER;
      }),
    ATRIUM_SIGNIN_MAX_PER_ACCOUNT: int(5, 1, 1000),
    ATRIUM_SIGNIN_MAX_PER_IP: int(30, 1, 100000),
    ATRIUM_SIGNIN_WINDOW_SECONDS: int(900, 1, 86400),
    ATRIUM_SIGNIN_ACCOUNT_CEILING: int(50, 1, 1_000_000),
    ATRIUM_SIGNIN_MAX_DELAY_SECONDS: int(300, 1, 86400),
    // Observability (README "Observability"): a bearer token for GET /metrics (open when unset),
    // the log level, and where OpenTelemetry sends traces (tracing is off, and not loaded, without it).
    ATRIUM_METRICS_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, "expected at least 16 characters (generate one with: openssl rand -hex 24)"),
    ATRIUM_LOG_LEVEL: z.preprocess(
      (v) => (typeof v === "string" && v.trim() !== "" ? v.trim().toLowerCase() : undefined),
      z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { message: 'expected one of "fatal", "error", "warn", "info", "debug", "trace", "silent"' }).default("info"),
    ),
    OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.refine((v) => v === undefined || /^https?:\/\/[^/]+/.test(v), "expected the collector's base URL, such as http://otel-collector:4318"),
    // Shutdown (README "Operations"): how long in-flight requests and running tasks get to finish,
    // and whether sandboxes keep running for the next start to adopt or are stopped with the server.
    ATRIUM_SHUTDOWN_GRACE_MS: int(10_000, 0, 3_600_000),
    ATRIUM_SANDBOXES_ON_SHUTDOWN: z.enum(["keep", "stop"], { message: 'expected "keep" (the next start adopts them) or "stop"' }).default("keep"),
    // The file watcher (README "Live file tree"): how many workspaces one process watches natively
    // at once (each costs one inotify watch per folder); beyond it, and when the kernel refuses
    // more watches, a workspace falls back to telling clients to refetch every ATRIUM_WATCH_FALLBACK_MS.
    ATRIUM_WATCH_MAX_WORKSPACES: int(64, 0, 10_000),
    ATRIUM_WATCH_FALLBACK_MS: int(15_000, 1000, 3_600_000),
    // How long a watcher outlives the last tab, SSE stream or MCP session that held it.
    ATRIUM_WATCH_IDLE_MS: int(30_000, 0, 3_600_000),
    // More distinct paths than this in one batch (~60-400 ms) are sent as `overflow: true` instead.
    ATRIUM_WATCH_MAX_BATCH: int(1000, 1, 100_000),
    // Events on the SSE stream a client can resume from with Last-Event-ID, per workspace.
    ATRIUM_EVENTS_BUFFER: int(1000, 10, 100_000),
  })
  .superRefine((env, ctx) => {
    if ((env.ATRIUM_ADMIN_EMAIL === undefined) !== (env.ATRIUM_ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["ATRIUM_ADMIN_PASSWORD"],
        message: "ATRIUM_ADMIN_EMAIL and ATRIUM_ADMIN_PASSWORD must be set together",
      });
    }
  });

export type Env = z.infer<typeof EnvSchema> & { dataDir: string; publicUrl: string };

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Atrium cannot start: the configuration is invalid.\n${problems.map((p) => `  - ${p}`).join("\n")}\nFix these environment variables and start again (see README.md, "Configuration").`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => {
        const name = issue.path.join(".") || "environment";
        return `${name}: ${issue.message}`;
      }),
    );
  }
  const e = result.data;
  return {
    ...e,
    dataDir: path.resolve(e.ATRIUM_DATA_DIR),
    publicUrl: (e.ATRIUM_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
  };
}

let cached: Env | undefined;

/** The validated configuration of this process. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
