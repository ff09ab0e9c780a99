/** Building the web function's responses: HTML pages, redirects, assets, with the security headers. */
import { gzipSync } from 'node:zlib';
import type { HttpResponse } from '#http/responses.ts';

/**
 * Scripts and styles come only from this site; forms post only to it; no framing. The pages work
 * without any script: the one the site has only shows times in the reader's time zone.
 */
function contentSecurityPolicy(formTargets: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    // Browsers check the redirects that follow a post too: sign-out ends at the sign-in server.
    ["form-action 'self'", ...formTargets].join(' '),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

/** Smaller pages load faster on slow connections; tiny bodies are not worth compressing. */
const COMPRESS_FROM_BYTES = 1024;

export interface ResponseOptions {
  readonly cookies?: readonly string[];
  /** The request's Accept-Encoding: gzip is used when it allows. */
  readonly acceptEncoding?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Origins the page's forms may lead to besides this site, redirects included.
   * @default - none
   */
  readonly formTargets?: readonly string[];
}

function withBody(
  statusCode: number,
  body: string,
  headers: Record<string, string>,
  options: ResponseOptions,
): HttpResponse {
  const compress =
    /\bgzip\b/i.test(options.acceptEncoding ?? '') && Buffer.byteLength(body) >= COMPRESS_FROM_BYTES;
  return {
    statusCode,
    headers: {
      ...headers,
      ...options.headers,
      Vary: 'Accept-Encoding, Cookie',
      ...(compress ? { 'Content-Encoding': 'gzip' } : {}),
    },
    ...(options.cookies?.length ? { cookies: [...options.cookies] } : {}),
    body: compress ? gzipSync(body).toString('base64') : body,
    isBase64Encoded: compress,
  };
}

export function html(statusCode: number, body: string, options: ResponseOptions = {}): HttpResponse {
  const headers = {
    ...PAGE_HEADERS,
    'Content-Security-Policy': contentSecurityPolicy(options.formTargets ?? []),
  };
  return withBody(statusCode, body, headers, options);
}

/** 303 See Other: after a post, the browser fetches the next page with GET (post/redirect/get). */
export function redirect(
  location: string,
  options: Pick<ResponseOptions, 'cookies'> & { status?: number } = {},
): HttpResponse {
  return {
    statusCode: options.status ?? 303,
    headers: { Location: location, 'Cache-Control': 'no-store' },
    ...(options.cookies?.length ? { cookies: [...options.cookies] } : {}),
  };
}

/** The response with more Set-Cookie values before its own (which win when both set one cookie). */
export function withCookies(response: HttpResponse, cookies: readonly string[]): HttpResponse {
  if (cookies.length === 0) return response;
  return { ...response, cookies: [...cookies, ...(response.cookies ?? [])] };
}

export function asset(body: string, contentType: string, options: ResponseOptions = {}): HttpResponse {
  return withBody(
    200,
    body,
    {
      'Content-Type': contentType,
      // Assets change with a deployment; an hour keeps pages fast without pinning old styles for long.
      'Cache-Control': 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    },
    options,
  );
}

/** A path on this site to return to after sign-in or a language change; anything else becomes `/`. */
export function safeLocalPath(candidate: string | undefined): string {
  if (!candidate?.startsWith('/') || candidate.startsWith('//') || candidate.includes('\\')) {
    return '/';
  }
  // Control characters and the like have no place in a path we send the browser to.
  return /^[\x21-\x7e]+$/.test(candidate) ? candidate : '/';
}
