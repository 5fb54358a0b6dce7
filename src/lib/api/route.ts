import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { getConfig, type AppConfig } from '@/lib/config/env';
import { getLogger, type Logger } from '@/lib/observability/logger';
import { clientAddress } from './client-address';
import { errorResponse, toAppError } from './error-response';
import { AppError, validationError } from './errors';
import { readJsonBody } from './json-body';
import { isOriginAllowed } from './origin';
import {
  checkRateLimit,
  getRateLimitStore,
  rateLimitRule,
  type RateLimitDecision,
  type RateLimitSubject,
} from './rate-limit/check-rate-limit';
import type { RateLimitStore } from './rate-limit/store';
import { resolveSession, type ApiSession, type ResolveSessionOptions } from './session';

/*
 * The one wrapper every route handler goes through (CONVENTIONS §1):
 *
 *   // POST /api/v1/things – create a thing
 *   export const dynamic = 'force-dynamic';
 *   export const POST = apiRoute(
 *     { route: '/api/v1/things', auth: 'session', body: ZCreateThing },
 *     async ({ body, session, log }) => createThing({ actor: session, ...body }),
 *   );
 *
 * In order, it: gives the request an id (echoed in `X-Request-Id`); refuses cross-site
 * state-changing requests (403 ORIGIN_REJECTED, see origin.ts); resolves the session; counts the
 * request against the rate limit (429 with Retry-After); requires a session where asked (401);
 * validates params (404), query (422) and the JSON body (415, 413, 400, 422); runs the handler;
 * maps every failure to the typed error body (errors.ts) — an unknown error becomes a generic 500
 * whose detail goes to the log only; marks the answer `Cache-Control: no-store` unless the
 * handler chose otherwise; and logs one line per request (method, route pattern, status,
 * duration, request id — never the URL's query, the body or params).
 *
 * Static prerendering: Next.js (without cacheComponents, as configured) prerenders a GET handler
 * at build time when it reads nothing from the request. Every route file therefore exports
 * `dynamic = 'force-dynamic'`. Errors Next.js uses for control flow (a dynamic-usage bail-out,
 * `notFound()`, `redirect()`) are rethrown untouched, so they are never turned into a cached 500.
 */

export type ApiAuth = 'public' | 'session';

/** Params as Next.js passes them to route handlers. */
export type RouteParams = Record<string, string | string[] | undefined>;

type SchemaOutput<TSchema, TFallback> = TSchema extends z.ZodType ? z.output<TSchema> : TFallback;

export type ApiRouteOptions<
  TBody extends z.ZodType | undefined,
  TQuery extends z.ZodType | undefined,
  TParams extends z.ZodType | undefined,
  TAuth extends ApiAuth,
> = {
  /** The route pattern for the log, e.g. `/api/v1/patients/[patientId]` (never a concrete path: ids). */
  route: string;
  /** `session`: 401 without a signed-in user. */
  auth: TAuth;
  /** JSON body schema; when set, the body must be `application/json`. */
  body?: TBody;
  /** Query string schema (values are strings; repeated keys are arrays). */
  query?: TQuery;
  /** Dynamic segment schema; a mismatch answers 404 (a malformed id names nothing). */
  params?: TParams;
  /** `false` only for endpoints that must always answer, such as health probes. */
  rateLimit?: 'default' | false;
  /**
   * `background` for requests a device makes on its own (sync push, pull, events): the session's
   * idle timeout is enforced but not extended by them (src/lib/auth/idle-timeout.ts).
   */
  activity?: 'person' | 'background';
};

export type ApiHandlerContext<
  TBody extends z.ZodType | undefined,
  TQuery extends z.ZodType | undefined,
  TParams extends z.ZodType | undefined,
  TAuth extends ApiAuth,
> = {
  request: Request;
  body: SchemaOutput<TBody, undefined>;
  query: SchemaOutput<TQuery, undefined>;
  params: SchemaOutput<TParams, RouteParams>;
  session: TAuth extends 'session' ? ApiSession : ApiSession | null;
  requestId: string;
  /** What domain functions record about the request (audit entries): id, client address, user agent. */
  meta: RequestMeta;
  /** Carries the request id; never log records, only identifiers and counts. */
  log: Logger;
};

/** The request facts an audit entry keeps. The address is the trustworthy one (client-address.ts). */
export type RequestMeta = { requestId: string; ipAddress: string | null; userAgent: string | null };

/**
 * What a handler returns: a `Response` as is, `undefined` as 204, anything else as 200 JSON.
 * Other statuses: return `Response.json(value, { status })`.
 */
export type ApiHandlerResult = Response | undefined | object | string | number | boolean | null;

/** The function a route file exports (the shape Next.js calls). */
export type ApiRouteHandler = (request: Request, context?: { params?: Promise<RouteParams> }) => Promise<Response>;

/** What the wrapper depends on; `apiRoute` uses the process's, tests build their own. */
export type ApiRouteDeps = {
  config: () => Pick<AppConfig, 'appUrl' | 'trustProxy' | 'apiBodyLimitBytes' | 'rateLimit'>;
  logger: () => Logger;
  resolveSession: (request: Request, options?: ResolveSessionOptions) => Promise<ApiSession | null>;
  rateLimitStore: () => RateLimitStore;
};

/** The query string as a plain object: one value per key, or an array when repeated. */
const queryObject = (url: URL): Record<string, string | string[]> => {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    out[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return out;
};

/** Sets headers on a handler's Response, copying it first when its headers are immutable. */
const withHeaders = (response: Response, headers: Record<string, string>, ifAbsent: Record<string, string>): Response => {
  let target = response;
  try {
    for (const [name, value] of Object.entries(headers)) {
      target.headers.set(name, value);
    }
  } catch {
    // e.g. Response.redirect() has immutable headers.
    target = new Response(response.body, response);
    for (const [name, value] of Object.entries(headers)) {
      target.headers.set(name, value);
    }
  }
  for (const [name, value] of Object.entries(ifAbsent)) {
    if (!target.headers.has(name)) {
      target.headers.set(name, value);
    }
  }
  return target;
};

const toResponse = (result: ApiHandlerResult): Response => {
  if (result instanceof Response) {
    return result;
  }
  if (result === undefined) {
    return new Response(null, { status: 204 });
  }
  return Response.json(result);
};

/** Builds `apiRoute` over the given dependencies. */
export const createApiRoute =
  (deps: ApiRouteDeps) =>
  <
    TBody extends z.ZodType | undefined = undefined,
    TQuery extends z.ZodType | undefined = undefined,
    TParams extends z.ZodType | undefined = undefined,
    TAuth extends ApiAuth = ApiAuth,
  >(
    options: ApiRouteOptions<TBody, TQuery, TParams, TAuth>,
    handler: (context: ApiHandlerContext<TBody, TQuery, TParams, TAuth>) => ApiHandlerResult | Promise<ApiHandlerResult>,
  ): ApiRouteHandler =>
  async (request, context) => {
    const started = performance.now();
    const requestId = crypto.randomUUID();
    const method = request.method.toUpperCase();
    const log = deps.logger().child({ requestId });
    let session: ApiSession | null = null;
    let response: Response;
    // Set when the answer is a 500 for something thrown: its detail goes to the log.
    let failure: { error: unknown } | undefined;
    let code: string | undefined;

    try {
      const config = deps.config();

      if (!isOriginAllowed(request, config)) {
        throw new AppError('ORIGIN_REJECTED');
      }

      session = await deps.resolveSession(request, { passive: options.activity === 'background' });

      if (options.rateLimit !== false) {
        // Both limits apply: per user, so one busy account cannot starve the practice, and per
        // address, so an attacker without a session (or with many) is held back too. The address
        // limit is the higher one because a clinic's staff often share one public address.
        const address = clientAddress(request);
        const subjects: RateLimitSubject[] = [
          ...(session !== null ? [{ kind: 'user', userId: session.userId } as const] : []),
          ...(address !== null ? [{ kind: 'address', address } as const] : []),
        ];
        for (const subject of subjects) {
          let decision: RateLimitDecision | undefined;
          try {
            decision = await checkRateLimit(deps.rateLimitStore(), rateLimitRule(subject, config));
          } catch (error) {
            // Fail open: a broken counter store must not take the whole API down with it.
            log.warn({ err: error }, 'rate limit check failed; request allowed');
          }
          if (decision !== undefined && !decision.allowed) {
            throw new AppError('RATE_LIMITED', undefined, { retryAfterSeconds: decision.retryAfterSeconds });
          }
        }
      }

      if (options.auth === 'session' && session === null) {
        throw new AppError('UNAUTHENTICATED');
      }

      const rawParams: RouteParams = (await context?.params) ?? {};
      let params: unknown = rawParams;
      if (options.params !== undefined) {
        const parsed = await options.params.safeParseAsync(rawParams);
        if (!parsed.success) {
          throw new AppError('NOT_FOUND');
        }
        params = parsed.data;
      }

      let query: unknown = undefined;
      if (options.query !== undefined) {
        const parsed = await options.query.safeParseAsync(queryObject(new URL(request.url)));
        if (!parsed.success) {
          throw validationError(parsed.error, 'Some query parameters are invalid.');
        }
        query = parsed.data;
      }

      let body: unknown = undefined;
      if (options.body !== undefined) {
        const raw = await readJsonBody(request, config.apiBodyLimitBytes);
        const parsed = await options.body.safeParseAsync(raw);
        if (!parsed.success) {
          throw validationError(parsed.error);
        }
        body = parsed.data;
      }

      const result = await handler({
        request,
        body,
        query,
        params,
        session,
        requestId,
        meta: { requestId, ipAddress: clientAddress(request), userAgent: request.headers.get('user-agent') },
        log,
      } as ApiHandlerContext<TBody, TQuery, TParams, TAuth>);
      response = toResponse(result);
    } catch (error) {
      unstable_rethrow(error);
      const { appError, internal } = toAppError(error);
      code = appError.code;
      if (internal) {
        failure = { error };
      }
      response = errorResponse(appError, requestId);
    }

    response = withHeaders(response, { 'X-Request-Id': requestId }, { 'Cache-Control': 'no-store' });

    const line = {
      method,
      route: options.route,
      status: response.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...(code === undefined ? {} : { code }),
      ...(session === null ? {} : { userId: session.userId }),
    };
    if (failure !== undefined) {
      log.error({ ...line, err: failure.error }, 'request failed');
    } else if (response.status >= 500) {
      // A handler's own 5xx (e.g. readiness 503): nothing was thrown.
      log.warn(line, 'request');
    } else {
      log.info(line, 'request');
    }
    return response;
  };

/** The route wrapper over the process's configuration, logger, sessions and rate limit store. */
export const apiRoute = createApiRoute({
  config: getConfig,
  logger: getLogger,
  resolveSession,
  rateLimitStore: () => getRateLimitStore(getConfig()),
});
