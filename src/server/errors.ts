// One error type for the whole server. Services throw AppError; the tRPC error formatter, the
// REST adapter and socket acknowledgements turn it into their own shape with the same code.
export const AppErrorCode = [
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "PATH_DENIED",
  "CONFLICT",
  "QUOTA_EXCEEDED",
  "LIMIT_EXCEEDED",
  "RATE_LIMITED",
  "INVALID_INPUT",
  "PAYLOAD_TOO_LARGE",
  "UNAVAILABLE",
  "INTERNAL",
] as const;
export type AppErrorCode = (typeof AppErrorCode)[number];

export const httpStatusOf: Record<AppErrorCode, number> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  PATH_DENIED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  QUOTA_EXCEEDED: 413,
  INVALID_INPUT: 422,
  LIMIT_EXCEEDED: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export interface AppErrorOptions {
  /** What happened and what to do, written for the person or agent who sees it. */
  message: string;
  /** A stable machine-readable detail, e.g. `api_key_expired`, `outside_workspace`. */
  reason?: string;
  /** Seconds until a rate-limited call may be tried again. */
  retryAfterSeconds?: number;
  /** Sent to clients: only facts they may see and act on. */
  details?: Record<string, unknown>;
  /**
   * A cap on work a user has in flight (sessions, queued tasks, greps): the same call succeeds once
   * some of it ends, so HTTP answers 429 Too Many Requests rather than the code's usual status.
   */
  busy?: boolean;
  cause?: unknown;
  /** 400 for a request that is malformed rather than refused (e.g. NUL in a field); else the code's status. */
  httpStatus?: 400;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly reason?: string;
  readonly retryAfterSeconds?: number;
  readonly details?: Record<string, unknown>;
  readonly busy: boolean;
  private readonly statusOverride?: number;

  constructor(code: AppErrorCode, options: AppErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.reason = options.reason;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details;
    this.busy = options.busy ?? false;
    this.statusOverride = options.httpStatus;
  }

  get httpStatus(): number {
    return this.statusOverride ?? (this.busy ? 429 : httpStatusOf[this.code]);
  }

  /** The JSON shape every adapter sends to clients. */
  toJSON(): AppErrorBody {
    return {
      code: this.code,
      message: this.message,
      ...(this.reason ? { reason: this.reason } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

export interface AppErrorBody {
  code: AppErrorCode;
  message: string;
  reason?: string;
  retryAfterSeconds?: number;
  /** Facts a client can act on, e.g. `currentVersion` on a `version_conflict`. Never secrets. */
  details?: Record<string, unknown>;
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof Error && e.name === "AppError" && "code" in e;
}
