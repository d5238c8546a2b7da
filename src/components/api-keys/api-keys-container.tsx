// The API keys page's container: loads the list, creates and revokes keys, and decides which
// dialog is open. Everything visible is drawn by the props-only views beside it.
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useToast } from "~/components/ui/toast";
import { appErrorOf, useTRPC } from "~/trpc/react";
import { ApiKeyCreatedDialog } from "./api-key-created-dialog";
import { type ApiKeysState, ApiKeysView } from "./api-keys-view";
import { CreateApiKeyDialog, type CreateApiKeyDialogProps, type CreateApiKeyValues } from "./create-api-key-dialog";
import { RevokeApiKeyDialog } from "./revoke-api-key-dialog";
import type { ApiKey, CreatedApiKey } from "./types";

export function ApiKeysContainer({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toast } = useToast();
  const list = useQuery(trpc.apiKeys.list.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });

  const [createOpen, setCreateOpen] = useState(false);
  const [createError, setCreateError] = useState<{ message: string | null; fieldErrors: CreateApiKeyDialogProps["fieldErrors"] }>({
    message: null,
    fieldErrors: {},
  });
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);

  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: (data) => {
        setCreateOpen(false);
        setCreated({ key: data.key, apiKey: data.apiKey, origin: window.location.origin });
        void invalidate();
      },
      onError: (error) => {
        const e = appErrorOf(error);
        const fieldErrors = { name: e.fieldErrors?.name, scopes: e.fieldErrors?.scopes };
        const onFields = Boolean(fieldErrors.name?.length || fieldErrors.scopes?.length);
        setCreateError({ message: onFields ? null : e.message, fieldErrors });
      },
    }),
  );

  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: (key) => {
        setRevoking(null);
        toast({ title: "API key revoked", description: `“${key.name}” (${key.prefix}…) no longer works.` });
        void invalidate();
      },
      onError: (error) => setRevokeError(appErrorOf(error).message),
    }),
  );

  const openCreate = () => {
    create.reset();
    setCreateError({ message: null, fieldErrors: {} });
    setCreateOpen(true);
  };

  const submitCreate = (values: CreateApiKeyValues) => {
    const fieldErrors: CreateApiKeyDialogProps["fieldErrors"] = {};
    if (!values.name.trim()) fieldErrors.name = "Give the key a name, such as the agent that will use it.";
    if (values.scopes.length === 0) fieldErrors.scopes = "Choose at least one scope.";
    setCreateError({ message: null, fieldErrors });
    if (fieldErrors.name || fieldErrors.scopes) return;
    create.mutate({ name: values.name.trim(), scopes: values.scopes, expiresInDays: values.expiresInDays });
  };

  const state: ApiKeysState = list.isPending
    ? { status: "loading" }
    : list.isError
      ? { status: "error", message: appErrorOf(list.error).message, onRetry: () => void list.refetch(), retrying: list.isFetching }
      : { status: "ready", keys: list.data };

  return (
    <>
      <ApiKeysView
        state={state}
        onCreate={openCreate}
        onRevoke={(key) => {
          revoke.reset();
          setRevokeError(null);
          setRevoking(key);
        }}
      />
      <CreateApiKeyDialog
        open={createOpen}
        onClose={() => setCreateOpen(false)}
        onSubmit={submitCreate}
        pending={create.isPending}
        error={createError.message}
        fieldErrors={createError.fieldErrors}
        isAdmin={isAdmin}
      />
      <ApiKeyCreatedDialog created={created} onClose={() => setCreated(null)} />
      <RevokeApiKeyDialog
        apiKey={revoking}
        onClose={() => setRevoking(null)}
        onConfirm={(key) => revoke.mutate({ id: key.id })}
        pending={revoke.isPending}
        error={revokeError}
      />
    </>
  );
}
