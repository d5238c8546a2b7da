// Path rules in the Members side view: the list, and for owners a small editor whose preview shows,
// as the pattern is typed, which existing paths it would cover (the server matches with the path
// guard's own matcher, so the preview is exactly what will be enforced).
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useDebouncedValue } from "~/components/dashboard/use-debounced-value";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { LoadFailed } from "~/components/ui/empty-state";
import { Input, Select } from "~/components/ui/field";
import { PlusIcon, XIcon } from "~/components/ui/icons";
import { Skeleton } from "~/components/ui/skeleton";
import { useToast } from "~/components/ui/toast";
import { appErrorOf, useTRPC } from "~/trpc/react";
import { useIde } from "../ide-context";

type Effect = "block" | "read_only" | "no_exec";
const EFFECT_INFO: Record<Effect, { label: string; tone: "danger" | "warning"; help: string }> = {
  block: { label: "Blocked", tone: "danger", help: "nobody can read or write matching paths, owners and agents included" },
  read_only: { label: "Read-only", tone: "warning", help: "matching paths can be read but not changed, by anyone" },
  no_exec: {
    label: "No-exec",
    tone: "warning",
    help: "files in matching folders can be read and written but not run; sandboxes mount them noexec (a new rule applies to running sessions at once; a deleted one at the next session start)",
  },
};
const PREVIEW_DELAY_MS = 300;
const PREVIEW_SHOWN = 50;

export function PathRulesSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const { workspaceId, canManage } = useIde();
  const rules = useQuery(trpc.pathRules.list.queryOptions({ workspaceId }));
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.pathRules.list.queryKey({ workspaceId }) });

  const remove = useMutation(
    trpc.pathRules.delete.mutationOptions({
      onSuccess: () => {
        toast({ title: "Rule deleted", description: "Matching paths follow the remaining rules again." });
        void invalidate();
      },
      onError: (error) => {
        toast({ tone: "error", title: "Could not delete the rule", description: appErrorOf(error).message });
        void invalidate();
      },
    }),
  );

  return (
    <section className="side-section" aria-labelledby="rules-heading">
      <div className="side-section-header">
        <h3 className="side-section-title" id="rules-heading">
          Path rules {rules.data && <span className="side-count">{rules.data.length}</span>}
        </h3>
      </div>
      <p className="side-hint">
        Rules apply to everyone (owners and agents too); <code>.env</code>, <code>.git/</code> and keys are always protected.
      </p>
      {canManage && <RuleEditor onCreated={() => void invalidate()} />}
      {rules.isPending && (
        <div className="side-skeleton" role="status" aria-label="Loading rules">
          <Skeleton width="70%" />
          <Skeleton width="50%" />
        </div>
      )}
      {rules.isError && (
        <LoadFailed headingLevel={3} title="Rules could not be loaded" message={appErrorOf(rules.error).message} onRetry={() => void rules.refetch()} retrying={rules.isFetching} />
      )}
      {rules.data && rules.data.length === 0 && (
        <p className="side-empty">{canManage ? "No rules yet. Add one above to block or freeze paths such as secrets/** or *.pem." : "No rules: only the built-in protected files are guarded."}</p>
      )}
      {rules.data && rules.data.length > 0 && (
        <ul className="side-list" aria-label="Path rules">
          {rules.data.map((rule) => (
            <li key={rule.id} className="side-item rule-item" data-testid="rule-row">
              <span className="side-item-main">
                <code className="side-item-title rule-pattern" title={rule.pattern}>
                  {rule.pattern}
                </code>
                <span className="side-item-sub">{rule.createdBy ? `by ${rule.createdBy.name}` : "by a former member"}</span>
              </span>
              <Badge tone={EFFECT_INFO[rule.effect].tone}>{EFFECT_INFO[rule.effect].label}</Badge>
              {canManage && (
                <Button
                  variant="ghost"
                  size="sm"
                  iconOnly
                  aria-label={`Delete rule ${rule.pattern}`}
                  title="Delete rule"
                  disabled={remove.isPending}
                  onClick={() => remove.mutate({ workspaceId, ruleId: rule.id })}
                >
                  <XIcon size={14} />
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RuleEditor({ onCreated }: { onCreated: () => void }) {
  const trpc = useTRPC();
  const { toast } = useToast();
  const { workspaceId } = useIde();
  const [pattern, setPattern] = useState("");
  const [effect, setEffect] = useState<Effect>("block");
  const [error, setError] = useState<string | null>(null);
  const settled = useDebouncedValue(pattern.trim(), PREVIEW_DELAY_MS);

  const preview = useQuery({
    ...trpc.pathRules.preview.queryOptions({ workspaceId, pattern: settled }),
    enabled: settled.length > 0,
    retry: false,
    staleTime: 5_000,
  });

  const create = useMutation(
    trpc.pathRules.create.mutationOptions({
      onSuccess: (rule) => {
        setPattern("");
        setError(null);
        toast({ title: "Rule added", description: `${rule.pattern}: ${EFFECT_INFO[rule.effect].help}.` });
        onCreated();
      },
      onError: (e) => {
        const app = appErrorOf(e);
        setError(app.fieldErrors?.pattern?.join(" ") ?? app.message);
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!pattern.trim()) {
      setError("Enter a pattern such as secrets/** or *.pem.");
      return;
    }
    create.mutate({ workspaceId, pattern: pattern.trim(), effect });
  };

  const typing = pattern.trim() !== settled;
  return (
    <form className="side-form" onSubmit={submit} aria-label="Add a path rule" noValidate>
      <Input
        className="input-mono"
        aria-label="Pattern"
        placeholder="secrets/** or *.pem"
        value={pattern}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => {
          setPattern(event.currentTarget.value);
          if (error) setError(null);
        }}
        aria-invalid={error ? true : undefined}
      />
      <div className="side-form-row">
        <Select aria-label="Effect" value={effect} onChange={(event) => setEffect(event.currentTarget.value as Effect)}>
          <option value="block">Block</option>
          <option value="read_only">Read-only</option>
          <option value="no_exec">No-exec</option>
        </Select>
        <Button type="submit" variant="primary" size="sm" icon={<PlusIcon size={14} />} loading={create.isPending}>
          Add rule
        </Button>
      </div>
      <p className="side-hint">{`${EFFECT_INFO[effect].label}: ${EFFECT_INFO[effect].help}.`}</p>
      {error && (
        <p className="side-error" role="alert">
          {error}
        </p>
      )}
      {pattern.trim() !== "" && (
        <div className="rule-preview" data-testid="rule-preview" aria-live="polite" aria-busy={typing || preview.isFetching}>
          {(typing || preview.isPending) && !preview.isError ? (
            <p className="side-muted">Checking which paths match…</p>
          ) : preview.isError ? (
            <p className="side-error">{appErrorOf(preview.error).message}</p>
          ) : preview.data.matches.length === 0 ? (
            <p className="side-muted" data-testid="rule-preview-summary">
              Matches no existing path{preview.data.truncated ? " among those checked" : ""}. It will still apply to files created later.
            </p>
          ) : (
            <>
              <p className="side-muted" data-testid="rule-preview-summary">
                {`Matches ${preview.data.matches.length}${preview.data.truncated ? "+" : ""} existing ${preview.data.matches.length === 1 ? "path" : "paths"}`}
                {preview.data.truncated && " (stopped early: there may be more)"}
              </p>
              <ul className="rule-preview-list" aria-label="Matching paths">
                {preview.data.matches.slice(0, PREVIEW_SHOWN).map((m) => (
                  <li key={m.path}>
                    <code>
                      {m.path}
                      {m.type === "directory" ? "/" : ""}
                    </code>
                  </li>
                ))}
                {preview.data.matches.length > PREVIEW_SHOWN && <li className="side-muted">and {preview.data.matches.length - PREVIEW_SHOWN} more</li>}
              </ul>
            </>
          )}
        </div>
      )}
    </form>
  );
}
