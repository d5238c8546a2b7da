// Sign-in: the container talks to next-auth; the view is a props-only form.
"use client";
import { signIn } from "next-auth/react";
import Link from "next/link";
import { type FormEvent, useRef, useState } from "react";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { fieldErrorsKey, useFocusFirstInvalid } from "~/components/ui/use-focus-first-invalid";
import { useHydrated } from "~/components/ui/use-hydrated";
import { formText, TextField } from "~/components/ui/field";
import { parseSignInError, type SignInError } from "./sign-in-error";

export interface SignInValues {
  email: string;
  password: string;
}

export interface SignInFormViewProps {
  onSubmit: (values: SignInValues) => void;
  pending: boolean;
  error: SignInError | null;
  fieldErrors?: Partial<Record<keyof SignInValues, string>>;
  signupHref: string | null;
  firstUser: boolean;
  defaultEmail?: string;
}

export function SignInFormView({ onSubmit, pending, error, fieldErrors = {}, signupHref, firstUser, defaultEmail }: SignInFormViewProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const [submits, setSubmits] = useState(0);
  useFocusFirstInvalid(formRef, fieldErrorsKey(fieldErrors, submits));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmits((n) => n + 1);
    const data = new FormData(event.currentTarget);
    onSubmit({ email: formText(data, "email"), password: formText(data, "password") });
  };
  // Until React has hydrated, a submit would be a plain form post: keep the button off until then
  // (and post, never get, so a password can never end up in the address bar).
  const hydrated = useHydrated();
  return (
    <form ref={formRef} className="stack" method="post" noValidate onSubmit={submit} aria-label="Sign in">
      {firstUser && signupHref && (
        <Alert tone="info" title="No accounts yet">
          This Atrium is new. <Link href={signupHref}>Create the first account</Link>; it becomes the administrator.
        </Alert>
      )}
      {error && (
        <Alert tone={error.reason === "rate_limited" ? "warning" : "danger"} role="alert">
          {error.message}
        </Alert>
      )}
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        inputMode="email"
        placeholder="you@example.com"
        defaultValue={defaultEmail}
        error={fieldErrors.email}
        required
        autoFocus
      />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" error={fieldErrors.password} required />
      <Button type="submit" variant="primary" size="lg" block loading={pending} disabled={!hydrated}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}

export interface SignInFormProps {
  next: string;
  signupAllowed: boolean;
  firstUser: boolean;
}

export function SignInForm({ next, signupAllowed, firstUser }: SignInFormProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<SignInError | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<keyof SignInValues, string>>>({});
  const signupHref = signupAllowed ? (next === "/dashboard" ? "/sign-up" : `/sign-up?next=${encodeURIComponent(next)}`) : null;

  const onSubmit = async (values: SignInValues) => {
    const missing: Partial<Record<keyof SignInValues, string>> = {};
    if (!values.email.trim()) missing.email = "Enter your email address.";
    if (!values.password) missing.password = "Enter your password.";
    setFieldErrors(missing);
    setError(null);
    if (Object.keys(missing).length > 0) return;

    setPending(true);
    try {
      const result = await signIn("credentials", { redirect: false, email: values.email.trim(), password: values.password });
      if (result?.ok && !result.error) {
        // A full load, so every server component sees the new session cookie.
        window.location.assign(next);
        return;
      }
      setError(parseSignInError(result?.error));
    } catch {
      setError({ message: "Atrium could not be reached. Check your connection and try again." });
    }
    setPending(false);
  };

  return (
    <SignInFormView
      onSubmit={(values) => void onSubmit(values)}
      pending={pending}
      error={error}
      fieldErrors={fieldErrors}
      signupHref={signupHref}
      firstUser={firstUser}
    />
  );
}
