// Workspace metadata: a small JSON object of the caller's own labels (team, ticket, agent run…),
// filterable by key = value. Capped so it stays a label, not a document store.
import { z } from "zod";

export const METADATA_MAX_BYTES = 16 * 1024;
export const METADATA_MAX_KEYS = 100;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type Metadata = Record<string, JsonValue>;

const ZKey = z.string().min(1, "Metadata keys cannot be empty.").max(100, "Metadata keys are at most 100 characters.");

function sizeOf(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}

export function metadataTooLarge(value: Metadata): string | null {
  if (Object.keys(value).length > METADATA_MAX_KEYS) return `Metadata holds at most ${METADATA_MAX_KEYS} keys.`;
  if (sizeOf(value) > METADATA_MAX_BYTES) return `Metadata is at most ${METADATA_MAX_BYTES / 1024} KiB as JSON; store large data in a file instead.`;
  return null;
}

/** Any JSON value; named, so the OpenAPI document can show it once (see agent/rest/openapi-contract). */
const ZJsonValue = z.json().meta({ id: "JsonValue" });

/** A whole metadata object (create, replace). */
export const ZMetadata = z
  .record(ZKey, ZJsonValue)
  .superRefine((value, ctx) => {
    const problem = metadataTooLarge(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform((value) => value as Metadata);

/** A merge patch: keys set to null are removed, others replace what was there (shallow). */
export const ZMetadataPatch = z.record(ZKey, ZJsonValue).transform((value) => value as Metadata);

export function mergeMetadata(current: Metadata, patch: Metadata): Metadata {
  const next: Metadata = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

/** Narrows a stored Json column to an object (older rows or hand edits could hold anything). */
export function asMetadata(value: unknown): Metadata {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Metadata) : {};
}

/** One `key = value` filter for list; values compare as JSON (the string "1" is not the number 1). */
export const ZMetadataFilter = z.object({
  key: ZKey,
  value: z.union([z.string().max(1000), z.number(), z.boolean()]),
});
export type MetadataFilter = z.infer<typeof ZMetadataFilter>;
