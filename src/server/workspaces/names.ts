// Names and descriptions, and the clash rule: one person cannot own two ACTIVE workspaces with
// the same name (case-insensitive), so "my-api" in a list is never ambiguous to its owner.
// Archived workspaces do not count; unarchiving one re-checks the rule.
import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client";
import { AppError } from "~/server/errors";
import { advisoryLock } from "./locks";

export const ZWorkspaceName = z
  .string()
  .trim()
  .min(1, "Give the workspace a name.")
  .max(100, "Workspace names are at most 100 characters.")
  .refine((s) => !hasControlCharacters(s), "Workspace names cannot contain control characters.");

function hasControlCharacters(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

export const ZDescription = z.string().trim().max(2000, "Descriptions are at most 2000 characters.");

/** Takes the owner's name lock, then refuses a name already used by another of their active workspaces. */
export async function assertNameFree(tx: Prisma.TransactionClient, ownerId: string, name: string, excludeWorkspaceId = ""): Promise<void> {
  await advisoryLock(tx, `atrium:workspace-names:${ownerId}`);
  // Raw SQL: Prisma's case-insensitive `equals` is an unescaped ILIKE, where `_` would be a wildcard.
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Workspace"
    WHERE "ownerId" = ${ownerId} AND status = 'ACTIVE' AND lower(name) = lower(${name}) AND id <> ${excludeWorkspaceId}
    LIMIT 1`;
  if (rows.length > 0) {
    throw new AppError("CONFLICT", {
      message: `You already have an active workspace named "${name}". Choose another name, or rename or archive the other one.`,
      reason: "name_taken",
    });
  }
}
