/**
 * The web session: an HttpOnly, SameSite=Lax cookie (Secure over https) holding the Cognito ID token,
 * verified on every request against the issuer's published keys (JWKS), issuer and audience — the
 * checks the API's JWT authorizer makes, done in code because an HTTP API authorizer cannot read a
 * cookie. Every form post carries a CSRF token derived from the session (docs/decisions/0001-web-session.md).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import type { WebConfig } from '#config/config.ts';

export const SESSION_COOKIE = 'rppo_session';
export const LANGUAGE_COOKIE = 'rppo_lang';
/** The hidden field of every form post. */
export const CSRF_FIELD = 'csrf';

export interface SessionVerifier {
  /** The verified claims, or undefined when the token is expired, forged or meant for someone else. */
  verify(token: string): Promise<JWTPayload | undefined>;
}

/** Verifies ID tokens with the keys published at `jwksUrl` (fetched once, then cached by jose). */
export function createSessionVerifier(
  config: Pick<WebConfig, 'jwksUrl' | 'issuer' | 'audience'>,
): SessionVerifier {
  const keys = createRemoteJWKSet(new URL(config.jwksUrl));
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: config.issuer,
          audience: config.audience,
          algorithms: ['RS256', 'ES256'],
        });
        // Cognito's access tokens are signed by the same keys; only an ID token names the user's groups.
        return payload.token_use === 'id' ? payload : undefined;
      } catch (error) {
        // A bad token is a visitor to send to sign-in; an unreachable key set is an outage (5xx).
        if (error instanceof errors.JOSEError && !(error instanceof errors.JWKSTimeout)) return undefined;
        throw error;
      }
    },
  };
}

/** The cookies of a request: payload 2.0 gives them in `cookies`; hand-made events may use the header. */
export function readCookies(event: {
  cookies?: string[];
  headers?: Record<string, string | undefined>;
}): Map<string, string> {
  const header = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'cookie')?.[1];
  const pairs = event.cookies ?? header?.split(';') ?? [];
  const cookies = new Map<string, string>();
  for (const pair of pairs) {
    const separator = pair.indexOf('=');
    if (separator <= 0) continue;
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    if (!cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

export interface CookieOptions {
  readonly secure: boolean;
  /** Seconds; 0 deletes the cookie. */
  readonly maxAge: number;
  /** @default true */
  readonly httpOnly?: boolean;
  /** @default '/' (the whole site) */
  readonly path?: string;
}

/** A Set-Cookie value, SameSite=Lax, for the whole site unless a path is given. */
export function cookie(name: string, value: string, options: CookieOptions): string {
  return [
    `${name}=${value}`,
    `Path=${options.path ?? '/'}`,
    `Max-Age=${Math.max(0, Math.floor(options.maxAge))}`,
    'SameSite=Lax',
    ...(options.httpOnly === false ? [] : ['HttpOnly']),
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

/** The session cookie for a token, living as long as the token. */
export function sessionCookie(token: string, expiresAt: number, now: Date, secure: boolean): string {
  return cookie(SESSION_COOKIE, token, { secure, maxAge: expiresAt - now.getTime() / 1000 });
}

/**
 * The CSRF token of a session: an HMAC of the token's signature, which only the holder of the
 * HttpOnly cookie knows. Stateless, stable for the session, different for every session.
 */
export function csrfTokenFor(sessionToken: string): string {
  const signature = sessionToken.split('.')[2] ?? sessionToken;
  return createHmac('sha256', 'rppo-proposal-web csrf v1').update(signature).digest('base64url');
}

/** Whether a posted CSRF token belongs to this session (compared in constant time). */
export function csrfMatches(sessionToken: string, posted: string | undefined): boolean {
  if (!posted) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(posted);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
