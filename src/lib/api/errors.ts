import { z } from 'zod';

/*
 * The one error type of the API (CONVENTIONS §5) and the one shape every error answer has.
 *
 * This module is shared by the server and the browser (clients parse error answers with
 * `parseApiError`), so it imports nothing but Zod: no logger, no `server-only`.
 *
 * Messages are fixed texts written here or by the code that throws; they never contain request
 * data. Patient data reaches neither error bodies nor the log through them.
 */

/** Every error code the API answers with. Clients switch on these, never on messages. */
export const API_ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'VALIDATION_FAILED',
  'UPGRADE_REQUIRED',
  'RATE_LIMITED',
  'ORIGIN_REJECTED',
  'REAUTHENTICATION_REQUIRED',
  'DEVICE_REVOKED',
  'INTERNAL',
] as const;

export const ZApiErrorCode = z.enum(API_ERROR_CODES);
export type TApiErrorCode = z.infer<typeof ZApiErrorCode>;

/** The one code → HTTP status map. */
export const HTTP_STATUS_BY_CODE: Readonly<Record<TApiErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION_FAILED: 422,
  // Used when a client speaks a protocol version the server no longer accepts (sync, API).
  UPGRADE_REQUIRED: 426,
  RATE_LIMITED: 429,
  // A cross-site request (CSRF defence); 403 like any refusal, but its own code for diagnosis.
  ORIGIN_REJECTED: 403,
  // A sensitive change (email, password, factors) without a recent re-authentication
  // (src/lib/auth/reauthentication.ts); the client asks for the password and code, then retries.
  REAUTHENTICATION_REQUIRED: 403,
  // This device's access was revoked (src/lib/domain/devices): it deletes its local database.
  DEVICE_REVOKED: 403,
  INTERNAL: 500,
};

/** Default message per code, used when the thrower gives none. Plain language, no internals. */
export const DEFAULT_ERROR_MESSAGES: Readonly<Record<TApiErrorCode, string>> = {
  BAD_REQUEST: 'The request could not be understood.',
  UNAUTHENTICATED: 'Please sign in to continue.',
  FORBIDDEN: 'You do not have permission to do this.',
  NOT_FOUND: 'Not found.',
  METHOD_NOT_ALLOWED: 'This method is not allowed here.',
  CONFLICT: 'The request conflicts with the current state.',
  PAYLOAD_TOO_LARGE: 'The request body is too large.',
  UNSUPPORTED_MEDIA_TYPE: 'The request body must be JSON (Content-Type: application/json).',
  VALIDATION_FAILED: 'Some fields are invalid.',
  UPGRADE_REQUIRED: 'This version of the app is too old; please reload or update it.',
  RATE_LIMITED: 'Too many requests; please wait a moment and try again.',
  ORIGIN_REJECTED: 'This request came from another site and was refused.',
  REAUTHENTICATION_REQUIRED: 'Please confirm it is you: enter your password (and code) again.',
  DEVICE_REVOKED: 'This device no longer has access; its local data is being removed.',
  INTERNAL: 'Something went wrong.',
};

export const ZApiFieldError = z.object({
  /** Dotted path into the request body or query, e.g. `items.0.quantity`; `''` is the whole input. */
  path: z.string(),
  message: z.string(),
});
export type TApiFieldError = z.infer<typeof ZApiFieldError>;

/** The body of every error answer. */
export const ZErrorBody = z.object({
  error: z.object({
    code: ZApiErrorCode,
    message: z.string(),
    /** Also in the `X-Request-Id` header; quote it when reporting a problem. */
    requestId: z.string(),
    fields: z.array(ZApiFieldError).optional(),
    retryAfterSeconds: z.number().int().nonnegative().optional(),
  }),
});
export type TErrorBody = z.infer<typeof ZErrorBody>;
export type TApiError = TErrorBody['error'];

type AppErrorOptions = {
  fields?: TApiFieldError[];
  retryAfterSeconds?: number;
  /** Kept for the log only; never serialized into the answer. */
  cause?: unknown;
};

/**
 * An expected failure with a code the client can act on. Throw it anywhere below a route
 * handler; the route wrapper turns it into the typed error body with the mapped status.
 * The message is shown to people: keep it free of request data and internals.
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: TApiErrorCode;
  readonly fields: TApiFieldError[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: TApiErrorCode, message?: string, options: AppErrorOptions = {}) {
    super(message ?? DEFAULT_ERROR_MESSAGES[code], options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.fields = options.fields;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return HTTP_STATUS_BY_CODE[this.code];
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

// Bounds on what one validation answer can carry: a hostile body with thousands of bad fields
// must not produce a megabyte error answer.
const MAX_FIELD_ERRORS = 50;
const MAX_PATH_SEGMENT_LENGTH = 100;

const formatPath = (path: readonly PropertyKey[]): string =>
  path
    .map((segment) =>
      typeof segment === 'symbol' ? '' : String(segment).slice(0, MAX_PATH_SEGMENT_LENGTH),
    )
    .join('.');

type IssueLike = { code?: string; path: readonly PropertyKey[]; message: string; keys?: readonly string[] };

/**
 * Zod issues → field errors. Zod's default messages name expectations ("expected string"), never
 * the received value; `unrecognized_keys` is expanded into one "Unknown field" entry per key so a
 * client can point at it. Custom messages in shared schemas must not interpolate the input either.
 */
export const zodIssuesToFields = (issues: readonly IssueLike[]): TApiFieldError[] => {
  const fields: TApiFieldError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys' && issue.keys !== undefined) {
      for (const key of issue.keys) {
        fields.push({ path: formatPath([...issue.path, key]), message: 'Unknown field' });
      }
    } else {
      fields.push({ path: formatPath(issue.path), message: issue.message });
    }
    if (fields.length >= MAX_FIELD_ERRORS) {
      break;
    }
  }
  return fields.slice(0, MAX_FIELD_ERRORS);
};

/** A Zod error as the 422 AppError the API answers with. */
export const validationError = (error: z.core.$ZodError, message?: string): AppError =>
  new AppError('VALIDATION_FAILED', message, { fields: zodIssuesToFields(error.issues) });

const codeForStatus = (status: number): TApiErrorCode => {
  const match = API_ERROR_CODES.find((code) => code !== 'ORIGIN_REJECTED' && HTTP_STATUS_BY_CODE[code] === status);
  if (match !== undefined) {
    return match;
  }
  return status >= 400 && status < 500 ? 'BAD_REQUEST' : 'INTERNAL';
};

/**
 * Reads any error answer into the typed error. A body that is not ours (an HTML page from a
 * reverse proxy, Next's empty 405, a network-level 502) still yields a typed error, derived from
 * the status, so callers need exactly one code path.
 */
export const parseApiError = (body: unknown, status: number): TApiError => {
  const parsed = ZErrorBody.safeParse(body);
  if (parsed.success) {
    return parsed.data.error;
  }
  const code = codeForStatus(status);
  return { code, message: DEFAULT_ERROR_MESSAGES[code], requestId: '' };
};

/** `parseApiError` for a fetch `Response` (reads the body once; tolerates non-JSON bodies). */
export const readApiError = async (response: Response): Promise<TApiError> => {
  let body: unknown = undefined;
  try {
    body = await response.json();
  } catch {
    // Not JSON: fall back to the status.
  }
  const error = parseApiError(body, response.status);
  return error.requestId === '' ? { ...error, requestId: response.headers.get('x-request-id') ?? '' } : error;
};
