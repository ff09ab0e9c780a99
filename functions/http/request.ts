/** Reading what the client sent in an API Gateway (payload 2.0) event, with typed 4xx errors. */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type * as z from 'zod';
import { type Principal, principalFromClaims } from '#domain/access.ts';
import {
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '#domain/errors.ts';
import { issueMessages, toFieldErrors } from '#domain/fields.ts';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

/** Larger bodies are refused before parsing; a complete form is far smaller (see MAX_FORM_BYTES). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A request header, whatever the case of its name. */
export function header(event: ApiEvent, name: string): string | undefined {
  // API Gateway lower-cases header names in payload 2.0; be tolerant of hand-made events.
  const wanted = name.toLowerCase();
  const entry = Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === wanted);
  return entry?.[1];
}

/** Parses the JSON body, refusing other media types, empty and oversized bodies. */
export function jsonBody(event: ApiEvent): unknown {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(
      `The body has ${bytes.length} bytes; at most ${MAX_BODY_BYTES} are accepted`,
    );
  }
  const contentType = header(event, 'content-type') ?? '';
  if (!/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(contentType)) {
    throw new UnsupportedMediaTypeError('Send the body as JSON with Content-Type: application/json');
  }
  if (bytes.length === 0)
    throw new ValidationError('The body is empty', [{ path: '', message: 'A JSON body is required' }]);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unreadable';
    throw new ValidationError('The body is not valid JSON', [
      { path: '', message: `Not valid UTF-8 JSON: ${reason}` },
    ]);
  }
}

/**
 * The raw bytes of a binary body (API Gateway passes them base64-encoded), refusing another media type (415) and
 * a body over `maxBytes` (413).
 */
export function binaryBody(event: ApiEvent, options: { contentType: string; maxBytes: number }): Uint8Array {
  const contentType = header(event, 'content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (contentType !== options.contentType) {
    throw new UnsupportedMediaTypeError(`Send the file with Content-Type: ${options.contentType}`);
  }
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > options.maxBytes) {
    throw new PayloadTooLargeError(
      `The file has ${bytes.length} bytes; at most ${options.maxBytes} are accepted`,
    );
  }
  if (bytes.length === 0) {
    throw new ValidationError('The body is empty', [{ path: '', message: 'The file is required' }]);
  }
  return bytes;
}

/** Parses a JSON body with a zod schema; bad fields become a 400 naming each of them. */
export function parseBody<T extends z.ZodType>(event: ApiEvent, schema: T): z.output<T> {
  const result = schema.safeParse(jsonBody(event), { error: issueMessages });
  if (!result.success)
    throw new ValidationError('Some fields are not valid', toFieldErrors(result.error.issues));
  return result.data;
}

/** Path parameters; a value outside the schema names a resource that does not exist (404). */
export function pathParameters<T extends z.ZodType>(event: ApiEvent, schema: T): z.output<T> {
  const result = schema.safeParse(event.pathParameters ?? {});
  if (!result.success) {
    const fields = toFieldErrors(result.error.issues);
    throw new NotFoundError(`No such resource: ${fields.map((field) => field.path).join(', ')}`, fields);
  }
  return result.data;
}

/** `If-Match: "3"` (or `W/"3"`, `3`, `*`) as a version number; absent gives undefined. */
export function ifMatchVersion(event: ApiEvent): number | '*' | undefined {
  const value = header(event, 'if-match')?.trim();
  if (value === undefined || value === '') return undefined;
  if (value === '*') return '*';
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(value);
  if (!match?.[1]) {
    throw new ValidationError('If-Match must be an ETag this API gave out, such as "3"', [
      { path: 'If-Match', message: 'Not a version ETag' },
    ]);
  }
  return Number(match[1]);
}

/** The signed-in user, from the claims the JWT authorizer verified. */
export function principalOf(event: ApiEvent): Principal {
  return principalFromClaims(event.requestContext.authorizer?.jwt?.claims);
}
