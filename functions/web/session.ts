/**
 * The web session: an HttpOnly, SameSite=Lax cookie (Secure over https) holding the Cognito ID token,
 * verified on every request against the issuer's published keys (JWKS), issuer and audience — the
 * checks the API's JWT authorizer makes, done in code because an HTTP API authorizer cannot read a
 * cookie. A second cookie keeps the refresh token that renews it (functions/web/renewal.ts). Every
 * form post carries a CSRF token derived from the session (docs/decisions/0001-web-session.md).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, errors, type JWTPayload, jwtVerify } from 'jose';
import type { WebConfig } from '#config/config.ts';
import { SIGN_IN_PATH } from './oauth.ts';

export const SESSION_COOKIE = 'rppo_session';
export const LANGUAGE_COOKIE = 'rppo_lang';
/** The refresh token of the sign-in, which renews the session when its ID token ends. */
export const REFRESH_COOKIE = 'rppo_refresh';
/**
 * Where the browser sends the refresh token, and nowhere else: the pages and form posts under
 * `/calls` (renewed in place, so a post goes through with what was typed), the sign-in (which renews
 * instead of asking for a password: the home page's way back) and sign-out (which revokes it). Not
 * `/`, `/assets`, `/language` nor the API under `/api`. One cookie per path, with the same value.
 */
export const REFRESH_COOKIE_PATHS = ['/calls', SIGN_IN_PATH, '/sign-out'] as const;
/** As long as the app client's refresh tokens live (`refreshTokenValidity` in infra/auth.ts). */
export const REFRESH_COOKIE_SECONDS = 30 * 24 * 60 * 60;
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

/** The refresh token cookies (one per path of REFRESH_COOKIE_PATHS); an empty value and 0 delete them. */
export function refreshCookies(value: string, secure: boolean, maxAge = REFRESH_COOKIE_SECONDS): string[] {
  return REFRESH_COOKIE_PATHS.map((path) => cookie(REFRESH_COOKIE, value, { secure, maxAge, path }));
}

/**
 * What identifies a sign-in across renewals: Cognito's `origin_jti` (random, the same in every ID
 * token the sign-in's refresh token issues), else the token's signature (a session without renewal).
 * Both are known only to the holder of the HttpOnly cookie.
 */
function signInSecretOf(sessionToken: string): string {
  try {
    const origin = decodeJwt(sessionToken).origin_jti;
    if (typeof origin === 'string' && origin.length >= 16) return `origin_jti ${origin}`;
  } catch {
    // Not a JWT: its signature part, as for any other token.
  }
  return sessionToken.split('.')[2] ?? sessionToken;
}

/**
 * The CSRF token of a session: an HMAC of a secret of its sign-in (see signInSecretOf), which only the
 * holder of the HttpOnly cookie knows. Stateless, stable for the sign-in — a form opened before the
 * session was renewed still posts — and different for every sign-in.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', 'rppo-proposal-web csrf v1')
    .update(signInSecretOf(sessionToken))
    .digest('base64url');
}

/** Whether a posted CSRF token belongs to this session (compared in constant time). */
export function csrfMatches(sessionToken: string, posted: string | undefined): boolean {
  if (!posted) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(posted);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
