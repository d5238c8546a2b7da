// Slugs: a readable, URL- and filename-safe handle derived from the name at creation and never
// changed afterwards (renames keep it, so links and archive names stay stable).
import { randomBytes } from "node:crypto";
import type { Prisma } from "~/generated/prisma/client";
import { escapeLike } from "./like";

export const SLUG_MAX_LENGTH = 48;
/** Tries of create/register before a slug race is reported as an error (each retry uses a random suffix). */
export const SLUG_ATTEMPTS = 5;

/** "Café Ünïcode — API v2!" → "cafe-unicode-api-v2"; names with no latin letters or digits become "workspace". */
export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/, "");
  return base || "workspace";
}

/** The first free `base`, `base-2`, `base-3`…; a short random suffix after that or when asked. */
export function nextFreeSlug(base: string, taken: ReadonlySet<string>, options: { random?: boolean } = {}): string {
  if (!options.random) {
    if (!taken.has(base)) return base;
    for (let n = 2; n <= 50; n++) {
      const candidate = `${base}-${n}`;
      if (!taken.has(candidate)) return candidate;
    }
  }
  return `${base}-${randomBytes(3).toString("hex")}`;
}

/**
 * Picks a free slug for `name`. Another transaction can still take it before ours commits; the
 * unique index catches that and the caller retries with `random: true` (see `isSlugClash`).
 */
export async function pickSlug(tx: Prisma.TransactionClient, name: string, options: { random?: boolean } = {}): Promise<string> {
  const base = slugify(name);
  const rows = await tx.workspace.findMany({
    where: { OR: [{ slug: base }, { slug: { startsWith: `${escapeLike(base)}-` } }] },
    select: { slug: true },
    take: 1000,
  });
  return nextFreeSlug(base, new Set(rows.map((r) => r.slug)), options);
}

/** A unique-index violation on Workspace.slug (Prisma P2002). */
export function isSlugClash(error: unknown): boolean {
  if (!(error instanceof Error) || !("code" in error) || (error as { code?: unknown }).code !== "P2002") return false;
  const meta = (error as { meta?: { target?: unknown; driverAdapterError?: unknown } }).meta;
  return JSON.stringify(meta ?? {}).includes("slug");
}
