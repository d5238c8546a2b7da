// The path guard's view of attached shared folders: the workspace path `shared/<name>` (and
// everything under it) is served from the shared folder read-only (files.ts), so any change there
// is refused by the guard like a READ_ONLY path rule, and audited with it.
export const SHARED_PREFIX = "shared";

/**
 * One anchored READ_ONLY rule per attached folder (a rule on a folder covers its whole subtree).
 * Pure: the guard loads the attachments in the same query as the workspace and its path rules.
 */
export function sharedFolderRules(attachedNames: string[]): { pattern: string; effect: "READ_ONLY" }[] {
  return attachedNames.map((name) => ({ pattern: `/${SHARED_PREFIX}/${name}`, effect: "READ_ONLY" as const }));
}
