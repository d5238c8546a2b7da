// The "Command policy" section of the Members and rules view: which programs this workspace lets
// commands and tasks run, and which command patterns it blocks. Owners apply the worker preset in
// one click or edit the lists; everyone else sees the policy read-only (a refusal should make sense).
// Split in two: CommandPolicySection fetches and saves, CommandPolicyView only renders props.
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "~/components/ui/button";
import { LoadFailed } from "~/components/ui/empty-state";
import { Skeleton } from "~/components/ui/skeleton";
import { useToast } from "~/components/ui/toast";
import { appErrorOf, type RouterOutputs, useTRPC } from "~/trpc/react";
import { useIde } from "../ide-context";

type PolicyView = RouterOutputs["policy"]["commandPolicy"];
export interface PolicyDraft {
  allowedBinaries: string[] | null;
  blockedPatterns: string[];
}

/** One entry per line or comma; blank entries dropped. */
export function parseList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function CommandPolicySection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const { workspaceId, canManage } = useIde();
  const policy = useQuery(trpc.policy.commandPolicy.queryOptions({ workspaceId }));
  const done = (title: string) => ({
    onSuccess: (saved: PolicyView) => {
      queryClient.setQueryData(trpc.policy.commandPolicy.queryKey({ workspaceId }), saved);
      toast({ title, description: "Commands, execute-code and tasks started from now on follow it." });
    },
    onError: (error: unknown) => toast({ tone: "error", title: "Could not save the command policy", description: appErrorOf(error).message }),
  });
  const save = useMutation(trpc.policy.setCommandPolicy.mutationOptions(done("Command policy saved")));

  return (
    <section className="side-section" aria-labelledby="command-policy-heading" data-testid="command-policy">
      <div className="side-section-header">
        <h3 className="side-section-title" id="command-policy-heading">
          Command policy
        </h3>
      </div>
      {policy.isPending && (
        <div className="side-skeleton" role="status" aria-label="Loading the command policy">
          <Skeleton width="60%" />
        </div>
      )}
      {policy.isError && (
        <LoadFailed headingLevel={3} title="The command policy could not be loaded" message={appErrorOf(policy.error).message} onRetry={() => void policy.refetch()} retrying={policy.isFetching} />
      )}
      {policy.data && (
        <CommandPolicyView
          // A save or a preset replaces the lists shown: a new policy mounts a fresh form.
          key={JSON.stringify(policy.data.policy)}
          view={policy.data}
          canManage={canManage}
          saving={save.isPending}
          onPreset={(preset) => save.mutate({ workspaceId, preset })}
          onSave={(draft) =>
            save.mutate({
              workspaceId,
              policy: draft.allowedBinaries === null && draft.blockedPatterns.length === 0 ? null : { ...(draft.allowedBinaries ? { allowedBinaries: draft.allowedBinaries } : {}), blockedPatterns: draft.blockedPatterns },
            })
          }
        />
      )}
    </section>
  );
}

export interface CommandPolicyViewProps {
  view: PolicyView;
  canManage: boolean;
  saving: boolean;
  onPreset: (preset: string) => void;
  onSave: (draft: PolicyDraft) => void;
}

export function CommandPolicyView({ view, canManage, saving, onPreset, onSave }: CommandPolicyViewProps) {
  const allowed = view.policy?.allowedBinaries ?? null;
  const blocked = view.policy?.blockedPatterns ?? [];
  const [allowedText, setAllowedText] = useState(allowed?.join("\n") ?? "");
  const [blockedText, setBlockedText] = useState(blocked.join("\n"));
  const [restrict, setRestrict] = useState(allowed !== null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave({ allowedBinaries: restrict ? parseList(allowedText) : null, blockedPatterns: parseList(blockedText) });
  };

  const summary =
    allowed === null
      ? `Any program may run (strict sessions allow only the ${view.strictDefaultAllowlist.length} default programs).`
      : `Only ${allowed.length} program${allowed.length === 1 ? "" : "s"} may run: ${allowed.slice(0, 12).join(", ")}${allowed.length > 12 ? ", …" : ""}.`;

  return (
    <div>
      {view.invalid && (
        <p className="side-error" role="alert">
          The stored policy is not valid, so every command is refused. {canManage ? "Save a new one below." : "Ask an owner to fix it."}
        </p>
      )}
      <p className="side-hint" data-testid="command-policy-summary">
        {summary}
        {blocked.length > 0 ? ` Blocked: ${blocked.join(", ")}.` : ""} Refusals are audited.
      </p>
      {canManage && (
        <form onSubmit={submit} aria-label="Edit the command policy">
          <div className="side-form-row">
            <Button type="button" size="sm" variant="primary" loading={saving} onClick={() => onPreset("worker")}>
              Apply the worker preset
            </Button>
            <Button type="button" size="sm" variant="ghost" disabled={saving} onClick={() => onPreset("open")}>
              Allow any program
            </Button>
          </div>
          <label className="side-hint">
            <input type="checkbox" checked={restrict} onChange={(event) => setRestrict(event.currentTarget.checked)} /> Only allow these programs (one per line)
          </label>
          <textarea
            aria-label="Allowed programs"
            className="field-input"
            rows={4}
            disabled={!restrict}
            value={allowedText}
            onChange={(event) => setAllowedText(event.currentTarget.value)}
            placeholder={"git\npython3\nnpm"}
          />
          <textarea
            aria-label="Blocked patterns"
            className="field-input"
            rows={2}
            value={blockedText}
            onChange={(event) => setBlockedText(event.currentTarget.value)}
            placeholder={"git push*--force\nre:curl\\s+.*\\|\\s*sh"}
          />
          <p className="side-hint">
            Patterns: <code>*</code> matches anything; <code>re:</code> starts an RE2 regular expression.
          </p>
          <Button type="submit" size="sm" loading={saving}>
            Save policy
          </Button>
        </form>
      )}
    </div>
  );
}
