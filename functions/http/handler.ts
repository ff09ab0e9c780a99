/**
 * The one place where requests meet the domain: dispatches on the route key, and turns every error
 * into a problem+json response (typed errors keep their status; AWS throttling and outages, and
 * transactions that met another at the same moment, become 503 with Retry-After; anything else is
 * logged and answered 500 without internals).
 */
import type { Context } from 'aws-lambda';
import { DomainError } from '#domain/errors.ts';
import { isTransactionConflict } from '#store/dynamo.ts';
import { log } from './log.ts';
import type { ApiEvent } from './request.ts';
import { type HttpResponse, problem } from './responses.ts';

export type Action = (event: ApiEvent) => Promise<HttpResponse>;
export type ApiHandler = (event: ApiEvent, context?: Pick<Context, 'awsRequestId'>) => Promise<HttpResponse>;

const RETRYABLE_SERVICE_ERRORS = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'InternalServerError',
  'SlowDown',
  'TimeoutError',
  'RequestTimeout',
]);
const NETWORK_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function isServiceOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  return (
    RETRYABLE_SERVICE_ERRORS.has(error.name) ||
    NETWORK_ERRORS.has(code ?? '') ||
    NETWORK_ERRORS.has(cause ?? '')
  );
}

export function errorResponse(error: unknown, requestId: string): HttpResponse {
  if (error instanceof DomainError) {
    return problem(
      error.status,
      {
        title: error.title,
        detail: error.message,
        // The API answers in English: the codes that let the web pages translate stay out of it.
        ...(error.errors.length > 0
          ? { errors: error.errors.map(({ path, message }) => ({ path, message })) }
          : {}),
        ...error.extensions,
      },
      error.headers,
    );
  }
  if (isTransactionConflict(error)) {
    // DynamoDB cancels a transaction that meets another on the same item (two saves of one form, or of one call's
    // forms, at the same instant): nothing was written, and the same request may go through a moment later.
    log('warn', { requestId, message: 'transaction conflict' });
    return problem(
      503,
      {
        title: 'Service unavailable',
        detail: 'Another change was being saved at the same moment; retry shortly',
        requestId,
      },
      { 'Retry-After': '1' },
    );
  }
  if (isServiceOutage(error)) {
    log('warn', { requestId, message: 'storage unavailable', error: (error as Error).name });
    return problem(
      503,
      { title: 'Service unavailable', detail: 'Storage is busy or unreachable; retry shortly', requestId },
      { 'Retry-After': '5' },
    );
  }
  log('error', {
    requestId,
    message: 'unexpected error',
    error:
      error instanceof Error
        ? { name: error.name, message: error.message, stack: error.stack }
        : String(error),
  });
  return problem(500, { title: 'Internal error', detail: 'Something went wrong on our side', requestId });
}

/** A Lambda handler serving the given routes of the API. */
export function createApiHandler(actions: Readonly<Record<string, Action>>): ApiHandler {
  return async (event, context) => {
    const requestId = context?.awsRequestId ?? event.requestContext?.requestId ?? 'unknown';
    const started = Date.now();
    let response: HttpResponse;
    try {
      const action = actions[event.routeKey];
      if (!action) throw new Error(`No action for route ${event.routeKey}`);
      response = await action(event);
    } catch (error) {
      response = errorResponse(error, requestId);
    }
    // The subject is a pseudonymous id; the request's headers and body never reach the log.
    const subject = event.requestContext?.authorizer?.jwt?.claims?.sub;
    log('info', {
      requestId,
      route: event.routeKey,
      status: response.statusCode,
      durationMs: Date.now() - started,
      ...(typeof subject === 'string' ? { subject } : {}),
    });
    return response;
  };
}

/**
 * The exported Lambda handler of a function module: built on the first invocation, so that importing
 * the module (tests, the local server) reads no environment.
 */
export function deployedHandler(build: () => ApiHandler): ApiHandler {
  let built: ApiHandler | undefined;
  return (event, context) => {
    built ??= build();
    return built(event, context);
  };
}
