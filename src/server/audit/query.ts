// Reading the audit log, for administrators: filtered, cursor-paginated lists, a CSV export of
// the same filters, and denials per day for a chart. Writing stays in audit.ts.
//
// - Order is `at desc, id desc`, and the cursor is that pair (keyset pagination): pages stay
//   stable while new events arrive, and no row is skipped or repeated at a page boundary.
// - Time range: `from` inclusive, `to` exclusive.
// - `actor` is a user id or an email address (any case). An email also finds failed sign-ins
//   for that address, which carry no user id (the account may not even exist).
// - The export walks the same keyset pages and stops at EXPORT_MAX_ROWS, saying it truncated.
import { z } from "zod";
import { Prisma } from "~/generated/prisma/client";
import { AuditChannel, AuditOutcome } from "~/generated/prisma/enums";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { toCsv } from "./csv";
import { targetNames } from "./target-names";

export const PAGE_SIZE_MAX = 200;
export const PAGE_SIZE_DEFAULT = 50;
export const EXPORT_MAX_ROWS = 50_000;
export const DENIALS_DAYS_MAX = 366;
const EXPORT_BATCH = 2_000;

const optionalText = (max: number) => z.string().trim().min(1).max(max).optional();
/** A Date (tRPC with superjson) or an ISO 8601 string (REST, CSV links). */
const ZInstant = z.union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s))]);

const filterShape = {
  /** A user id or an email address. */
  actor: optionalText(320),
  apiKeyId: optionalText(64),
  workspaceId: optionalText(64),
  reason: optionalText(100),
  channel: z.enum(AuditChannel).optional(),
  outcome: z.enum(AuditOutcome).optional(),
  /** `files.` finds files.read, files.write…; `files.read` finds exactly that and its sub-actions. */
  actionPrefix: optionalText(100),
  from: ZInstant.optional(),
  to: ZInstant.optional(),
};

const rangeIsOrdered = (f: { from?: Date; to?: Date }) => !f.from || !f.to || f.from < f.to;
const RANGE_MESSAGE = { message: "`from` must be earlier than `to`.", path: ["to"] };

export const ZAuditFilter = z.object(filterShape).refine(rangeIsOrdered, RANGE_MESSAGE);
export type AuditFilter = z.input<typeof ZAuditFilter>;

export const ZAuditListInput = z
  .object({
    ...filterShape,
    cursor: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(PAGE_SIZE_MAX).default(PAGE_SIZE_DEFAULT),
  })
  .refine(rangeIsOrdered, RANGE_MESSAGE);
export type AuditListInput = z.input<typeof ZAuditListInput>;

export const ZDenialsPerDayInput = z.object({
  days: z.number().int().min(1).max(DENIALS_DAYS_MAX).default(30),
  workspaceId: optionalText(64),
});
export type DenialsPerDayInput = z.input<typeof ZDenialsPerDayInput>;

export interface AuditRow {
  id: string;
  at: Date;
  channel: AuditChannel;
  action: string;
  outcome: AuditOutcome;
  reason: string | null;
  target: string | null;
  /** The target's name when it is the id of a row that still exists (a user's email, a workspace's or snapshot's name…); null otherwise. */
  targetName: string | null;
  permission: string | null;
  ip: string | null;
  details: Prisma.JsonValue | null;
  actorUserId: string | null;
  actorEmail: string | null;
  apiKeyId: string | null;
  apiKeyPrefix: string | null;
  apiKeyName: string | null;
  workspaceId: string | null;
  workspaceName: string | null;
}

export interface AuditPage {
  items: AuditRow[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

const SELECT = {
  id: true,
  at: true,
  channel: true,
  action: true,
  outcome: true,
  reason: true,
  target: true,
  permission: true,
  ip: true,
  details: true,
  actorUserId: true,
  apiKeyId: true,
  workspaceId: true,
  actorUser: { select: { email: true } },
  apiKey: { select: { prefix: true, name: true } },
} satisfies Prisma.AuditEventSelect;

type SelectedEvent = Prisma.AuditEventGetPayload<{ select: typeof SELECT }>;

function toRow(e: SelectedEvent, workspaceNames: ReadonlyMap<string, string>, names: ReadonlyMap<string, string>): AuditRow {
  return {
    id: e.id,
    at: e.at,
    channel: e.channel,
    action: e.action,
    outcome: e.outcome,
    reason: e.reason,
    target: e.target,
    targetName: e.target ? (names.get(e.target) ?? null) : null,
    permission: e.permission,
    ip: e.ip,
    details: e.details,
    actorUserId: e.actorUserId,
    actorEmail: e.actorUser?.email ?? null,
    apiKeyId: e.apiKeyId,
    apiKeyPrefix: e.apiKey?.prefix ?? null,
    apiKeyName: e.apiKey?.name ?? null,
    workspaceId: e.workspaceId,
    workspaceName: e.workspaceId ? (workspaceNames.get(e.workspaceId) ?? null) : null,
  };
}

export function auditWhere(filter: z.output<typeof ZAuditFilter>): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (filter.actor) {
    const actor = filter.actor;
    if (actor.includes("@")) {
      const email = actor.toLowerCase();
      and.push({ OR: [{ actorUser: { email } }, { action: "auth.signIn", target: email }] });
    } else {
      and.push({ actorUserId: actor });
    }
  }
  if (filter.apiKeyId) and.push({ apiKeyId: filter.apiKeyId });
  if (filter.workspaceId) and.push({ workspaceId: filter.workspaceId });
  if (filter.reason) and.push({ reason: filter.reason });
  if (filter.channel) and.push({ channel: filter.channel });
  if (filter.outcome) and.push({ outcome: filter.outcome });
  if (filter.actionPrefix) and.push({ action: { startsWith: filter.actionPrefix } });
  if (filter.from) and.push({ at: { gte: filter.from } });
  if (filter.to) and.push({ at: { lt: filter.to } });
  return { AND: and };
}

interface Cursor {
  at: Date;
  id: string;
}

export function encodeCursor(row: { at: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.at.toISOString(), row.id]), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): Cursor {
  const invalid = () => new AppError("INVALID_INPUT", { message: "This page cursor is not valid (it may come from another query). Start again from the first page.", reason: "invalid_cursor" });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  const shape = z.tuple([z.iso.datetime(), z.string().min(1).max(64)]).safeParse(parsed);
  if (!shape.success) throw invalid();
  return { at: new Date(shape.data[0]), id: shape.data[1] };
}

/** Rows strictly after `cursor` in `at desc, id desc` order. */
function afterCursor(cursor: Cursor): Prisma.AuditEventWhereInput {
  return { OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] };
}

async function page(where: Prisma.AuditEventWhereInput, cursor: Cursor | null, limit: number): Promise<{ rows: AuditRow[]; more: boolean }> {
  const found = await db().auditEvent.findMany({
    where: cursor ? { AND: [where, afterCursor(cursor)] } : where,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: SELECT,
  });
  const rows = found.slice(0, limit);
  // workspaceId is not a foreign key (the trail outlives deleted workspaces), so names are looked up.
  const ids = [...new Set(rows.map((r) => r.workspaceId).filter((id): id is string => id !== null))];
  const workspaces = ids.length > 0 ? await db().workspace.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [];
  const workspaceNames = new Map(workspaces.map((w) => [w.id, w.name]));
  const names = await targetNames(rows.map((r) => r.target));
  return { rows: rows.map((r) => toRow(r, workspaceNames, names)), more: found.length > limit };
}

export async function listAuditEvents(input: AuditListInput): Promise<AuditPage> {
  const { cursor, limit, ...filter } = ZAuditListInput.parse(input);
  const { rows, more } = await page(auditWhere(filter), cursor ? decodeCursor(cursor) : null, limit);
  const last = rows[rows.length - 1];
  return { items: rows, nextCursor: more && last ? encodeCursor(last) : null };
}

export const CSV_HEADER = [
  "at",
  "id",
  "outcome",
  "action",
  "reason",
  "permission",
  "target",
  "channel",
  "actor_email",
  "actor_user_id",
  "api_key_prefix",
  "api_key_id",
  "workspace_name",
  "workspace_id",
  "ip",
  "details",
] as const;

function csvValues(r: AuditRow) {
  return [
    r.at,
    r.id,
    r.outcome,
    r.action,
    r.reason,
    r.permission,
    r.target,
    r.channel,
    r.actorEmail,
    r.actorUserId,
    r.apiKeyPrefix,
    r.apiKeyId,
    r.workspaceName,
    r.workspaceId,
    r.ip,
    r.details === null ? null : JSON.stringify(r.details),
  ];
}

export interface AuditExport {
  filename: string;
  csv: string;
  rowCount: number;
  /** True when more rows matched than `maxRows`; the CSV holds the newest `maxRows`. */
  truncated: boolean;
  maxRows: number;
  /** Set when truncated: what to do about it. */
  note: string | null;
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/gu, "").replace("T", "-").slice(0, 15);
}

export async function exportAuditCsv(input: AuditFilter, options: { maxRows?: number; now?: Date } = {}): Promise<AuditExport> {
  const filter = ZAuditFilter.parse(input);
  const maxRows = Math.max(1, Math.min(options.maxRows ?? EXPORT_MAX_ROWS, EXPORT_MAX_ROWS));
  const where = auditWhere(filter);
  const rows: AuditRow[] = [];
  let cursor: Cursor | null = null;
  let truncated = false;
  for (;;) {
    const batch = await page(where, cursor, Math.min(EXPORT_BATCH, maxRows - rows.length));
    rows.push(...batch.rows);
    const last = batch.rows[batch.rows.length - 1];
    if (!batch.more || !last) break;
    if (rows.length >= maxRows) {
      truncated = true;
      break;
    }
    cursor = { at: last.at, id: last.id };
  }
  return {
    filename: `atrium-audit-${stamp(options.now ?? new Date())}.csv`,
    csv: toCsv(CSV_HEADER, rows.map(csvValues)),
    rowCount: rows.length,
    truncated,
    maxRows,
    note: truncated ? `Only the newest ${maxRows.toLocaleString("en-US")} matching events are in this file. Narrow the time range or filters to export the rest.` : null,
  };
}

export interface DenialsPerDay {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  reason: string;
  count: number;
}

/**
 * Denials per UTC day and reason over the last `days` days (today included), oldest first.
 * Days without denials are absent; the chart fills the gaps.
 */
export async function denialsPerDay(input: DenialsPerDayInput = {}): Promise<DenialsPerDay[]> {
  const { days, workspaceId } = ZDenialsPerDayInput.parse(input);
  // `at` is a UTC timestamp without time zone, so truncating it needs no zone conversion.
  const rows = await db().$queryRaw<{ day: string; reason: string; count: number }[]>`
    SELECT to_char(date_trunc('day', "at"), 'YYYY-MM-DD') AS day,
           COALESCE("reason", 'unspecified') AS reason,
           COUNT(*)::int AS count
    FROM "AuditEvent"
    WHERE "outcome" = 'DENIED'
      AND "at" >= date_trunc('day', now() AT TIME ZONE 'UTC') - make_interval(days => ${days - 1}::int)
      ${workspaceId ? Prisma.sql`AND "workspaceId" = ${workspaceId}` : Prisma.empty}
    GROUP BY 1, 2
    ORDER BY 1 ASC, 2 ASC`;
  return rows.map((r) => ({ day: r.day, reason: r.reason, count: Number(r.count) }));
}
