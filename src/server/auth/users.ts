// Accounts: sign-up (the first account becomes the instance admin), credential checks (throttled
// per account and address, per address and per account: sign-in-throttle.ts), and the admin that
// ATRIUM_ADMIN_* asks for.
import { z } from "zod";
import { env } from "~/env";
import * as audit from "~/server/audit/audit";
import { db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import { burnPasswordCheck, hashPassword, passwordWeakness, PASSWORD_MAX_LENGTH, verifyPassword } from "./password";
import { admitSignIn, recordFailure, recordSuccess, signInKeys } from "./sign-in-throttle";
import type { ActorUser, RequestContext } from "./types";

export const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Email addresses are at most 254 characters.")
  .pipe(z.email("Enter a valid email address, such as ada@example.com."));

export const ZSignUpInput = z.object({
  email: ZEmail,
  name: z.string().trim().min(1, "Enter your name.").max(100, "Names are at most 100 characters.").optional(),
  password: z.string().max(PASSWORD_MAX_LENGTH, `Passwords are at most ${PASSWORD_MAX_LENGTH} characters.`),
});
export type SignUpInput = z.infer<typeof ZSignUpInput>;

export const ZCredentials = z.object({ email: ZEmail, password: z.string().min(1).max(PASSWORD_MAX_LENGTH) });

/** Serialises "is this the first account?" so two simultaneous sign-ups cannot both become admin. */
const FIRST_USER_LOCK = 4_207_311;

export function toActorUser(u: { id: string; email: string; name: string; role: "ADMIN" | "USER" }): ActorUser {
  return { id: u.id, email: u.email, name: u.name, role: u.role };
}

/**
 * Creates an account. `mode: "signup"` applies ATRIUM_ALLOW_SIGNUP and makes the very first account
 * an admin; `mode: "provision"` (CLI, bootstrap admin) always works and takes the role it is given.
 */
export async function createUser(
  ctx: RequestContext,
  input: SignUpInput & { admin?: boolean },
  mode: "signup" | "provision",
): Promise<ActorUser> {
  const weakness = passwordWeakness(input.password, input.email);
  if (weakness) throw new AppError("INVALID_INPUT", { message: `That password is too weak. ${weakness}`, reason: "weak_password" });
  const passwordHash = await hashPassword(input.password);
  const name = input.name ?? input.email.split("@")[0] ?? input.email;

  const user = await db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FIRST_USER_LOCK})`;
    const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (existing) {
      throw new AppError("CONFLICT", {
        message: "An account with this email already exists. Sign in instead, or use another email.",
        reason: "email_taken",
      });
    }
    const isFirst = (await tx.user.count()) === 0;
    if (mode === "signup" && !isFirst && !env().ATRIUM_ALLOW_SIGNUP) {
      throw new AppError("FORBIDDEN", {
        message: "Sign-up is turned off on this Atrium. Ask an administrator to create an account for you.",
        reason: "signup_disabled",
      });
    }
    const role = isFirst || (mode === "provision" && input.admin) ? "ADMIN" : "USER";
    return tx.user.create({ data: { email: input.email, name, passwordHash, role } });
  });
  await audit.record({ ...ctx, actor: ctx.actor }, { type: "user_created", userId: user.id, email: user.email, role: user.role });
  return toActorUser(user);
}

/**
 * Checks an email and password. Whether the password is checked at all is decided first, and
 * atomically (sign-in-throttle.ts has the policy): a refused try is audited and says how long to
 * wait, and never reaches the password hash.
 */
export async function verifyCredentials(ctx: RequestContext, raw: { email: string; password: string }): Promise<ActorUser> {
  const parsed = ZCredentials.safeParse(raw);
  if (!parsed.success) {
    throw new AppError("INVALID_INPUT", { message: "Enter your email address and password.", reason: "invalid_credentials_input" });
  }
  const { email, password } = parsed.data;
  const e = env();
  const keys = signInKeys(email, ctx.ip);
  const admission = await admitSignIn(keys, e);
  if (!admission.ok) {
    await audit.record(ctx, { type: "sign_in_failed", email, reason: "rate_limited" });
    const who = admission.scope === "pair" ? "for this account from your address" : "from your address";
    throw new AppError("RATE_LIMITED", {
      message: `Too many failed sign-ins ${who}. Wait ${formatWait(admission.retryAfterSeconds)} and try again.`,
      reason: "rate_limited",
      retryAfterSeconds: admission.retryAfterSeconds,
    });
  }

  const user = await db().user.findUnique({ where: { email } });
  const ok = user ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
  if (!user || !ok) {
    await recordFailure(keys, e);
    await audit.record(ctx, { type: "sign_in_failed", email, reason: "invalid_credentials" });
    throw new AppError("UNAUTHORIZED", { message: "Wrong email or password.", reason: "invalid_credentials" });
  }
  await recordSuccess(keys);
  if (user.disabledAt) {
    await audit.record(ctx, { type: "sign_in_failed", email, reason: "user_disabled" });
    throw new AppError("FORBIDDEN", { message: "This account is disabled. Ask an administrator to enable it.", reason: "user_disabled" });
  }
  return toActorUser(user);
}

/** ATRIUM_ADMIN_EMAIL/PASSWORD: create that admin on first start when the instance has no user. */
export async function ensureBootstrapAdmin(): Promise<ActorUser | null> {
  const e = env();
  if (!e.ATRIUM_ADMIN_EMAIL || !e.ATRIUM_ADMIN_PASSWORD) return null;
  if ((await db().user.count()) > 0) return null;
  return createUser(
    { actor: null, ip: null, channel: "CLI" },
    { email: e.ATRIUM_ADMIN_EMAIL.toLowerCase(), password: e.ATRIUM_ADMIN_PASSWORD, admin: true },
    "provision",
  );
}

function formatWait(seconds: number): string {
  if (seconds < 90) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
