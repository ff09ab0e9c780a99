/**
 * Typed domain errors. Each carries its HTTP status so that one place (`errorResponse` in http/handler.ts) can turn
 * any of them into an RFC 9457 problem+json response.
 */

/** One bad field: `path` is a dotted path into the request body (`activities.0.title`). */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  /** Extra members of the problem body (e.g. the current version on a conflict). */
  readonly extensions: Record<string, unknown> = {};
  readonly headers: Record<string, string> = {};

  constructor(
    message: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  readonly status = 400;
  readonly title = 'Invalid request';
}

/** The request is well-formed but the stored state cannot pass (e.g. submitting an incomplete form). */
export class UnprocessableError extends DomainError {
  readonly status = 422;
  readonly title = 'Incomplete or inconsistent input';
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly title = 'Authentication required';
  override readonly headers = { 'WWW-Authenticate': 'Bearer' };
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly title = 'Forbidden';
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly title = 'Not found';
}

export class MethodNotAllowedError extends DomainError {
  readonly status = 405;
  readonly title = 'Method not allowed';
  constructor(allowed: readonly string[]) {
    super(`Allowed methods: ${allowed.join(', ')}`);
    this.headers.Allow = allowed.join(', ');
  }
}

/** The resource's state forbids the change (closed call, deadline passed, duplicate). */
export class ConflictError extends DomainError {
  readonly status = 409;
  readonly title = 'Conflict';
}

/** `If-Match` names a version that is no longer current. */
export class PreconditionFailedError extends DomainError {
  readonly status = 412;
  readonly title = 'Version conflict';
  constructor(message: string, currentVersion: number | undefined) {
    super(message);
    this.extensions.currentVersion = currentVersion;
    if (currentVersion !== undefined) this.headers.ETag = `"${currentVersion}"`;
  }
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly title = 'Payload too large';
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly title = 'Unsupported media type';
}

/** Too many writes by one person in a short time. */
export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  readonly title = 'Too many requests';
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.headers['Retry-After'] = String(retryAfterSeconds);
  }
}

/** Updating an existing resource without `If-Match`. */
export class PreconditionRequiredError extends DomainError {
  readonly status = 428;
  readonly title = 'Precondition required';
}
