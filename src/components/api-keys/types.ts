import type { RouterOutputs } from "~/trpc/react";

export type ApiKey = RouterOutputs["apiKeys"]["list"][number];
export type ApiKeyScope = ApiKey["scopes"][number];

/** A key just created: the only time its clear value exists in the browser. */
export interface CreatedApiKey {
  key: string;
  apiKey: ApiKey;
  /** This site's origin, for the curl example. */
  origin: string;
}

export const SCOPE_INFO: Record<ApiKeyScope, { label: string; description: string }> = {
  read: { label: "read", description: "See your account, workspaces and files." },
  write: { label: "write", description: "Create, change and delete files." },
  exec: { label: "exec", description: "Run commands, terminals and tasks in sandboxes." },
  admin: { label: "admin", description: "Manage keys, users and the instance. Administrators only." },
};

export const EXPIRY_OPTIONS = [
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "never", label: "Never" },
] as const;
