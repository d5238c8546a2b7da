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

export function isAdmin(actor: Actor): boolean {
  return actor.user.role === "ADMIN";
}

/** Session users hold every scope; an API key holds only the ones it was created with. */
export function hasScope(actor: Actor, scope: Scope): boolean {
  return actor.apiKey === null || actor.apiKey.scopes.includes(scope);
}
