/*
 * The API's error codes and the reading of error answers, for the browser as much as the server.
 * No Zod here on purpose: the signed-in shell reads error answers (practice switcher, device
 * unlock) and must stay within its first-load budget (DESIGN §8). The schema of the same shape,
 * for validation and documentation, is ZErrorBody in errors.ts, which checks at compile time that
 * the two agree; errors.test.ts checks that they give the same verdicts.
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

export type TApiErrorCode = (typeof API_ERROR_CODES)[number];

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

/** One field's problem: a dotted path into the request body or query (`''` is the whole input). */
export type TApiFieldError = { path: string; message: string };

/** The `error` of every error answer (also in the `X-Request-Id` header: `requestId`). */
export type TApiError = {
  code: TApiErrorCode;
  message: string;
  requestId: string;
  fields?: TApiFieldError[] | undefined;
  retryAfterSeconds?: number | undefined;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const isFieldError = (value: unknown): value is TApiFieldError =>
  isRecord(value) && typeof value.path === 'string' && typeof value.message === 'string';

/** The `error` of a body shaped like ours, or null (the same verdicts as ZErrorBody). */
const errorOfBody = (body: unknown): TApiError | null => {
  if (!isRecord(body) || !isRecord(body.error)) {
    return null;
  }
  const { code, message, requestId, fields, retryAfterSeconds } = body.error;
  if (
    typeof code !== 'string' ||
    !(API_ERROR_CODES as readonly string[]).includes(code) ||
    typeof message !== 'string' ||
    typeof requestId !== 'string' ||
    (fields !== undefined && !(Array.isArray(fields) && fields.every(isFieldError))) ||
    (retryAfterSeconds !== undefined && !(typeof retryAfterSeconds === 'number' && Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 0))
  ) {
    return null;
  }
  return {
    code: code as TApiErrorCode,
    message,
    requestId,
    ...(fields === undefined ? {} : { fields: (fields as TApiFieldError[]).map(({ path, message: text }) => ({ path, message: text })) }),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds: retryAfterSeconds as number }),
  };
};

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
  const error = errorOfBody(body);
  if (error !== null) {
    return error;
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
