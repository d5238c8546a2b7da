// The command line of `atrium`: one spec per command (flags, help, zod schema) drives parsing,
// validation and the usage text, so the three cannot disagree. Pure: no I/O, no process state.
import { parseArgs } from "node:util";
import { z } from "zod";
import { type Scope, SCOPES } from "~/server/auth/types";
import { ZEmail } from "~/server/auth/users";
import { UsageError } from "./errors";

interface FlagSpec {
  type: "string" | "boolean";
  /** Shown in usage after the flag, e.g. EMAIL. */
  placeholder?: string;
  /** One line for the usage text. */
  help: string;
  /** A noun phrase that reads after "expected", for error messages. */
  expects: string;
  required?: boolean;
  /** Never echo the value back (passwords). */
  secret?: boolean;
}

interface CommandSpec<Name extends string, Schema extends z.ZodType> {
  name: Name;
  summary: string;
  description: string;
  /** Keyed by the flag as typed (kebab-case); the schema sees camelCase keys. */
  flags: Record<string, FlagSpec>;
  schema: Schema;
  examples: string[];
}

const ZScopeList = z.string().transform((value, ctx): Scope[] => {
  const items = value
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== "");
  const known: readonly string[] = SCOPES;
  const unknown = items.filter((s) => !known.includes(s));
  if (items.length === 0 || unknown.length > 0) {
    const what = unknown.length === 0 ? "no scope given" : `unknown scope${unknown.length > 1 ? "s" : ""} ${unknown.map((s) => `"${s}"`).join(", ")}`;
    ctx.addIssue({ code: "custom", message: `${what}; expected a comma-separated list of ${SCOPES.join(", ")}` });
    return z.NEVER;
  }
  return [...new Set(items)] as Scope[];
});

const ZName = z.string().trim().min(1).max(100).optional();

const ZDays = z
  .string()
  .regex(/^\d+$/)
  .transform(Number)
  .pipe(z.number().int().min(1).max(3650))
  .optional();

const userCreate = {
  name: "user create",
  summary: "Create an account (works even when sign-up is turned off)",
  description:
    "Creates an account directly in the database. The first account of an instance is always an administrator.\n" +
    "Use --password - to read the password from stdin, so it does not show in `ps` or the shell history.",
  flags: {
    email: { type: "string", placeholder: "EMAIL", help: "the account's email address (required)", expects: "an email address such as ada@example.com", required: true },
    password: {
      type: "string",
      placeholder: "PASSWORD",
      help: "at least 10 characters; - reads it from stdin (required)",
      expects: "a password, or - to read it from stdin",
      required: true,
      secret: true,
    },
    name: { type: "string", placeholder: "NAME", help: "display name (default: the part of the email before @)", expects: "a name of 1 to 100 characters" },
    admin: { type: "boolean", help: "make the account an instance administrator", expects: "no value" },
  },
  schema: z.object({
    email: ZEmail,
    password: z.string().min(1),
    name: ZName,
    admin: z.boolean().default(false),
  }),
  examples: [
    "atrium user create --email ada@example.com --name Ada --admin --password - < ada-password.txt",
    "printf '%s' \"$PASSWORD\" | atrium user create --email bob@example.com --password -",
  ],
} satisfies CommandSpec<"user create", z.ZodType>;

const apikeyCreate = {
  name: "apikey create",
  summary: "Create an API key for a user and print it (shown only once)",
  description:
    "Prints only the key on stdout, so KEY=$(atrium apikey create …) works; notes go to stderr.\n" +
    "The key acts as the user, narrowed to the scopes given. Only administrators' keys may hold the admin scope.",
  flags: {
    user: { type: "string", placeholder: "EMAIL", help: "email of the account the key acts for (required)", expects: "the email address of an existing account", required: true },
    scopes: {
      type: "string",
      placeholder: "LIST",
      help: `comma-separated, from ${SCOPES.join(", ")} (required)`,
      expects: `a comma-separated list of ${SCOPES.join(", ")}`,
      required: true,
    },
    name: { type: "string", placeholder: "NAME", help: "a label for the key (default: cli YYYY-MM-DD)", expects: "a name of 1 to 100 characters" },
    "expires-days": { type: "string", placeholder: "N", help: "days until the key stops working, 1-3650 (default: never)", expects: "a whole number of days from 1 to 3650" },
  },
  schema: z.object({
    user: ZEmail,
    scopes: ZScopeList,
    name: ZName,
    expiresDays: ZDays,
  }),
  examples: ["KEY=$(atrium apikey create --user ada@example.com --scopes read,write,exec --name ci-agent --expires-days 90)"],
} satisfies CommandSpec<"apikey create", z.ZodType>;

const dbMigrate = {
  name: "db migrate",
  summary: "Apply pending database migrations",
  description: "Applies prisma/migrations that the database has not seen yet (Atrium also does this when it starts).",
  flags: {},
  schema: z.object({}),
  examples: ["atrium db migrate"],
} satisfies CommandSpec<"db migrate", z.ZodType>;

const doctor = {
  name: "doctor",
  summary: "Check configuration, data directory, database, Docker, images and Node",
  description:
    "Prints one ✔/✖ line per check with what to fix. Exits 1 when a required check fails (configuration, data\n" +
    "directory, database, Node); missing Docker or images are warnings unless --strict. Never changes the schema.",
  flags: {
    strict: { type: "boolean", help: "treat missing Docker, images or pending migrations as failures", expects: "no value" },
  },
  schema: z.object({ strict: z.boolean().default(false) }),
  examples: ["atrium doctor", "atrium doctor --strict"],
} satisfies CommandSpec<"doctor", z.ZodType>;

const SPECS = [userCreate, apikeyCreate, dbMigrate, doctor] as const;
type Spec = (typeof SPECS)[number];

export type UserCreateArgs = z.output<typeof userCreate.schema>;
export type ApiKeyCreateArgs = z.output<typeof apikeyCreate.schema>;
export type DoctorArgs = z.output<typeof doctor.schema>;

export type Command =
  | { name: "user create"; args: UserCreateArgs }
  | { name: "apikey create"; args: ApiKeyCreateArgs }
  | { name: "db migrate"; args: Record<string, never> }
  | { name: "doctor"; args: DoctorArgs };

export type CommandLine =
  | { kind: "help"; text: string }
  | { kind: "command"; command: Command; debug: boolean };

const GLOBAL_FLAGS: Record<string, FlagSpec> = {
  help: { type: "boolean", help: "show help", expects: "no value" },
  debug: { type: "boolean", help: "print stack traces of errors", expects: "no value" },
};

/** Turns argv (without `node atrium`) into a validated command, or help to print; throws UsageError. */
export function parseCommandLine(all: readonly string[]): CommandLine {
  // Global, so it is accepted before the command too (`atrium --debug doctor`).
  const debug = all.includes("--debug");
  const argv = all.filter((a) => a !== "--debug");
  const words: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith("-") || words.length === 2) break;
    words.push(arg);
  }
  if (words.length === 0) {
    if (argv.length === 0 || argv.some((a) => a === "--help" || a === "-h")) return { kind: "help", text: usage() };
    throw new UsageError(`expected a command before ${argv[0]}`, usage());
  }
  if (words[0] === "help") {
    const topic = words.slice(1).concat(argv.slice(words.length).filter((a) => !a.startsWith("-")));
    if (topic.length === 0) return { kind: "help", text: usage() };
    const spec = findSpec(topic);
    if (!spec) throw unknownCommand(topic);
    return { kind: "help", text: commandHelp(spec) };
  }
  const spec = findSpec(words);
  if (!spec) {
    if (argv.some((a) => a === "--help" || a === "-h") && SPECS.some((s) => s.name.startsWith(`${words[0]} `))) {
      return { kind: "help", text: usage() };
    }
    throw unknownCommand(words);
  }
  const rest = argv.slice(spec.name.split(" ").length);
  const { values, help } = readFlags(spec, rest);
  if (help) return { kind: "help", text: commandHelp(spec) };
  return { kind: "command", command: validate(spec, values), debug };
}

function findSpec(words: readonly string[]): Spec | undefined {
  return SPECS.find((s) => {
    const parts = s.name.split(" ");
    return parts.every((p, i) => words[i] === p);
  });
}

function unknownCommand(words: readonly string[]): UsageError {
  const group = SPECS.filter((s) => s.name.startsWith(`${words[0]} `));
  if (group.length > 0 && words.length === 1) {
    const subs = group.map((s) => s.name.split(" ")[1]).join(", ");
    return new UsageError(`"${words[0]}" needs a subcommand: ${subs}`, usage());
  }
  return new UsageError(`unknown command "${words.join(" ")}"`, usage());
}

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function readFlags(spec: Spec, argv: readonly string[]): { values: Record<string, string | boolean>; help: boolean } {
  const flags: Record<string, FlagSpec> = { ...GLOBAL_FLAGS, ...spec.flags };
  const options = Object.fromEntries(Object.entries(flags).map(([name, f]) => [name, name === "help" ? { type: f.type, short: "h" } : { type: f.type }]));
  // Non-strict, so every mistake gets a message written here instead of parseArgs' generic one.
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const seeHelp = `run \`atrium ${spec.name} --help\``;
  const values: Record<string, string | boolean> = {};
  let help = false;
  for (const token of tokens) {
    if (token.kind === "option-terminator") continue;
    if (token.kind === "positional") throw new UsageError(`unexpected argument "${token.value}" for \`${spec.name}\`; ${seeHelp}`);
    const flag = flags[token.name];
    if (!flag) throw new UsageError(`unknown option ${token.rawName} for \`${spec.name}\`; ${seeHelp}`);
    if (token.name === "help") help = true;
    if (flag.type === "boolean") {
      if (token.value !== undefined) throw new UsageError(`--${token.name} takes no value (got "${token.rawName}=${token.value}")`);
      values[token.name] = true;
      continue;
    }
    // `--email --admin` must not make "--admin" the email; a lone "-" is a value (stdin).
    const value = token.value;
    if (value === undefined) throw new UsageError(`--${token.name} needs a value: expected ${flag.expects}`);
    if (!token.inlineValue && value.startsWith("-") && value !== "-") {
      throw new UsageError(`--${token.name} needs a value: expected ${flag.expects}, not "${value}" (write --${token.name}=VALUE for a value that starts with "-")`);
    }
    if (token.name in values) throw new UsageError(`--${token.name} was given more than once`);
    values[token.name] = value;
  }
  delete values.help;
  return { values, help };
}

function validate(spec: Spec, values: Record<string, string | boolean>): Command {
  for (const [name, flag] of Object.entries(spec.flags) as [string, FlagSpec][]) {
    if (flag.required && values[name] === undefined) {
      throw new UsageError(`--${name} is missing: expected ${flag.expects}`);
    }
  }
  const raw = Object.fromEntries(Object.entries(values).map(([k, v]) => [camel(k), v]));
  const result = spec.schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = typeof issue?.path[0] === "string" ? issue.path[0] : undefined;
    const name = key ? kebab(key) : undefined;
    const flag: FlagSpec | undefined = name ? (spec.flags as Record<string, FlagSpec>)[name] : undefined;
    if (!issue || !name || !flag) throw new UsageError(issue?.message ?? "invalid arguments");
    // Custom issues (scopes) say precisely what is wrong; the rest get the flag's own wording.
    if (issue.code === "custom") throw new UsageError(`--${name}: ${issue.message}`);
    const got = flag.secret || typeof raw[key!] !== "string" ? "" : ` (got "${String(raw[key!])}")`;
    throw new UsageError(`--${name}: expected ${flag.expects}${got}`);
  }
  return { name: spec.name, args: result.data } as Command;
}

function flagSynopsis(name: string, flag: FlagSpec): string {
  if (name === "help") return "-h, --help";
  return flag.type === "string" ? `--${name} ${flag.placeholder ?? "VALUE"}` : `--${name}`;
}

function optionLines(flags: Record<string, FlagSpec>, indent: string): string[] {
  const entries = Object.entries(flags).map(([name, f]) => [flagSynopsis(name, f), f.help] as const);
  const width = Math.max(22, ...entries.map(([s]) => s.length + 2));
  return entries.map(([s, help]) => `${indent}${s.padEnd(width)}${help}`);
}

function synopsis(spec: Spec): string {
  const flags = Object.entries(spec.flags as Record<string, FlagSpec>).map(([name, f]) =>
    f.required ? flagSynopsis(name, f) : `[${flagSynopsis(name, f)}]`,
  );
  return ["atrium", spec.name, ...flags].join(" ");
}

const FOOTER = [
  "Every command: -h, --help shows its help; --debug prints stack traces of errors.",
  "Database: DATABASE_URL, or Atrium's embedded PostgreSQL under ATRIUM_DATA_DIR when it is unset.",
  "Exit codes: 0 done, 1 failed, 2 bad command line, 78 invalid configuration.",
];

/** The overview printed for `atrium`, `atrium --help` and unknown commands. */
export function usage(): string {
  const lines = ["Atrium admin CLI", "", "Usage: atrium <command> [options]", "", "Commands:"];
  const width = Math.max(...SPECS.map((s) => s.name.length)) + 3;
  for (const spec of SPECS) {
    lines.push(`  ${spec.name.padEnd(width)}${spec.summary}`);
    lines.push(...optionLines(spec.flags, "      "));
  }
  lines.push("", "Examples:", ...SPECS.flatMap((s) => s.examples.slice(0, 1)).map((e) => `  ${e}`), "", ...FOOTER);
  return lines.join("\n");
}

export function commandHelp(spec: Spec): string {
  return [
    `Usage: ${synopsis(spec)}`,
    "",
    spec.description,
    "",
    "Options:",
    ...optionLines({ ...spec.flags, ...GLOBAL_FLAGS }, "  "),
    "",
    "Examples:",
    ...spec.examples.map((e) => `  ${e}`),
  ].join("\n");
}
