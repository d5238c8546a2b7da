// Recognises "PostgreSQL cannot be reached right now" (refused, reset, timed out, shutting down)
// among the shapes pg, the Prisma adapter and Prisma Client give it, so every door can answer a
// clear 503 UNAVAILABLE instead of a generic 500 while the database is down (toErrorBody in
// src/server/errors.ts turns it into that answer; this module only recognises the shapes).

const CODES = new Set([
  // Prisma: can't reach, timed out, closed the connection, pool timeout
  "P1001", "P1002", "P1008", "P1017", "P2024",
  // sockets
  "ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EAI_AGAIN", "EPIPE",
  // PostgreSQL: admin/crash shutdown, cannot connect now, connection exceptions
  "57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006",
]);
const KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const MESSAGES =
  /can't reach database server|connection terminated|timeout exceeded when trying to connect|server has closed the connection|terminating connection due to administrator command|the database system is (shutting down|starting up|in recovery mode)|connect ECONNREFUSED/i;

function looksUnavailable(e: object): boolean {
  const { code, kind, message } = e as { code?: unknown; kind?: unknown; message?: unknown };
  if (typeof code === "string" && CODES.has(code)) return true;
  if (typeof kind === "string" && KINDS.has(kind)) return true;
  return typeof message === "string" && MESSAGES.test(message);
}

/** Whether `error` (or something it wraps) says the database is unreachable. */
export function isDatabaseOutage(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current && typeof current === "object"; depth++) {
    if (looksUnavailable(current)) return true;
    const next = current as { cause?: unknown; meta?: { driverAdapterError?: unknown } };
    current = next.cause ?? next.meta?.driverAdapterError;
  }
  return false;
}
