// Workspace types as the browser sees them (inferred from the router, never imported from the
// server at runtime), and the fixed copy that describes templates, roles and list scopes.
import type { RouterInputs, RouterOutputs } from "~/trpc/react";

export type Workspace = RouterOutputs["workspaces"]["list"]["items"][number];
export type WorkspaceRole = NonNullable<Workspace["role"]>;
export type WorkspaceTemplate = NonNullable<RouterInputs["workspaces"]["create"]["template"]>;
export type WorkspaceListScope = NonNullable<Exclude<RouterInputs["workspaces"]["list"], void | undefined>["scope"]>;

export const TEMPLATE_INFO: Record<WorkspaceTemplate, { label: string; description: string }> = {
  empty: { label: "Empty", description: "An empty folder: bring your own files." },
  python: { label: "Python", description: "main.py, a README and a .gitignore; run it with python3 main.py." },
  node: { label: "Node", description: "package.json, index.js and a README; run it with npm start." },
};

export const TEMPLATE_ORDER: WorkspaceTemplate[] = ["empty", "python", "node"];

export const ROLE_INFO: Record<WorkspaceRole, { label: string; tone: "accent" | "success" | "neutral" }> = {
  owner: { label: "Owner", tone: "accent" },
  editor: { label: "Editor", tone: "success" },
  viewer: { label: "Viewer", tone: "neutral" },
};

export const SCOPE_OPTIONS: { value: WorkspaceListScope; label: string; adminOnly?: boolean }[] = [
  { value: "member", label: "All" },
  { value: "mine", label: "Mine" },
  { value: "shared", label: "Shared with me" },
  { value: "all", label: "Everyone's", adminOnly: true },
];

/** Owners manage a workspace; instance admins manage every workspace, member or not. */
export function canManage(workspace: Pick<Workspace, "role">, isAdmin: boolean): boolean {
  return isAdmin || workspace.role === "owner";
}
