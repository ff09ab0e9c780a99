/**
 * Signing in through Cognito's managed login (docs/decisions/0001-web-session.md): `GET /auth/sign-in`
 * sends the browser to `/oauth2/authorize` with a fresh `state` and PKCE verifier kept in a cookie
 * only the callback receives; `GET /auth/callback` checks the state, trades the code for tokens at
 * `/oauth2/token` and turns the ID token, verified like every session, into the session cookie.
 */
import { DomainError, NotFoundError } from '#domain/errors.ts';
import type { HttpResponse } from '#http/responses.ts';
import {
  authorizeUrl,
  CALLBACK_PATH,
  decodePending,
  encodePending,
  type OAuthConfig,
  parseTokenResponse,
  SIGN_IN_COOKIE,
  SIGN_IN_COOKIE_SECONDS,
  startSignIn,
  stateMatches,
  tokenRequest,
} from './oauth.ts';
import type { WebAction } from './pages.ts';
import { redirect, safeLocalPath } from './respond.ts';
import { cookie, readCookies, type SessionVerifier, sessionCookie } from './session.ts';

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

/** Cognito answers in well under a second; a stuck token request must end before the 28 s timeout. */
const TOKEN_TIMEOUT_MS = 5000;

/** The sign-in and callback pages. */
export function createSignInActions(deps: SignInDependencies) {
  const oauthOf = (): OAuthConfig => {
    if (!deps.oauth) throw new NotFoundError('Sign-in through an authorization server is not configured');
    return deps.oauth;
  };

  const pendingCookie = (value: string, secure: boolean, maxAge: number) =>
    cookie(SIGN_IN_COOKIE, value, { secure, maxAge, path: CALLBACK_PATH });

  /** Trades the code for tokens; a refused code or verifier is the visitor's problem (400), not ours. */
  async function exchange(oauth: OAuthConfig, code: string, verifier: string) {
    const { url, body } = tokenRequest(oauth, code, verifier);
    const response = await (deps.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
    });
    if (response.status === 400 || response.status === 401) {
      const answer = (await response.json().catch(() => ({}))) as { error?: unknown };
      throw new SignInFailedError(`The token endpoint refused the code (${errorCode(answer.error)})`);
    }
    if (!response.ok) throw new Error(`The token endpoint answered ${response.status}`);
    const tokens = parseTokenResponse(await response.json());
    if (!tokens) throw new Error('The token endpoint answered without an ID token');
    return tokens;
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
    const oauth = oauthOf();
    const query = context.event.queryStringParameters ?? {};
    const pending = decodePending(readCookies(context.event).get(SIGN_IN_COOKIE));
    // A callback this browser did not start (login CSRF), or one that came back too late.
    if (!pending || !stateMatches(pending, query.state)) {
      throw new SignInFailedError('This sign-in did not start in this browser, or took too long');
    }
    if (query.error) throw new SignInFailedError(`The sign-in page answered ${errorCode(query.error)}`);
    if (!query.code) throw new SignInFailedError('The sign-in page sent no authorization code');
    const tokens = await exchange(oauth, query.code, pending.verifier);
    const claims = await deps.sessions.verify(tokens.idToken);
    if (!claims?.sub || claims.exp === undefined) {
      throw new SignInFailedError('The ID token of the sign-in was refused');
    }
    // The refresh token is not kept: the ID token lives 8 hours, a working day (see the ADR).
    return redirect(pending.next, {
      cookies: [
        sessionCookie(tokens.idToken, claims.exp, new Date(), context.secure),
        pendingCookie('', context.secure, 0),
      ],
    });
  };

  return { signIn, callback };
}

/** An OAuth error code (`invalid_grant`) is safe to show; any other text from outside is not. */
function errorCode(value: unknown): string {
  return typeof value === 'string' && /^\w{1,40}$/.test(value) ? value : 'an error';
}
