// What an audit event's `target` means to a person: most targets are ids (a member's user id, a
// snapshot, an API key, a workspace, a task), which the admin table should show as names. The
// trail keeps the raw id (rows outlive what they name); names are looked up per page, in one query
// per kind, and only for targets shaped like an id (paths, emails and patterns are names already).
import { db } from "~/server/db/client";

/** cuid-like ids; anything with a dot, slash, @ or space is a name already. */
const ID_SHAPE = /^[a-z0-9]{20,40}$/;

const quoted = (s: string) => `“${s}”`;

/** id → a readable name, for the targets among `targets` that name a row still in the database. */
export async function targetNames(targets: readonly (string | null)[]): Promise<Map<string, string>> {
  const ids = [...new Set(targets.filter((t): t is string => t !== null && ID_SHAPE.test(t)))];
  const names = new Map<string, string>();
  if (ids.length === 0) return names;
  const where = { id: { in: ids } };
  const [users, workspaces, snapshots, keys, tasks] = await Promise.all([
    db().user.findMany({ where, select: { id: true, email: true } }),
    db().workspace.findMany({ where, select: { id: true, name: true } }),
    db().snapshot.findMany({ where, select: { id: true, label: true, workspace: { select: { name: true } } } }),
    db().apiKey.findMany({ where, select: { id: true, name: true, prefix: true } }),
    db().task.findMany({ where, select: { id: true, command: true } }),
  ]);
  for (const u of users) names.set(u.id, u.email);
  for (const w of workspaces) names.set(w.id, w.name);
  for (const s of snapshots) names.set(s.id, `snapshot ${s.label ? quoted(s.label) : "(untitled)"} of ${s.workspace.name}`);
  for (const k of keys) names.set(k.id, `key ${quoted(k.name)} (${k.prefix}…)`);
  for (const t of tasks) names.set(t.id, `task ${quoted(taskCommand(t.command))}`);
  return names;
}

function taskCommand(command: unknown): string {
  const text = Array.isArray(command) ? command.map(String).join(" ") : String(command);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
