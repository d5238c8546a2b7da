// The audit log, for instance administrators: list with filters and cursor pages, CSV export of
// the same filters (capped, flagged when truncated), and denials per day for the dashboard chart.
import { denialsPerDay, exportAuditCsv, listAuditEvents, ZAuditFilter, ZAuditListInput, ZDenialsPerDayInput } from "~/server/audit/query";
import * as audit from "~/server/audit/audit";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const auditRouter = createTRPCRouter({
  list: adminProcedure.input(ZAuditListInput).query(({ input }) => listAuditEvents(input)),
  /** A query, not a mutation: it reads only. Clients should fetch it on demand (enabled: false + refetch). */
  export: adminProcedure.input(ZAuditFilter).query(async ({ ctx, input }) => {
    const result = await exportAuditCsv(input);
    await audit.record(ctx, { type: "audit_exported", rowCount: result.rowCount, truncated: result.truncated });
    return result;
  }),
  denialsPerDay: adminProcedure.input(ZDenialsPerDayInput).query(({ input }) => denialsPerDay(input)),
});
