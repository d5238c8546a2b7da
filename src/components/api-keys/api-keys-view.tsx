// The API keys list, props only: loading, failed, empty or the table. The container owns the data.
"use client";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { EmptyState, LoadFailed } from "~/components/ui/empty-state";
import { KeyIcon, PlusIcon } from "~/components/ui/icons";
import { Skeleton } from "~/components/ui/skeleton";
import { DateOnly, RelativeTime } from "~/components/ui/time";
import type { ApiKey } from "./types";

export type ApiKeysState =
  | { status: "loading" }
  | { status: "error"; message: string; onRetry: () => void; retrying: boolean }
  | { status: "ready"; keys: ApiKey[] };

export interface ApiKeysViewProps {
  state: ApiKeysState;
  onCreate: () => void;
  onRevoke: (key: ApiKey) => void;
}

export function ApiKeysView({ state, onCreate, onRevoke }: ApiKeysViewProps) {
  const hasKeys = state.status === "ready" && state.keys.length > 0;
  return (
    <>
      <div className="page-header">
        <div>
          <h1 className="page-title">API keys</h1>
          <p className="page-description">
            Keys let agents and scripts call Atrium as you, limited to the scopes you choose. Each key is shown once; keep it in your
            agent&apos;s secret settings.
          </p>
        </div>
        {hasKeys && (
          <Button variant="primary" icon={<PlusIcon />} onClick={onCreate}>
            New API key
          </Button>
        )}
      </div>
      {state.status === "loading" && <ApiKeysSkeleton />}
      {state.status === "error" && (
        <LoadFailed title="Your API keys could not be loaded" message={state.message} onRetry={state.onRetry} retrying={state.retrying} />
      )}
      {state.status === "ready" && state.keys.length === 0 && (
        <EmptyState
          icon={<KeyIcon size={20} />}
          title="No API keys yet"
          description={
            <>
              Create a key for each agent or script that calls Atrium, with only the scopes it needs. It sends the key as{" "}
              <code>Authorization: Bearer atr_…</code>, and you can revoke it here at any time.
            </>
          }
          actions={
            <Button variant="primary" icon={<PlusIcon />} onClick={onCreate}>
              New API key
            </Button>
          }
        />
      )}
      {hasKeys && <ApiKeysTable keys={state.keys} onRevoke={onRevoke} />}
    </>
  );
}

const STATUS = {
  active: { tone: "success", label: "Active" },
  expired: { tone: "warning", label: "Expired" },
  revoked: { tone: "neutral", label: "Revoked" },
} as const;

function ApiKeysTable({ keys, onRevoke }: { keys: ApiKey[]; onRevoke: (key: ApiKey) => void }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Your API keys</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col">Scopes</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Expires</th>
            <th scope="col">Status</th>
            <th scope="col" className="cell-actions">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const status = STATUS[key.status];
            return (
              <tr key={key.id} data-inactive={key.status !== "active"}>
                <td className="cell-primary">{key.name}</td>
                <td className="cell-nowrap">
                  <code className="mono">{key.prefix}…</code>
                </td>
                <td>
                  <span className="badge-list">
                    {key.scopes.map((scope) => (
                      <Badge key={scope} mono tone={scope === "admin" ? "accent" : "neutral"}>
                        {scope}
                      </Badge>
                    ))}
                  </span>
                </td>
                <td className="cell-nowrap">
                  <DateOnly date={key.createdAt} />
                </td>
                <td className="cell-nowrap">
                  <RelativeTime date={key.lastUsedAt} fallback="Never" />
                </td>
                <td className="cell-nowrap">
                  <RelativeTime date={key.expiresAt} fallback="Never" />
                </td>
                <td>
                  <Badge tone={status.tone} dot>
                    {status.label}
                  </Badge>
                </td>
                <td className="cell-actions">
                  {key.status !== "revoked" && (
                    <Button variant="danger-ghost" size="sm" aria-label={`Revoke ${key.name}`} onClick={() => onRevoke(key)}>
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function ApiKeysSkeleton() {
  return (
    <div className="table-wrap" aria-busy="true">
      <p className="visually-hidden" role="status">
        Loading your API keys…
      </p>
      <table className="table" aria-hidden="true">
        <thead>
          <tr>
            {["Name", "Key", "Scopes", "Created", "Last used", "Expires", "Status", ""].map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[0, 1, 2].map((row) => (
            <tr key={row}>
              <td>
                <Skeleton width={120} />
              </td>
              <td>
                <Skeleton width={110} />
              </td>
              <td>
                <Skeleton width={80} height={18} radius={999} />
              </td>
              <td>
                <Skeleton width={80} />
              </td>
              <td>
                <Skeleton width={70} />
              </td>
              <td>
                <Skeleton width={70} />
              </td>
              <td>
                <Skeleton width={60} height={18} radius={999} />
              </td>
              <td className="cell-actions">
                <Skeleton width={56} height={24} radius={6} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
