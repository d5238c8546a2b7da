// Sign-up: the container creates the account through auth.signUp, then signs in with next-auth;
// the view is a props-only form that shows the server's field errors where they belong.
"use client";
import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import Link from "next/link";
import { type FormEvent, useRef, useState } from "react";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { fieldErrorsKey, useFocusFirstInvalid } from "~/components/ui/use-focus-first-invalid";
import { useHydrated } from "~/components/ui/use-hydrated";
import { formText, TextField } from "~/components/ui/field";
import { appErrorOf, useTRPC } from "~/trpc/react";
import { parseSignInError } from "./sign-in-error";

export interface SignUpValues {
  name: string;
  email: string;
  password: string;
}

export type SignUpFieldErrors = Partial<Record<keyof SignUpValues, string | string[]>>;

export interface SignUpFormViewProps {
  onSubmit: (values: SignUpValues) => void;
  pending: boolean;
  /** A problem that belongs to no single field. */
  error: string | null;
  fieldErrors?: SignUpFieldErrors;
  firstUser: boolean;
  signInHref: string;
  /** The email already has an account: offer the sign-in page. */
  emailTaken?: boolean;
}

export function SignUpFormView({ onSubmit, pending, error, fieldErrors = {}, firstUser, signInHref, emailTaken = false }: SignUpFormViewProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const [submits, setSubmits] = useState(0);
  useFocusFirstInvalid(formRef, fieldErrorsKey(fieldErrors, submits));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmits((n) => n + 1);
    const data = new FormData(event.currentTarget);
    onSubmit({ name: formText(data, "name"), email: formText(data, "email"), password: formText(data, "password") });
  };
  // Until React has hydrated, a submit would be a plain form post: keep the button off until then
  // (and post, never get, so a password can never end up in the address bar).
  const hydrated = useHydrated();
  return (
    <form ref={formRef} className="stack" method="post" noValidate onSubmit={submit} aria-label="Create account">
      {firstUser && (
        <Alert tone="info" title="You are setting up this Atrium">
          This first account becomes the administrator: it can manage users and every workspace.
        </Alert>
      )}
      {error && (
        <Alert tone="danger" role="alert">
          {error}
        </Alert>
      )}
      <TextField label="Name" name="name" autoComplete="name" placeholder="Ada Lovelace" error={fieldErrors.name} required autoFocus />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        inputMode="email"
        placeholder="you@example.com"
        error={fieldErrors.email}
        required
      />
      {emailTaken && (
        <p className="text-sm muted" style={{ marginTop: -8 }}>
          Already have an account? <Link href={signInHref}>Sign in</Link>
        </p>
      )}
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters. A few unrelated words make a strong, memorable password."
        error={fieldErrors.password}
        required
      />
      <Button type="submit" variant="primary" size="lg" block loading={pending} disabled={!hydrated}>
        {pending ? "Creating account…" : "Create account"}
      </Button>
    </form>
  );
}

/** Routes each server error to the field it is about; the rest become the form's message. */
function placeError(error: ReturnType<typeof appErrorOf>): { fieldErrors: SignUpFieldErrors; message: string | null } {
  // Server rules that are not in the input schema come back as an AppError with a reason.
  if (error.reason === "weak_password") return { fieldErrors: { password: error.message }, message: null };
  if (error.reason === "email_taken") return { fieldErrors: { email: error.message }, message: null };
  const fe = error.fieldErrors ?? {};
  const fieldErrors: SignUpFieldErrors = { name: fe.name, email: fe.email, password: fe.password };
  const anyField = Object.values(fieldErrors).some((v) => v && v.length > 0);
  return { fieldErrors, message: anyField ? null : error.message };
}

export interface SignUpFormProps {
  next: string;
  firstUser: boolean;
}

export function SignUpForm({ next, firstUser }: SignUpFormProps) {
  const trpc = useTRPC();
  const [signingIn, setSigningIn] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<SignUpFieldErrors>({});
  const [emailTaken, setEmailTaken] = useState(false);
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const signInHref = next === "/dashboard" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;

  const onSubmit = async (values: SignUpValues) => {
    const missing: SignUpFieldErrors = {};
    if (!values.name.trim()) missing.name = "Enter your name.";
    if (!values.email.trim()) missing.email = "Enter your email address.";
    if (!values.password) missing.password = "Choose a password of at least 10 characters.";
    setFieldErrors(missing);
    setMessage(null);
    setEmailTaken(false);
    if (Object.keys(missing).length > 0) return;

    try {
      await signUp.mutateAsync({ name: values.name.trim(), email: values.email.trim(), password: values.password });
    } catch (error) {
      const appError = appErrorOf(error);
      const placed = placeError(appError);
      setEmailTaken(appError.reason === "email_taken");
      setFieldErrors(placed.fieldErrors);
      setMessage(placed.message);
      return;
    }
    setSigningIn(true);
    try {
      const result = await signIn("credentials", { redirect: false, email: values.email.trim(), password: values.password });
      if (result?.ok && !result.error) {
        window.location.assign(next);
        return;
      }
      setMessage(`Your account was created, but signing in failed: ${parseSignInError(result?.error).message}`);
    } catch {
      setMessage("Your account was created, but Atrium could not be reached to sign you in. Sign in from the sign-in page.");
    }
    setSigningIn(false);
  };

  return (
    <SignUpFormView
      onSubmit={(values) => void onSubmit(values)}
      pending={signUp.isPending || signingIn}
      error={message}
      fieldErrors={fieldErrors}
      firstUser={firstUser}
      signInHref={signInHref}
      emailTaken={emailTaken}
    />
  );
}
