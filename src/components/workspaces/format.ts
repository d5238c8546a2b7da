// Pure helpers for the workspace screens: usage ratios (sizes are ~/lib/format's formatBytes), and the `key=value` syntax people type for metadata and for the metadata filter.

/** Share of the quota in use, 0..1 (a zero quota counts as full once anything is stored). */
export function usageRatio(usage: bigint, quota: bigint): number {
  if (quota <= 0n) return usage > 0n ? 1 : 0;
  // Scale in bigint first so quotas past 2^53 bytes keep their precision.
  const permille = Number((usage * 1000n) / quota);
  return Math.min(1, Math.max(0, permille / 1000));
}

export type MetadataParse = { ok: true; metadata: Record<string, string> } | { ok: false; error: string };

const KEY_MAX = 100;

/** One `key=value` per line; blank lines are skipped. Values stay strings (filters compare as JSON). */
export function parseMetadataLines(text: string): MetadataParse {
  const metadata: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    const pair = parsePair(line);
    if (!pair.ok) return { ok: false, error: `Line ${i + 1}: ${pair.error}` };
    if (Object.hasOwn(metadata, pair.key)) return { ok: false, error: `Line ${i + 1}: “${pair.key}” is already set on an earlier line.` };
    metadata[pair.key] = pair.value;
  }
  return { ok: true, metadata };
}

export type PairParse = { ok: true; key: string; value: string } | { ok: false; error: string };

/** A single `key=value` (the list's metadata filter uses the same rule as the create form). */
export function parsePair(text: string): PairParse {
  const at = text.indexOf("=");
  if (at < 0) return { ok: false, error: `write it as key=value, for example team=data.` };
  const key = text.slice(0, at).trim();
  const value = text.slice(at + 1).trim();
  if (key === "") return { ok: false, error: "the key before = is missing." };
  if (key.length > KEY_MAX) return { ok: false, error: `keys are at most ${KEY_MAX} characters.` };
  return { ok: true, key, value };
}

/** The metadata filter box: empty means no filter; otherwise one `key=value`. */
export function parseMetadataFilter(text: string): { ok: true; filter: { key: string; value: string } | null } | { ok: false; error: string } {
  if (text.trim() === "") return { ok: true, filter: null };
  const pair = parsePair(text.trim());
  if (!pair.ok) return { ok: false, error: `Filter by metadata: ${pair.error}` };
  return { ok: true, filter: { key: pair.key, value: pair.value } };
}

/** Metadata shown as short `key=value` chips; non-string values as JSON. */
export function metadataChips(metadata: Record<string, unknown>): string[] {
  return Object.entries(metadata).map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
}
