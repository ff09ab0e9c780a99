/**
 * Typed domain errors. Each carries its HTTP status so that one place (`errorResponse` in http/handler.ts) can turn
 * any of them into an RFC 9457 problem+json response.
 */

/**
 * Machine-readable names of what can be wrong with a field, for interfaces that say it in the
 * reader's language (the web pages look up `errors.<code>` in their message catalogs). Every code
 * the domain emits is listed here, so a test can check each one is translated.
 */
export const fieldErrorCodes = [
  'required',
  'wrongType',
  'number',
  'wholeNumber',
  'maxCharacters',
  'minCharacters',
  'atLeast',
  'atMost',
  'atMostItems',
  'addAtLeastOne',
  'minItems',
  'oneOf',
  'date',
  'dateTime',
  'singleLine',
  'controlCharacter',
  'invalidCharacter',
  'countryCode',
  'unknownCountry',
  'languageCode',
  'unknownLanguage',
  'duplicateCountry',
  'duplicateCode',
  'duplicateLanguage',
  'unknownField',
  'unknownSection',
  'sectionIdFormat',
  'duplicateSectionId',
  'nothingToChange',
  'nationalCountries',
  'futureDate',
  'timeZone',
] as const;
export type FieldErrorCode = (typeof fieldErrorCodes)[number];

/** Machine-readable names of domain errors that an interface may say in the reader's language. */
export const domainErrorCodes = [
  'callClosed',
  'deadlinePassed',
  'closedBeforeSave',
  'savedMeanwhile',
  'versionNotCurrent',
  'noVersionYet',
  'versionRequired',
  'callChangedMeanwhile',
  'callVersionNotCurrent',
  'notSavedYet',
  'formTooLarge',
  // Posts of the web forms that no page sends (edited by hand or by a tool): said in the reader's
  // language all the same, as the rest of the page.
  'formEncoding',
  'formNotUtf8',
  'sentTwice',
  'indexOutOfRange',
  'tooManyItems',
  'invalidVersion',
  'unknownAction',
  // Who may do what (access.ts), and what the web pages refuse before a use case runs.
  'onlyFocalPoints',
  'onlySecretariat',
  'noRole',
  'mayNotRead',
  'tooManyChanges',
  'signInToContinue',
  'signInAgainToSend',
  // What a page names that does not exist (404): the API says it in English, the pages in the reader's language.
  'noSuchPage',
  'noSuchCall',
  'noSuchRppo',
  'nothingSavedYet',
  'noSuchVersion',
] as const;
export type DomainErrorCode = (typeof domainErrorCodes)[number];

/** Values a coded message names (a limit, a title, a date-time), by placeholder. */
export type ErrorParams = Readonly<Record<string, string | number>>;

/**
 * One bad field: `path` is a dotted path into the request body (`activities.0.title`). `message`
 * is the English the API answers with; `code` and `params`, where known, let an interface say it
 * in another language.
 */
export interface FieldError {
  readonly path: string;
  readonly message: string;
  readonly code?: FieldErrorCode;
  readonly params?: ErrorParams;
}

/** What a domain error says in a translatable form: a code and the values its message names. */
export interface Coded {
  readonly code: DomainErrorCode;
  readonly params?: ErrorParams;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  /** Extra members of the problem body (e.g. the current version on a conflict). */
  readonly extensions: Record<string, unknown> = {};
  readonly headers: Record<string, string> = {};
  /** Set where an interface may translate the message (see `domainErrorCodes`). */
  code?: DomainErrorCode;
  params?: ErrorParams;

  constructor(
    message: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** Names the error for translation; returns it, for `throw new XError(...).coded({...})`. */
  coded({ code, params }: Coded): this {
    this.code = code;
    if (params) this.params = params;
    return this;
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
