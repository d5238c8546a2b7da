// `atrium user create`: provisions an account the way an administrator would, bypassing
// ATRIUM_ALLOW_SIGNUP, through the same createUser service as sign-up.
import { passwordWeakness } from "~/server/auth/password";
import { createUser } from "~/server/auth/users";
import type { UserCreateArgs } from "./args";
import { withCore } from "./core";
import { UsageError } from "./errors";
import type { Io } from "./io";

export async function userCreate(args: UserCreateArgs, io: Io): Promise<number> {
  const password = args.password === "-" ? await io.readSecret("Password: ") : args.password;
  if (password === "") {
    throw new UsageError(`--password -: stdin was empty; pipe the password in, e.g. printf '%s' "$PASSWORD" | atrium user create --email ${args.email} --password -`);
  }
  // Checked before booting the database, so a typo costs no PostgreSQL start.
  const weakness = passwordWeakness(password, args.email);
  if (weakness) throw new UsageError(`--password: too weak. ${weakness}`);

  return withCore(io, {}, async () => {
    const user = await createUser(
      { actor: null, ip: null, channel: "CLI" },
      { email: args.email, password, ...(args.name ? { name: args.name } : {}), admin: args.admin },
      "provision",
    );
    const role = user.role === "ADMIN" ? "admin" : "user";
    io.out(`created user ${user.email} (${role}) id=${user.id}`);
    if (role === "admin" && !args.admin) io.err("note: the first account of an instance is always an administrator");
    return 0;
  });
}
