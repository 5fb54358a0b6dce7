import { z } from 'zod';
import { AppError, HTTP_STATUS_BY_CODE, type TErrorBody, validationError } from './errors';

/*
 * Thrown values → the typed error answer (server side of errors.ts). Only AppError messages and
 * Zod field paths reach the client; anything else is a generic 500.
 */

/** The typed error body for an AppError. */
export const errorBody = (error: AppError, requestId: string): TErrorBody => ({
  error: {
    code: error.code,
    message: error.message,
    requestId,
    ...(error.fields === undefined ? {} : { fields: error.fields }),
    ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
  },
});

/** The typed error answer for an AppError (with `Retry-After` when it has one). */
export const errorResponse = (error: AppError, requestId: string): Response => {
  const headers = new Headers();
  if (error.retryAfterSeconds !== undefined) {
    headers.set('Retry-After', String(error.retryAfterSeconds));
  }
  return Response.json(errorBody(error, requestId), { status: HTTP_STATUS_BY_CODE[error.code], headers });
};

/** Any thrown value as the AppError to answer with; `internal` when its detail must stay in the log. */
export const toAppError = (error: unknown): { appError: AppError; internal: boolean } => {
  if (error instanceof AppError) {
    return { appError: error, internal: error.code === 'INTERNAL' };
  }
  if (error instanceof z.core.$ZodError) {
    // A schema checked below the handler (a domain function's own parse): still the caller's fault.
    return { appError: validationError(error), internal: false };
  }
  return { appError: new AppError('INTERNAL'), internal: true };
};
