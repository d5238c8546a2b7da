// Who is calling: a signed-in person (session cookie) or an agent (API key acting for its user).
import type { AuditChannel } from "~/generated/prisma/enums";

export const SCOPES = ["read", "write", "exec", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

export const WORKSPACE_ROLES = ["viewer", "editor", "owner"] as const;
export type WorkspaceRoleName = (typeof WORKSPACE_ROLES)[number];

export interface ActorUser {
  id: string;
  email: string;
  name: string;
  role: "ADMIN" | "USER";
}

export interface ActorApiKey {
  id: string;
  prefix: string;
  scopes: Scope[];
  /** Empty: every workspace the user can reach. */
  workspaceIds: string[];
  requireReadBeforeWrite: boolean;
  /** Requests per minute on every door; null: the instance default (ATRIUM_KEY_RATE_LIMIT). */
  rateLimitPerMinute: number | null;
  /** A key it mints may not outlive it. */
  expiresAt: Date | null;
}

export interface Actor {
  user: ActorUser;
  apiKey: ActorApiKey | null;
}

/** What every service call knows about where it came from, for permission checks and the audit log. */
export interface RequestContext {
  actor: Actor | null;
  ip: string | null;
  channel: AuditChannel;
}

/**
 * Whether the caller may act as an instance administrator: an admin's browser session, or an
 * admin's key that holds the `admin` scope and is not pinned to workspaces. A pinned key, or one
 * without `admin`, is as narrow as a member's: keys narrow, never widen.
 */
export function isAdmin(actor: Actor): boolean {
  if (actor.user.role !== "ADMIN") return false;
  return actor.apiKey === null || (actor.apiKey.scopes.includes("admin") && !isPinned(actor));
}

/** A key limited to some workspaces: it sees and creates nothing outside them. */
export function isPinned(actor: Actor): boolean {
  return actor.apiKey !== null && actor.apiKey.workspaceIds.length > 0;
}

/** Session users hold every scope; an API key holds only the ones it was created with. */
export function hasScope(actor: Actor, scope: Scope): boolean {
  return actor.apiKey === null || actor.apiKey.scopes.includes(scope);
}
