// What the guard remembers about each path it accepted, so `openGuarded` can re-check the same
// decision at use time and audit a refusal with the original request. Kept off the public
// `GuardedPath` object so that shape stays as agreed and cannot be forged by spreading.
import type { RequestContext, WorkspaceRoleName } from "~/server/auth/types";
import type { FileOp, GuardedPath, GuardTarget } from "./path-guard-types";

export interface GuardIssue {
  ctx: RequestContext;
  workspaceId: string;
  rules: GuardTarget["rules"];
  role: WorkspaceRoleName;
  op: FileOp;
  action: string;
  rawPath: string;
  /** Real path of the workspace root at check time. */
  rootReal: string;
  /** `absolute` relative to `rootReal`: the symlink-free segments to walk at use time. */
  realRelative: string;
}

const issued = new WeakMap<GuardedPath, GuardIssue>();

export function rememberIssue(guarded: GuardedPath, issue: GuardIssue): GuardedPath {
  issued.set(guarded, issue);
  return guarded;
}

export function issueOf(guarded: GuardedPath): GuardIssue | undefined {
  return issued.get(guarded);
}
