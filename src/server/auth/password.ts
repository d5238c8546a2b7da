// Password hashing (argon2id, OWASP's recommended parameters) and the password policy.
import { hash, verify } from "@node-rs/argon2";

const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

const COMMON = new Set([
  "password", "password1", "password12", "password123", "passw0rd", "qwertyuiop", "1234567890", "0123456789",
  "12345678910", "letmein123", "iloveyou12", "administrator", "changeme123", "welcome123", "qwerty1234",
  "abcdefghij", "1q2w3e4r5t", "zaq12wsxcde", "trustno1234", "atrium1234",
]);

/** Returns why a password is too weak, or null when it is acceptable. */
export function passwordWeakness(password: string, email?: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (new Set(password).size < 4) return "Use more different characters; this password repeats too few.";
  if (COMMON.has(password.toLowerCase())) return "This password is too common; choose another.";
  const local = email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 4 && password.toLowerCase().includes(local)) return "Do not use your email name in the password.";
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Spends the same time as a real check, so unknown emails cannot be told apart by timing. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("atrium-dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
}
