/**
 * Renewing a web session whose ID token has ended, or is about to, with the sign-in's refresh token
 * (docs/decisions/0001-web-session.md): trade it at the token endpoint, verify the new ID token like
 * every session, and let the request carry on under it — a form post is then saved as if the session
 * had never ended. A refused refresh token (expired, revoked, unknown) is deleted from the browser;
 * an unreachable token endpoint leaves it for the next request. Either way the request goes on
 * without a session, as it did before renewal existed.
 */
import type { JWTPayload } from 'jose';
import { log } from '#http/log.ts';
import { isRefreshToken } from './oauth.ts';
import { refreshCookies, type SessionVerifier, sessionCookie } from './session.ts';
import type { TokenEndpoint } from './token-endpoint.ts';

/**
 * A session with less left than this is renewed on the way: the page it gets is then good for as
 * long as a fresh one, and the pages outside `/calls`, which do not receive the refresh token, too.
 */
export const RENEW_BEFORE_SECONDS = 5 * 60;

/** Whether a session is due for renewal: there is none (absent, ended, refused), or it ends soon. */
export function renewalDue(claims: JWTPayload | undefined, now: Date): boolean {
  if (!claims?.sub || claims.exp === undefined) return true;
  return claims.exp - now.getTime() / 1000 < RENEW_BEFORE_SECONDS;
}

/** A renewal's result, with the Set-Cookie values the response must carry either way. */
export type Renewal =
  | {
      readonly kind: 'renewed';
      readonly token: string;
      readonly claims: JWTPayload;
      readonly cookies: readonly string[];
    }
  | { readonly kind: 'failed'; readonly cookies: readonly string[] };

export interface RenewalRequest {
  /** The value of the refresh token cookie, as the browser sent it. */
  readonly refreshToken: string;
  /** The claims of the session being renewed, while it is still valid (renewed before it ends). */
  readonly current: JWTPayload | undefined;
  /** Whether the request came over https: the cookies are then Secure. */
  readonly secure: boolean;
  readonly requestId: string;
}

export interface SessionRenewalDependencies {
  readonly tokenEndpoint: TokenEndpoint;
  readonly sessions: SessionVerifier;
  /** @default () => new Date() */
  readonly clock?: () => Date;
}

export type RenewSession = (request: RenewalRequest) => Promise<Renewal>;

/** Renews sessions at the token endpoint. Log lines name outcomes and subjects, never a token. */
export function createSessionRenewal(deps: SessionRenewalDependencies): RenewSession {
  const clock = deps.clock ?? (() => new Date());
  return async ({ refreshToken, current, secure, requestId }) => {
    const forget = refreshCookies('', secure, 0);
    if (!isRefreshToken(refreshToken)) {
      log('info', { requestId, message: 'session not renewed', reason: 'not a refresh token' });
      return { kind: 'failed', cookies: forget };
    }
    const outcome = await deps.tokenEndpoint.refresh(refreshToken);
    if (outcome.kind === 'refused') {
      // Expired, revoked or unknown: it will never work again, so the browser stops sending it.
      log('info', { requestId, message: 'session not renewed', reason: outcome.error });
      return { kind: 'failed', cookies: forget };
    }
    if (outcome.kind === 'unavailable') {
      // Kept: the next request tries again.
      log('warn', {
        requestId,
        message: 'session not renewed: token endpoint unavailable',
        reason: outcome.reason,
      });
      return { kind: 'failed', cookies: [] };
    }
    const { idToken, refreshToken: rotated } = outcome.tokens;
    const claims = await deps.sessions.verify(idToken);
    if (!claims?.sub || claims.exp === undefined) {
      log('warn', { requestId, message: 'session not renewed: the new ID token was refused' });
      return { kind: 'failed', cookies: [] };
    }
    if (current?.sub !== undefined && current.sub !== claims.sub) {
      // The browser holds a valid session of someone else (signed in again another way): keep it.
      log('warn', { requestId, message: 'session not renewed: the refresh token is another person’s' });
      return { kind: 'failed', cookies: [] };
    }
    log('info', { requestId, message: 'session renewed', subject: claims.sub });
    return {
      kind: 'renewed',
      token: idToken,
      claims,
      cookies: [
        sessionCookie(idToken, claims.exp, clock(), secure),
        // Cognito answers with a refresh token only when it rotates them; the old one then ends.
        ...(isRefreshToken(rotated) ? refreshCookies(rotated, secure) : []),
      ],
    };
  };
}
