/**
 * The pure parts of signing in through Cognito's managed login: the OAuth 2.0 authorization code flow
 * (RFC 6749) for a public client with PKCE S256 (RFC 7636) and a `state` bound to the browser by a
 * short-lived cookie, the refresh token grant that renews a session (RFC 6749 §6) and the revocation
 * of the refresh token at sign-out (RFC 7009). No network here: `functions/web/token-endpoint.ts`
 * makes the calls.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import type { OAuthConfig } from '#config/config.ts';
import { safeLocalPath } from './respond.ts';

export type { OAuthConfig } from '#config/config.ts';

/** Where a visitor without a session is sent; it starts the flow. */
export const SIGN_IN_PATH = '/auth/sign-in';
/** Where the authorization server sends the browser back with a code; registered with the client. */
export const CALLBACK_PATH = '/auth/callback';
/** The cookie holding the pending sign-in (state, verifier, next), sent only to the callback. */
export const SIGN_IN_COOKIE = 'rppo_sign_in';
/** Long enough to type a password and a TOTP code, short enough that a stale tab cannot finish. */
export const SIGN_IN_COOKIE_SECONDS = 10 * 60;
/** The ID token names the user (`sub`, `email`) and their groups; nothing else is asked for. */
export const SCOPES = 'openid email';

/** A sign-in in progress: what the callback must find again. */
export interface PendingSignIn {
  /** Random; returned unchanged by the authorization server, compared with the cookie's. */
  readonly state: string;
  /** Random; only its SHA-256 (the challenge) leaves the browser before the token request. */
  readonly verifier: string;
  /** The local path to land on once signed in. */
  readonly next: string;
}

/** A URL-safe random string of `bytes` random bytes (32 bytes: 43 characters, RFC 7636's minimum). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** The S256 code challenge of a verifier: BASE64URL(SHA256(ASCII(verifier))), RFC 7636 §4.2. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** A new pending sign-in that will land on `next` (anything but a local path becomes `/`). */
export function startSignIn(next: string | undefined, random: () => string = randomToken): PendingSignIn {
  return { state: random(), verifier: random(), next: safeLocalPath(next) };
}

/** `https://host` of a base URL, without the trailing slash API Gateway's stage URL has. */
const trimmed = (url: string) => url.replace(/\/+$/, '');

/** The redirect URI registered with the app client: `<base URL>/auth/callback`. */
export function redirectUri(config: OAuthConfig): string {
  return `${trimmed(config.baseUrl)}${CALLBACK_PATH}`;
}

/** The managed login page for this sign-in (`/oauth2/authorize`, code flow, PKCE S256). */
export function authorizeUrl(config: OAuthConfig, pending: PendingSignIn): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(config),
    scope: SCOPES,
    state: pending.state,
    code_challenge: pkceChallenge(pending.verifier),
    code_challenge_method: 'S256',
  });
  return `${trimmed(config.domain)}/oauth2/authorize?${query}`;
}

/** The token request that trades a code for tokens; a public client proves itself with the verifier. */
export function tokenRequest(
  config: OAuthConfig,
  code: string,
  verifier: string,
): { url: string; body: URLSearchParams } {
  return {
    url: `${trimmed(config.domain)}/oauth2/token`,
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: redirectUri(config),
      code_verifier: verifier,
    }),
  };
}

/** The token request that trades a refresh token for a new ID token, for the same public client. */
export function refreshRequest(
  config: OAuthConfig,
  refreshToken: string,
): { url: string; body: URLSearchParams } {
  return {
    url: `${trimmed(config.domain)}/oauth2/token`,
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: config.clientId,
      refresh_token: refreshToken,
    }),
  };
}

/** The revocation request that ends a refresh token (and the ID tokens it issued) at sign-out. */
export function revokeRequest(
  config: OAuthConfig,
  refreshToken: string,
): { url: string; body: URLSearchParams } {
  return {
    url: `${trimmed(config.domain)}/oauth2/revoke`,
    body: new URLSearchParams({ token: refreshToken, client_id: config.clientId }),
  };
}

/**
 * Whether a cookie value can be a refresh token: Cognito's is a JWE (five base64url parts, about
 * 1.8 KB), the local stand-in's a random string. Anything else is not worth a call to the token endpoint.
 */
export function isRefreshToken(value: string | undefined): value is string {
  return value !== undefined && /^[\w.-]{32,4096}$/.test(value);
}

/**
 * Cognito's `/logout`: ends its own session too (else the next sign-in would pass without a
 * password) and sends the browser to the registered sign-out URL, the site's root.
 */
export function logoutUrl(config: OAuthConfig): string {
  const query = new URLSearchParams({
    client_id: config.clientId,
    logout_uri: `${trimmed(config.baseUrl)}/`,
  });
  return `${trimmed(config.domain)}/logout?${query}`;
}

const pendingSchema = z.strictObject({
  state: z.string().regex(/^[\w-]{16,128}$/),
  verifier: z.string().regex(/^[\w.~-]{43,128}$/),
  next: z.string(),
});

/** The pending sign-in as a cookie value (base64url JSON: no `;`, `,` or spaces). */
export function encodePending(pending: PendingSignIn): string {
  return Buffer.from(JSON.stringify(pending)).toString('base64url');
}

/** The pending sign-in of a cookie value, or undefined when it is missing or was tampered with. */
export function decodePending(value: string | undefined): PendingSignIn | undefined {
  if (!value) return undefined;
  try {
    const parsed = pendingSchema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? { ...parsed.data, next: safeLocalPath(parsed.data.next) } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the `state` that came back is the one this browser sent (compared in constant time). */
export function stateMatches(pending: PendingSignIn | undefined, received: string | undefined): boolean {
  if (!pending || !received) return false;
  const expected = Buffer.from(pending.state);
  const given = Buffer.from(received);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

const tokenResponseSchema = z.object({
  id_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
});

/** The ID token (and refresh token, when given) of a successful token response. */
export function parseTokenResponse(body: unknown): { idToken: string; refreshToken?: string } | undefined {
  const parsed = tokenResponseSchema.safeParse(body);
  return parsed.success
    ? { idToken: parsed.data.id_token, refreshToken: parsed.data.refresh_token }
    : undefined;
}
