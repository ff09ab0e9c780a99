/**
 * Signing in through Cognito's managed login (docs/decisions/0001-web-session.md): `GET /auth/sign-in`
 * sends the browser to `/oauth2/authorize` with a fresh `state` and PKCE verifier kept in a cookie
 * only the callback receives; `GET /auth/callback` checks the state, trades the code for tokens at
 * `/oauth2/token` and turns the ID token, verified like every session, into the session cookie, and
 * keeps the refresh token in its own cookies. A visitor whose session can be renewed never gets to
 * the sign-in page: `/auth/sign-in` receives the refresh token, and the renewed session sends it back.
 */
import { DomainError, NotFoundError } from '#domain/errors.ts';
import type { HttpResponse } from '#http/responses.ts';
import {
  authorizeUrl,
  CALLBACK_PATH,
  decodePending,
  encodePending,
  isRefreshToken,
  type OAuthConfig,
  SIGN_IN_COOKIE,
  SIGN_IN_COOKIE_SECONDS,
  startSignIn,
  stateMatches,
} from './oauth.ts';
import type { WebAction } from './pages.ts';
import { redirect, safeLocalPath } from './respond.ts';
import { cookie, readCookies, refreshCookies, type SessionVerifier, sessionCookie } from './session.ts';
import { createTokenEndpoint, errorCode, type TokenEndpoint } from './token-endpoint.ts';

/** The sign-in cannot finish (state, code or token refused): the visitor may simply start again. */
export class SignInFailedError extends DomainError {
  readonly status = 400;
  readonly title = 'Sign-in failed';
}

export interface SignInDependencies {
  /** Absent: the pages use another sign-in (WEB_SIGN_IN_URL) and these routes answer 404. */
  readonly oauth: OAuthConfig | undefined;
  readonly sessions: SessionVerifier;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/** The sign-in and callback pages. */
export function createSignInActions(deps: SignInDependencies) {
  const notConfigured = () => new NotFoundError('Sign-in through an authorization server is not configured');
  const tokenEndpoint = deps.oauth && createTokenEndpoint(deps.oauth, deps.fetch);
  const oauthOf = (): OAuthConfig => {
    if (!deps.oauth) throw notConfigured();
    return deps.oauth;
  };
  const tokenEndpointOf = (): TokenEndpoint => {
    if (!tokenEndpoint) throw notConfigured();
    return tokenEndpoint;
  };

  const pendingCookie = (value: string, secure: boolean, maxAge: number) =>
    cookie(SIGN_IN_COOKIE, value, { secure, maxAge, path: CALLBACK_PATH });

  /** Trades the code for tokens; a refused code or verifier is the visitor's problem (400), not ours. */
  async function exchange(tokens: TokenEndpoint, code: string, verifier: string) {
    const outcome = await tokens.exchangeCode(code, verifier);
    if (outcome.kind === 'refused') {
      throw new SignInFailedError(`The token endpoint refused the code (${outcome.error})`);
    }
    if (outcome.kind === 'unavailable') {
      // What fetch threw tells an outage (503) from a fault (500); else the answer was unusable.
      throw outcome.error ?? new Error(`The token endpoint gave no usable answer (${outcome.reason})`);
    }
    return outcome.tokens;
  }

  const signIn: WebAction = async (context) => {
    const oauth = oauthOf();
    const next = context.event.queryStringParameters?.next;
    // Signed in already (a back button, a second tab): no need to see the sign-in page again.
    if (context.session) return redirect(safeLocalPath(next));
    const pending = startSignIn(next);
    return redirect(authorizeUrl(oauth, pending), {
      status: 302,
      cookies: [pendingCookie(encodePending(pending), context.secure, SIGN_IN_COOKIE_SECONDS)],
    });
  };

  const callback: WebAction = async (context): Promise<HttpResponse> => {
    const endpoint = tokenEndpointOf();
    const query = context.event.queryStringParameters ?? {};
    const pending = decodePending(readCookies(context.event).get(SIGN_IN_COOKIE));
    // A callback this browser did not start (login CSRF), or one that came back too late.
    if (!pending || !stateMatches(pending, query.state)) {
      throw new SignInFailedError('This sign-in did not start in this browser, or took too long');
    }
    if (query.error) throw new SignInFailedError(`The sign-in page answered ${errorCode(query.error)}`);
    if (!query.code) throw new SignInFailedError('The sign-in page sent no authorization code');
    const tokens = await exchange(endpoint, query.code, pending.verifier);
    const claims = await deps.sessions.verify(tokens.idToken);
    if (!claims?.sub || claims.exp === undefined) {
      throw new SignInFailedError('The ID token of the sign-in was refused');
    }
    // The refresh token renews the session when the ID token ends (functions/web/renewal.ts).
    return redirect(pending.next, {
      cookies: [
        sessionCookie(tokens.idToken, claims.exp, new Date(), context.secure),
        ...(isRefreshToken(tokens.refreshToken) ? refreshCookies(tokens.refreshToken, context.secure) : []),
        pendingCookie('', context.secure, 0),
      ],
    });
  };

  return { signIn, callback };
}
