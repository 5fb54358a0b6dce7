import { z } from 'zod';
import { API_ERROR_CODES, DEFAULT_ERROR_MESSAGES, HTTP_STATUS_BY_CODE, type TApiError, type TApiErrorCode, type TApiFieldError } from './read-api-error';

export { API_ERROR_CODES, DEFAULT_ERROR_MESSAGES, HTTP_STATUS_BY_CODE, type TApiError, type TApiErrorCode, type TApiFieldError } from './read-api-error';

/*
 * The one error type of the API (CONVENTIONS §5) and the one shape every error answer has.
 *
 * The codes, statuses and the reading of error answers live in read-api-error.ts, which has no
 * Zod, so the signed-in shell can read errors without shipping Zod; this module adds the schemas
 * and AppError, and imports nothing else: no logger, no `server-only`.
 *
 * Messages are fixed texts written here or by the code that throws; they never contain request
 * data. Patient data reaches neither error bodies nor the log through them.
 */

export const ZApiErrorCode = z.enum(API_ERROR_CODES);

export const ZApiFieldError = z.object({
  /** Dotted path into the request body or query, e.g. `items.0.quantity`; `''` is the whole input. */
  path: z.string(),
  message: z.string(),
});

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

// The schema and the browser's hand-written reader (read-api-error.ts) describe one shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<TErrorBody['error'], TApiError> = true;
void sameShape;

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

