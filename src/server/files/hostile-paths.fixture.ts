// The hostile-path corpus shared by the path guard's unit test (pure decisions) and its integration
// test (real filesystem + audit rows). Generated systematically: every traversal spelling in every
// position, absolute and Windows forms, control and invisible characters, lengths, protected
// names, path rules, roles. Filesystem tricks (symlinks, hard links, FIFOs) live in the
// integration test, which builds them for real.
import type { WorkspaceRoleName } from "~/server/auth/types";
import type { FileOp, GuardTarget, PathDenyReason } from "./path-guard-types";

/** "inside": accepted, and must resolve inside the root. Anything else: the expected refusal. */
export type Expected = PathDenyReason | "inside";

export interface CorpusEntry {
  path: string;
  expect: Expected;
  op?: FileOp;
  role?: WorkspaceRoleName;
  /** What the entry probes, for failure messages. */
  family: string;
}

/** The rules every corpus run installs on its workspace. */
export const CORPUS_RULES: GuardTarget["rules"] = [
  { pattern: "secrets/**", effect: "BLOCK" },
  { pattern: "*.secret", effect: "BLOCK" },
  { pattern: "/vendor/**", effect: "READ_ONLY" },
  { pattern: "docs", effect: "READ_ONLY" },
];

// Spellings of "..": only the first is a traversal; the rest are literal names.
const DOTS: readonly string[] = [
  "..",
  "%2e%2e",
  "%2E%2E",
  ".%2e",
  "%2e.",
  "%252e%252e",
  "%25252e%25252e",
  "%c0%ae%c0%ae",
  "%e0%80%ae%e0%80%ae",
  "\uff0e\uff0e", // fullwidth full stop
  "\u2024\u2024", // one dot leader
  "\u2025", // two dot leader
  "\ufe52\ufe52", // small full stop
  "\u3002\u3002", // ideographic full stop
  ".\u0307", // dot + combining dot above
  "...",
  ". .",
  "..%00",
];

// Spellings of "/": only the first separates; the backslash is refused; the rest are literal.
const SEPARATORS: readonly string[] = [
  "/",
  "\\",
  "%2f",
  "%2F",
  "%5c",
  "%5C",
  "%252f",
  "%25252f",
  "%c0%af",
  "%c1%9c",
  "%e0%80%af",
  "%ef%bc%8f",
  "\uff0f", // fullwidth solidus
  "\uff3c", // fullwidth reverse solidus
  "\u2215", // division slash
  "\u2044", // fraction slash
  "\u29f8", // big solidus
  "%u2215",
  "&#47;",
];

type Template = { name: string; build: (d: string, s: string) => string; escapes: boolean };

const TEMPLATES: readonly Template[] = [
  { name: "leading", build: (d, s) => `${d}${s}etc${s}passwd`, escapes: true },
  { name: "repeated", build: (d, s) => `${d}${s}${d}${s}${d}${s}${d}${s}etc${s}shadow`, escapes: true },
  { name: "middle", build: (d, s) => `src${s}${d}${s}${d}${s}etc`, escapes: true },
  { name: "balanced", build: (d, s) => `src${s}lib${s}${d}${s}main.ts`, escapes: false },
  { name: "trailing-separator", build: (d, s) => `${d}${s}`, escapes: true },
];

function traversalMatrix(): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  for (const d of DOTS) {
    for (const s of SEPARATORS) {
      for (const t of TEMPLATES) {
        const expect: Expected = s === "\\" ? "invalid_path" : d === ".." && s === "/" && t.escapes ? "outside_workspace" : "inside";
        out.push({ path: t.build(d, s), expect, family: `traversal/${t.name}` });
      }
    }
    out.push({ path: d, expect: d === ".." ? "outside_workspace" : "inside", family: "traversal/alone" });
  }
  return out;
}

const BAD_CHARACTERS: readonly string[] = [
  "\0",
  "\x01",
  "\x07",
  "\b",
  "\t",
  "\n",
  "\v",
  "\f",
  "\r",
  "\x1b",
  "\x7f",
  "\x80",
  "\x85",
  "\x9f",
  "\u00ad",
  "\u200b",
  "\u200c",
  "\u200d",
  "\u200e",
  "\u200f",
  "\u202a",
  "\u202e",
  "\u2066",
  "\u2069",
  "\u2028",
  "\u2029",
  "\u2060",
  "\ufeff",
  "\ud800", // lone high surrogate
  "\udfff", // lone low surrogate
];

function badCharacters(): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  for (const c of BAD_CHARACTERS) {
    for (const build of [(x: string) => `a${x}b`, (x: string) => x, (x: string) => `.env${x}`, (x: string) => `..${x}/etc`, (x: string) => `${x}../../etc/passwd`, (x: string) => `safe/${x}`]) {
      out.push({ path: build(c), expect: "invalid_path", family: "characters" });
    }
  }
  // Null-byte truncation classics.
  for (const p of ["a\0b", "file.txt\0.png", "../../etc/passwd\0.txt", ".env\0", "\0/etc/passwd", "x/\0/../../.."]) out.push({ path: p, expect: "invalid_path", family: "null-byte" });
  // Well-formed astral characters are fine.
  out.push({ path: "emoji-\u{1f600}.txt", expect: "inside", family: "characters" });
  out.push({ path: "\u00e9t\u00e9/caf\u00e9.md", expect: "inside", family: "characters" });
  return out;
}

// A leading `/` is the workspace root (requested-path.ts): host-looking absolute paths name files
// INSIDE the workspace; only `..` above the root stays outside.
function absoluteAndForeign(root: string): CorpusEntry[] {
  const parent = root.slice(0, root.lastIndexOf("/")) || "/";
  const rootName = root.slice(root.lastIndexOf("/") + 1);
  const list: [string, Expected][] = [
    ["/etc/passwd", "inside"],
    ["//etc/passwd", "inside"],
    ["///etc/passwd", "inside"],
    ["/", "inside"],
    ["//", "inside"],
    ["/.", "inside"],
    ["/..", "outside_workspace"],
    ["/../etc/passwd", "outside_workspace"],
    ["/./etc/passwd", "inside"],
    ["/proc/self/environ", "inside"],
    ["/proc/self/root/etc/passwd", "inside"],
    ["/proc/self/cwd/package.json", "inside"],
    ["/dev/null", "inside"],
    ["/dev/zero", "inside"],
    ["/root/.ssh/id_rsa", "critical_file"],
    ["/home/user/.aws/credentials", "critical_file"],
    ["/tmp", "inside"],
    ["/var/run/docker.sock", "inside"],
    ["/workspace/src/index.ts", "inside"],
    ["/workspace/../etc/passwd", "outside_workspace"],
    ["/workspace/.env", "critical_file"],
    [`${root}/../outside.txt`, "outside_workspace"],
    [`${root}/a/../../x`, "outside_workspace"],
    [`${root}/..`, "outside_workspace"],
    [`${root}x/evil`, "inside"],
    [`${root}-sibling/file`, "inside"],
    [`${root.toUpperCase()}/file`, "inside"],
    [`${parent}/${rootName}/../${rootName}/x`, "outside_workspace"],
    [`${parent}`, "inside"],
    [`${root}`, "inside"],
    [`${root}/`, "inside"],
    [`${root}//src/./main.ts`, "inside"],
    [`${root}/src/../main.ts`, "inside"],
    [`${root}/.env`, "critical_file"],
    [`${root}/.git/config`, "critical_file"],
    // Windows, UNC and URL forms.
    ["C:\\Windows\\System32\\config\\SAM", "invalid_path"],
    ["C:/Windows/System32", "inside"],
    ["c:", "inside"],
    ["C:..\\..\\etc", "invalid_path"],
    ["\\\\server\\share\\x", "invalid_path"],
    ["\\\\?\\C:\\x", "invalid_path"],
    ["\\\\.\\pipe\\docker_engine", "invalid_path"],
    ["..\\..\\etc\\passwd", "invalid_path"],
    ["a\\..\\..\\b", "invalid_path"],
    ["\\", "invalid_path"],
    ["\\etc\\passwd", "invalid_path"],
    ["/\\etc", "invalid_path"],
    ["%USERPROFILE%\\.ssh", "invalid_path"],
    ["file:///etc/passwd", "inside"],
    ["file://localhost/etc/passwd", "inside"],
    ["file:/etc/passwd", "inside"],
    ["http://169.254.169.254/latest/meta-data", "inside"],
    ["~", "inside"],
    ["~root/x", "inside"],
    ["~/.ssh/id_rsa", "critical_file"],
    ["$HOME/.aws/credentials", "critical_file"],
    ["${HOME}", "inside"],
    ["`id`", "inside"],
    ["$(id)", "inside"],
    ["a;rm -rf ~", "inside"],
    ["-rf", "inside"],
    ["--help", "inside"],
  ];
  return list.map(([path, expect]) => ({ path, expect, family: "absolute-foreign" }));
}

function lengthsAndShapes(): CorpusEntry[] {
  const list: [string, Expected][] = [
    ["", "invalid_path"],
    [".", "inside"],
    ["./", "inside"],
    ["./.", "inside"],
    ["a/..", "inside"],
    ["a/./b", "inside"],
    ["a//b", "inside"],
    ["a/b/", "inside"],
    ["...", "inside"],
    ["....", "inside"],
    [".../...", "inside"],
    [" ", "inside"],
    ["  /  ", "inside"],
    ["./..", "outside_workspace"],
    ["./../", "outside_workspace"],
    ["a/b/../../..", "outside_workspace"],
    ["a/b/../../../", "outside_workspace"],
    ["a/../../a", "outside_workspace"],
    ["a".repeat(255), "inside"],
    ["a".repeat(256), "invalid_path"],
    ["\u00e9".repeat(127), "inside"],
    ["\u00e9".repeat(128), "invalid_path"],
    ["\u{1f600}".repeat(63), "inside"],
    ["\u{1f600}".repeat(64), "invalid_path"],
    ["ab/".repeat(1400), "invalid_path"],
    ["x".repeat(5000), "invalid_path"],
    ["x".repeat(100_000), "invalid_path"],
    ["../".repeat(2000), "invalid_path"],
    ["a/".repeat(2047) + "a", "inside"],
    ["d/".repeat(300) + "f", "inside"],
    ["../".repeat(300) + "etc/passwd", "outside_workspace"],
    ["a/".repeat(300) + "../".repeat(300) + "etc", "inside"],
    ["a/".repeat(300) + "../".repeat(301) + "etc", "outside_workspace"],
    ["a/".repeat(300) + "../".repeat(300) + ".env", "critical_file"],
    ["./".repeat(500) + "../x", "outside_workspace"],
  ];
  return list.map(([path, expect]) => ({ path, expect, family: "shape" }));
}

function protectedNames(): CorpusEntry[] {
  const critical = [
    ".env",
    ".ENV",
    ".Env",
    ".env.",
    ".env ",
    ".env.local",
    ".env.production",
    ".env.example",
    ".ENV.LOCAL",
    "\uff0eenv", // fullwidth dot + env: folded by NFKC
    ".\uff45\uff4e\uff56", // fullwidth letters
    "app/.env",
    "a/b/c/.env.test",
    "x/../.env",
    "./.env",
    ".//.env",
    "src/../.env",
    "credentials.json",
    "CREDENTIALS.JSON",
    "config/gcp/credentials.json",
    "secrets.yaml",
    "secrets.yml",
    "deploy/Secrets.YAML",
    "server.pem",
    "certs/ca.PEM",
    "a/.pem",
    "id_rsa",
    "id_rsa.pub",
    "ID_RSA",
    "backup/id_rsa.old",
    "id_dsa",
    "id_ecdsa",
    "id_ecdsa_sk",
    "id_ed25519",
    "id_ed25519.pub",
    "id_ed25519_sk-cert.pub",
    "id_xmss",
    "putty.ppk",
    "cert.p12",
    "cert.pfx",
    ".git-credentials",
    ".netrc",
    ".pgpass",
    ".ssh",
    ".ssh/",
    ".ssh/config",
    ".ssh/authorized_keys",
    "home/dev/.ssh/known_hosts",
    ".SSH/config",
    ".aws",
    ".aws/credentials",
    ".aws/config",
    ".gnupg/private-keys-v1.d/x.key",
    ".config/gcloud",
    ".config/gcloud/credentials.db",
    ".config/gcloud/application_default_credentials.json",
    "home/dev/.config/gcloud/access_tokens.db",
    ".git",
    ".git/",
    ".git/config",
    "./.git/config",
    ".git/../.git/HEAD",
    ".git/hooks/pre-commit",
    ".git/objects/ab/cdef",
    ".GIT/config",
    ".Git/HEAD",
    ".git./config",
    "vendor/lib/.git/config",
    "sub/.git",
  ];
  const fine = [
    ".gitignore",
    ".gitattributes",
    ".gitmodules",
    ".github/workflows/ci.yml",
    ".gitkeep",
    "git/config",
    "env",
    ".envelope",
    ".environment",
    "my.env",
    "env.local",
    "credentials.json.md",
    "credentials.jsonc",
    "secrets.yaml.example",
    "secrets.txt",
    "pem",
    "server.pem.txt",
    "id-rsa",
    "rsa_id",
    "ssh/config",
    ".config/other/app.json",
    "gcloud/x",
    "aws/credentials",
    "docs/.ssh.md",
    ".sshd_config",
  ];
  return [
    ...critical.map((path) => ({ path, expect: "critical_file" as const, family: "protected" })),
    ...critical.slice(0, 20).map((path) => ({ path, expect: "critical_file" as const, op: "write" as const, family: "protected/write" })),
    ...critical.slice(0, 10).map((path) => ({ path, expect: "critical_file" as const, op: "delete" as const, role: "owner" as const, family: "protected/delete-owner" })),
    ...[".git", ".ssh", ".aws"].map((path) => ({ path, expect: "critical_file" as const, op: "list" as const, family: "protected/list" })),
    ...fine.map((path) => ({ path, expect: "inside" as const, family: "protected/lookalike" })),
  ];
}

function rulesAndRoles(): CorpusEntry[] {
  const e = (path: string, expect: Expected, op: FileOp = "read", role: WorkspaceRoleName = "editor"): CorpusEntry => ({ path, expect, op, role, family: "rules-roles" });
  return [
    e("secrets", "blocked_path"),
    e("secrets/", "blocked_path"),
    e("secrets/prod.txt", "blocked_path"),
    e("secrets/a/b/c", "blocked_path"),
    e("SECRETS/prod.txt", "blocked_path"),
    e("app/secrets/prod.txt", "blocked_path"),
    e("secrets/prod.txt", "blocked_path", "write", "owner"),
    e("secrets", "blocked_path", "list", "owner"),
    e("secrets/x", "blocked_path", "delete", "owner"),
    e("a/../secrets/x", "blocked_path"),
    e("./secrets/x", "blocked_path"),
    e("token.secret", "blocked_path"),
    e("deep/dir/token.secret", "blocked_path"),
    e("token.secret/inner.txt", "blocked_path"),
    e(".hidden.secret", "blocked_path"),
    e("secrets-not/x", "inside"),
    e("mysecrets/x", "inside"),
    e("token.secrets", "inside"),
    e("vendor/lib.js", "inside"),
    e("vendor/lib.js", "read_only", "write"),
    e("vendor/lib.js", "read_only", "delete"),
    e("vendor", "read_only", "delete"),
    e("vendor/lib.js", "inside", "execute"),
    e("lib/vendor/x.js", "inside", "write"),
    e("docs/guide.md", "read_only", "write"),
    e("api/docs/guide.md", "read_only", "write"),
    e("DOCS/guide.md", "read_only", "write"),
    e("docs/guide.md", "inside", "read"),
    e("docs", "inside", "list"),
    e("docsite/x", "inside", "write"),
    e("src/main.ts", "inside", "read", "viewer"),
    e("src", "inside", "list", "viewer"),
    e("src/main.ts", "permission_denied", "write", "viewer"),
    e("src/main.ts", "permission_denied", "delete", "viewer"),
    e("run.sh", "permission_denied", "execute", "viewer"),
    e("secrets/x", "blocked_path", "write", "viewer"),
    e(".env", "critical_file", "write", "viewer"),
    e("src/main.ts", "inside", "write", "editor"),
    e("src/main.ts", "inside", "delete", "owner"),
    e(".", "invalid_path", "write"),
    e(".", "invalid_path", "delete", "owner"),
    e("a/..", "invalid_path", "delete", "owner"),
    e(".", "inside", "list", "viewer"),
  ];
}

/** The whole pure corpus, for a workspace whose root is `root` (used by the absolute-path family). */
export function hostileCorpus(root: string): CorpusEntry[] {
  return [...traversalMatrix(), ...badCharacters(), ...absoluteAndForeign(root), ...lengthsAndShapes(), ...protectedNames(), ...rulesAndRoles()];
}
