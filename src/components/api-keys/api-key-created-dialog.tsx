// Shows a new key's clear value, once. It closes only through its own button, so a stray Escape
// or click outside cannot lose a key the person has not copied yet.
"use client";
import { useId, useState } from "react";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { CopyButton } from "~/components/ui/copy-button";
import { Dialog } from "~/components/ui/dialog";
import { Field, Input } from "~/components/ui/field";
import type { CreatedApiKey } from "./types";

export interface ApiKeyCreatedDialogProps {
  created: CreatedApiKey | null;
  onClose: () => void;
}

export function curlExample(key: string, origin: string): string {
  return `curl -H "Authorization: Bearer ${key}" ${origin}/api/trpc/auth.me`;
}

export function ApiKeyCreatedDialog({ created, onClose }: ApiKeyCreatedDialogProps) {
  const [copyFailed, setCopyFailed] = useState(false);
  const tryItId = useId();
  const curl = created ? curlExample(created.key, created.origin) : "";
  return (
    <Dialog
      open={created !== null}
      onClose={onClose}
      dismissible={false}
      size="lg"
      title="Copy your new API key"
      description={created ? <>“{created.apiKey.name}” is ready. Copy the key now and store it somewhere safe.</> : null}
      data-testid="api-key-created"
      footer={
        <Button variant="primary" onClick={onClose}>
          Done, I have copied it
        </Button>
      }
    >
      {created && (
        <>
          <Alert tone="warning" title="This key will not be shown again">
            Atrium keeps only a fingerprint of it. If you lose it, revoke it and create a new one.
          </Alert>
          <Field
            label="API key"
            error={copyFailed ? "Copying is blocked here. Select the key and press Ctrl+C (⌘C on a Mac)." : null}
          >
            {(control) => (
              <div className="input-group">
                <Input
                  {...control}
                  className="input-mono"
                  value={created.key}
                  readOnly
                  spellCheck={false}
                  data-autofocus
                  onFocus={(event) => event.currentTarget.select()}
                />
                <CopyButton text={created.key} variant="primary" aria-label="Copy API key" onCopied={(ok) => setCopyFailed(!ok)} />
              </div>
            )}
          </Field>
          <div className="field">
            <div className="field-label-row">
              <span className="field-label" id={tryItId}>
                Try it
              </span>
              <CopyButton text={curl} size="sm" variant="ghost" aria-label="Copy curl command" />
            </div>
            <pre className="code-block code-block-wrap" aria-labelledby={tryItId}>
              <code>{curl}</code>
            </pre>
            <p className="field-hint">This returns your account as JSON when the key works.</p>
          </div>
        </>
      )}
    </Dialog>
  );
}
