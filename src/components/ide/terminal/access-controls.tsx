// A session's access mode in the Terminal panel: the selector for a new session, the badge on a
// running one, and "Keep as snapshot" for a copy-on-write session (its writes are discarded on stop).
"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { useToast } from "~/components/ui/toast";
import { appErrorOf, useTRPC } from "~/trpc/react";

export type SessionAccess = "rw" | "ro" | "cow";

export const ACCESS_OPTIONS: readonly { value: SessionAccess; label: string; hint: string }[] = [
  { value: "rw", label: "Read-write", hint: "Commands change the workspace's files." },
  { value: "ro", label: "Read-only", hint: "The workspace is mounted read-only: commands cannot change it (your editor still can)." },
  { value: "cow", label: "Copy-on-write", hint: "Commands see the files and may change them, in a private layer thrown away when the session stops (or kept as a snapshot)." },
];

export function AccessSelect({ value, onChange }: { value: SessionAccess; onChange: (v: SessionAccess) => void }) {
  return (
    <select
      className="select term-preset-select"
      aria-label="Access for a new session"
      title={ACCESS_OPTIONS.find((o) => o.value === value)?.hint}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value as SessionAccess)}
    >
      {ACCESS_OPTIONS.map((o) => (
        <option key={o.value} value={o.value} title={o.hint}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** Nothing for rw (the usual case); a badge saying what ro and cow mean otherwise. */
export function AccessBadge({ access }: { access: SessionAccess }) {
  if (access === "rw") return null;
  const option = ACCESS_OPTIONS.find((o) => o.value === access)!;
  return (
    <Badge tone={access === "cow" ? "accent" : "warning"} title={option.hint}>
      <span data-testid="session-access">{option.label}</span>
    </Badge>
  );
}

export function KeepCowButton({ workspaceId, sessionId }: { workspaceId: string; sessionId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const keep = useMutation(
    trpc.sandbox.sessions.snapshot.mutationOptions({
      onSuccess: (s) => {
        void queryClient.invalidateQueries({ queryKey: trpc.snapshots.list.pathKey() });
        toast({ title: "Kept as a snapshot", description: `“${s.label}” (${s.fileCount} files) is in Snapshots; restore it to bring these changes into the workspace.` });
      },
      onError: (e) => toast({ title: "Could not keep the session's files", description: appErrorOf(e).message, tone: "error" }),
    }),
  );
  return (
    <Button size="sm" variant="ghost" loading={keep.isPending} onClick={() => keep.mutate({ workspaceId, sessionId })} title="Save the workspace as this session sees it as a new snapshot">
      Keep as snapshot
    </Button>
  );
}
