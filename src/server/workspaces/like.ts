// Prisma's contains/startsWith become SQL LIKE without escaping, so `_` and `%` typed by a
// person (or present in a path) would act as wildcards. Postgres's default LIKE escape is `\`.
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
