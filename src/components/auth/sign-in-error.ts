// next-auth hands the client only an error string; Atrium's credentials provider puts the typed
// AppError body in it as JSON. Anything else becomes a generic, still actionable message.
import type { AppErrorBody } from "~/server/errors";

export type SignInError = Pick<AppErrorBody, "message" | "reason" | "retryAfterSeconds"> & { code?: AppErrorBody["code"] };

function isErrorBody(value: unknown): value is SignInError {
  return typeof value === "object" && value !== null && typeof (value as { message?: unknown }).message === "string";
}

export function parseSignInError(error: string | null | undefined): SignInError {
  if (error) {
    try {
      const body: unknown = JSON.parse(error);
      if (isErrorBody(body)) return body;
    } catch {
      // not JSON: one of next-auth's own error names
    }
    if (error === "CredentialsSignin") return { message: "Wrong email or password.", reason: "invalid_credentials" };
  }
  return { message: "Atrium could not sign you in just now. Try again in a moment; if it keeps failing, tell your administrator." };
}
