// The critical files: names Atrium never reads or writes through the API, for anyone (owners and
// admins included), whatever the workspace's path rules say. Processes inside a sandbox can still
// use them; this list only closes the API, the place where an agent or a browser could exfiltrate.
//
// Matching is per path segment and deliberately conservative:
// - at any depth (`app/.env`, `home/me/.ssh/id_rsa` are protected too);
// - a protected directory covers everything beneath it (`.git/config`, `.ssh/known_hosts`);
// - case-insensitive, after NFKC and after dropping trailing dots and spaces: on Linux `.ENV` or
//   `.env.` are different files, but a registered directory may sit on a case-insensitive or SMB
//   mount where they are the same file, and Git's own CVE-2014-9390 came from exactly that. Being
//   wrong here costs an owner a rename; being wrong the other way leaks a secret.
// The list, beyond the issue's own (`.env`, `.env.*`, `credentials.json`, `secrets.yaml`, `*.pem`,
// `id_rsa*`, `.ssh/`, `.aws/`, `.config/gcloud/`, `.git/`):
// - `secrets.yml` (the other spelling), every OpenSSH private/public key name (`id_dsa*`,
//   `id_ecdsa*`, `id_ed25519*`, `id_xmss*`, which also covers the `_sk` and `-cert.pub` variants),
//   PuTTY keys `*.ppk`, PKCS#12 bundles `*.p12`/`*.pfx`;
// - plain-text credential stores Git, curl and libpq read: `.git-credentials`, `.netrc`, `.pgpass`;
// - `.gnupg/` (private keys, like `.ssh/`).
// `.gitignore`, `.gitattributes`, `.github/` and `.gitmodules` are ordinary files.

export type ProtectedKind = "env" | "credentials" | "private_key" | "ssh" | "cloud" | "gnupg" | "git";

const WHY: Record<ProtectedKind, string> = {
  env: ".env files hold secrets",
  credentials: "credential files hold secrets",
  private_key: "key files hold private keys",
  ssh: ".ssh holds SSH keys",
  cloud: "cloud credentials live there",
  gnupg: ".gnupg holds private keys",
  git: ".git holds the repository's internals; use git in a terminal instead",
};

const PROTECTED_DIRECTORIES: ReadonlyMap<string, ProtectedKind> = new Map([
  [".ssh", "ssh"],
  [".aws", "cloud"],
  [".gnupg", "gnupg"],
  [".git", "git"],
]);

/** Two consecutive segments that together name a protected directory. */
const PROTECTED_DIRECTORY_PAIRS: readonly [string, string, ProtectedKind][] = [[".config", "gcloud", "cloud"]];

const PROTECTED_FILES: ReadonlyMap<string, ProtectedKind> = new Map([
  [".env", "env"],
  ["credentials.json", "credentials"],
  ["secrets.yaml", "credentials"],
  ["secrets.yml", "credentials"],
  [".git-credentials", "credentials"],
  [".netrc", "credentials"],
  [".pgpass", "credentials"],
]);

const PROTECTED_PREFIXES: readonly [string, ProtectedKind][] = [
  [".env.", "env"],
  ["id_rsa", "private_key"],
  ["id_dsa", "private_key"],
  ["id_ecdsa", "private_key"],
  ["id_ed25519", "private_key"],
  ["id_xmss", "private_key"],
];

const PROTECTED_SUFFIXES: readonly [string, ProtectedKind][] = [
  [".pem", "private_key"],
  [".ppk", "private_key"],
  [".p12", "private_key"],
  [".pfx", "private_key"],
];

/** The comparison form of a name: NFKC, lower case, without trailing dots and spaces. */
export function foldName(name: string): string {
  return name.normalize("NFKC").toLowerCase().replace(/[. ]+$/u, "");
}

function kindOfName(folded: string): ProtectedKind | null {
  const exact = PROTECTED_FILES.get(folded) ?? PROTECTED_DIRECTORIES.get(folded);
  if (exact) return exact;
  for (const [prefix, kind] of PROTECTED_PREFIXES) if (folded.startsWith(prefix)) return kind;
  for (const [suffix, kind] of PROTECTED_SUFFIXES) if (folded.endsWith(suffix)) return kind;
  return null;
}

export interface ProtectedMatch {
  kind: ProtectedKind;
  /** Short reason for messages: "(.env files hold secrets)". */
  why: string;
  /** The relative path of the protected entry itself (an ancestor of the path, or the path). */
  entry: string;
}

/** Why `relative` (normalized, relative to the root) is a critical file, or null. */
export function protectedMatch(relative: string): ProtectedMatch | null {
  if (relative === "") return null;
  const segments = relative.split("/");
  const folded = segments.map(foldName);
  for (let i = 0; i < segments.length; i++) {
    const name = folded[i]!;
    const kind = kindOfName(name);
    if (kind) return { kind, why: WHY[kind], entry: segments.slice(0, i + 1).join("/") };
    const next = folded[i + 1];
    for (const [first, second, pairKind] of PROTECTED_DIRECTORY_PAIRS) {
      if (name === first && next === second) return { kind: pairKind, why: WHY[pairKind], entry: segments.slice(0, i + 2).join("/") };
    }
  }
  return null;
}

/** True when `relative` is, or lies under, a critical file or directory. */
export function isProtectedPath(relative: string): boolean {
  return protectedMatch(relative) !== null;
}

export function protectedMessage(match: ProtectedMatch): string {
  return `This path is protected (${match.why}); Atrium never reads or writes it through the API.`;
}
