/**
 * The calls to the authorization server (Cognito's domain, locally its stand-in): `/oauth2/token` for
 * the authorization code and refresh token grants, `/oauth2/revoke` at sign-out. A refusal (400/401:
 * a used code, a revoked refresh token) is an answer, not a fault; an unreachable or failing server
 * is told apart so that callers can fall back. Tokens never reach an error message or a log line.
 */
import type { OAuthConfig } from '#config/config.ts';
import { parseTokenResponse, refreshRequest, revokeRequest, tokenRequest } from './oauth.ts';

/** Cognito answers in well under a second; a stuck request must end well before the 28 s timeout. */
const TIMEOUT_MS = 5000;

export interface Tokens {
  readonly idToken: string;
  /** Given by the code grant; the refresh grant gives one only when Cognito rotates refresh tokens. */
  readonly refreshToken?: string;
}

/** What the token endpoint made of a grant. */
export type GrantOutcome =
  | { readonly kind: 'tokens'; readonly tokens: Tokens }
  /** The code or refresh token is unknown, used, expired or revoked: `error` is the OAuth error code. */
  | { readonly kind: 'refused'; readonly error: string }
  /**
   * No answer, a timeout, a 5xx or an answer without an ID token: worth trying again later. `reason`
   * is fit for a log line; `error` is what fetch threw, if it threw.
   */
  | { readonly kind: 'unavailable'; readonly reason: string; readonly error?: unknown };

export interface TokenEndpoint {
  /** Trades an authorization code and its PKCE verifier (the sign-in's callback). */
  exchangeCode(code: string, verifier: string): Promise<GrantOutcome>;
  /** Trades a refresh token for a new ID token (a session's renewal). */
  refresh(refreshToken: string): Promise<GrantOutcome>;
  /** Revokes a refresh token and the tokens it issued (sign-out); true when the server confirmed it. */
  revoke(refreshToken: string): Promise<boolean>;
}

/** An OAuth error code (`invalid_grant`) is safe to show and log; any other text from outside is not. */
export function errorCode(value: unknown): string {
  return typeof value === 'string' && /^\w{1,40}$/.test(value) ? value : 'an error';
}

/** A reason to log for a request that got no usable answer: the error's name and code, never its text. */
function failureReason(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown';
  const cause = (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof cause === 'string' ? `${error.name} ${errorCode(cause)}` : error.name;
}

export function createTokenEndpoint(oauth: OAuthConfig, fetcher: typeof fetch = fetch): TokenEndpoint {
  async function post(request: { url: string; body: URLSearchParams }): Promise<Response> {
    return fetcher(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: request.body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  }

  async function grant(request: { url: string; body: URLSearchParams }): Promise<GrantOutcome> {
    let response: Response;
    try {
      response = await post(request);
    } catch (error) {
      return { kind: 'unavailable', reason: failureReason(error), error };
    }
    if (response.status === 400 || response.status === 401) {
      const answer = (await response.json().catch(() => ({}))) as { error?: unknown };
      return { kind: 'refused', error: errorCode(answer.error) };
    }
    if (!response.ok) return { kind: 'unavailable', reason: `status ${response.status}` };
    const tokens = parseTokenResponse(await response.json().catch(() => undefined));
    return tokens ? { kind: 'tokens', tokens } : { kind: 'unavailable', reason: 'no ID token in the answer' };
  }

  return {
    exchangeCode: (code, verifier) => grant(tokenRequest(oauth, code, verifier)),
    refresh: (refreshToken) => grant(refreshRequest(oauth, refreshToken)),
    async revoke(refreshToken) {
      try {
        return (await post(revokeRequest(oauth, refreshToken))).ok;
      } catch {
        return false;
      }
    },
  };
}
