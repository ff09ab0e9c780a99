/**
 * Local stand-in for the OAuth endpoints of Cognito's managed login, so that `/auth/sign-in` →
 * authorize → `/auth/callback` → token runs the web function's own code on one machine as on AWS:
 * `GET /local/oauth2/authorize` shows the "Sign in as" page and answers with a one-time code,
 * `POST /local/oauth2/token` trades it (with the PKCE S256 verifier) for an ID token signed by the
 * local key and a refresh token, and trades that refresh token for new ID tokens (same `origin_jti`,
 * no new refresh token: Cognito without rotation), `POST /local/oauth2/revoke` ends a refresh token,
 * `GET /local/logout` returns to the registered sign-out URL. Never deployed; tokens live in memory.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { LocalAuth, LocalRole } from './auth.ts';
import { roleOfChoice } from './auth.ts';
import { signInPage } from './sign-in-page.ts';

export const LOCAL_OAUTH_PREFIX = '/local';
const AUTHORIZE_PATH = `${LOCAL_OAUTH_PREFIX}/oauth2/authorize`;
const TOKEN_PATH = `${LOCAL_OAUTH_PREFIX}/oauth2/token`;
const REVOKE_PATH = `${LOCAL_OAUTH_PREFIX}/oauth2/revoke`;
const LOGOUT_PATH = `${LOCAL_OAUTH_PREFIX}/logout`;
/** Cognito's authorization codes are valid for five minutes. */
const CODE_LIFETIME_MS = 5 * 60 * 1000;
/** The app client's refresh token lifetime (`refreshTokenValidity` in infra/auth.ts). */
const REFRESH_TOKEN_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
/** The app client's ID token lifetime, announced as `expires_in`. */
const ID_TOKEN_LIFETIME_SECONDS = 8 * 60 * 60;
/** The parameters of an authorization request that the sign-in form carries through. */
const AUTHORIZE_PARAMETERS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
] as const;

export interface LocalOAuthOptions {
  readonly auth: LocalAuth;
  /** The one app client: the audience of the ID tokens. */
  readonly clientId: string;
  /** The site's base URL (known once the server listens): callback `<it>/auth/callback`, sign-out `<it>/`. */
  readonly baseUrl: () => string;
  /** When codes and refresh tokens expire. @default () => new Date() */
  readonly clock?: () => Date;
}

export interface LocalResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

interface IssuedCode {
  readonly login: LocalRole;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly expiresAt: number;
}

/** Issued to the one client, like every code here: the client is checked against `clientId`. */
interface IssuedRefreshToken {
  readonly login: LocalRole;
  /** Put in every ID token this refresh token issues, as Cognito does. */
  readonly originJti: string;
  readonly expiresAt: number;
}

const HTML = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' };

const plainError = (status: number, message: string): LocalResponse => ({
  status,
  headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  body: message,
});

/** An OAuth error of the token endpoint (RFC 6749 §5.2). */
const tokenError = (error: string, description: string): LocalResponse => ({
  status: 400,
  headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  body: JSON.stringify({ error, error_description: description }),
});

const tokenAnswer = (tokens: Record<string, string | number>): LocalResponse => ({
  status: 200,
  headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  body: JSON.stringify({ ...tokens, token_type: 'Bearer', expires_in: ID_TOKEN_LIFETIME_SECONDS }),
});

const redirectTo = (location: string): LocalResponse => ({
  status: 302,
  headers: { Location: location, 'Cache-Control': 'no-store' },
});

/** The local authorization server; `handle` answers its paths and returns undefined for any other. */
export function createLocalOAuth(options: LocalOAuthOptions) {
  const codes = new Map<string, IssuedCode>();
  const refreshTokens = new Map<string, IssuedRefreshToken>();
  const now = () => (options.clock ?? (() => new Date()))().getTime();
  const registeredCallback = () => `${options.baseUrl()}/auth/callback`;

  type Checked = { ok: true; request: Record<string, string> } | { ok: false; response: LocalResponse };

  /** Checks an authorization request as Cognito does; never redirects to an unregistered URI. */
  function checkAuthorizeRequest(parameters: URLSearchParams): Checked {
    const request = Object.fromEntries(
      AUTHORIZE_PARAMETERS.map((name) => [name, parameters.get(name) ?? '']),
    );
    if (request.client_id !== options.clientId) {
      return { ok: false, response: plainError(400, 'Unknown client_id') };
    }
    if (request.redirect_uri !== registeredCallback()) {
      return { ok: false, response: plainError(400, 'redirect_uri is not a callback URL of this client') };
    }
    const problem =
      request.response_type !== 'code'
        ? 'unsupported_response_type'
        : !request.scope?.split(' ').includes('openid') ||
            request.code_challenge_method !== 'S256' ||
            !/^[\w-]{43}$/.test(request.code_challenge ?? '') ||
            !request.state
          ? 'invalid_request'
          : undefined;
    if (problem) {
      const back = new URLSearchParams({ error: problem, state: request.state ?? '' });
      return { ok: false, response: redirectTo(`${request.redirect_uri}?${back}`) };
    }
    return { ok: true, request };
  }

  function authorizePage(query: URLSearchParams, problem?: string): LocalResponse {
    const checked = checkAuthorizeRequest(query);
    if (!checked.ok) return checked.response;
    return {
      status: problem ? 400 : 200,
      headers: HTML,
      body: signInPage({ action: AUTHORIZE_PATH, hidden: checked.request }, problem),
    };
  }

  /** The "Sign in" button: a one-time code bound to the client, the callback and the challenge. */
  function authorize(form: URLSearchParams): LocalResponse {
    const checked = checkAuthorizeRequest(form);
    if (!checked.ok) return checked.response;
    const login = roleOfChoice(form.get('who'));
    if (!login) return authorizePage(form, 'Choose whom to sign in as');
    const { request } = checked;
    const code = randomBytes(32).toString('base64url');
    codes.set(code, {
      login,
      clientId: request.client_id ?? '',
      redirectUri: request.redirect_uri ?? '',
      challenge: request.code_challenge ?? '',
      expiresAt: now() + CODE_LIFETIME_MS,
    });
    const back = new URLSearchParams({ code, state: request.state ?? '' });
    return redirectTo(`${request.redirect_uri}?${back}`);
  }

  async function token(form: URLSearchParams): Promise<LocalResponse> {
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') return codeGrant(form);
    if (grant === 'refresh_token') return refreshGrant(form);
    return tokenError('unsupported_grant_type', 'Only authorization_code and refresh_token are offered');
  }

  async function codeGrant(form: URLSearchParams): Promise<LocalResponse> {
    const code = form.get('code') ?? '';
    const issued = codes.get(code);
    // A code is good for one try, whatever its outcome (RFC 6749 §4.1.2).
    codes.delete(code);
    if (!issued || issued.expiresAt < now()) {
      return tokenError('invalid_grant', 'Unknown, used or expired code');
    }
    if (form.get('client_id') !== issued.clientId || form.get('redirect_uri') !== issued.redirectUri) {
      return tokenError('invalid_grant', 'The code was issued to another client or callback');
    }
    const verifier = form.get('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier, 'ascii').digest('base64url');
    if (!/^[\w.~-]{43,128}$/.test(verifier) || challenge !== issued.challenge) {
      return tokenError('invalid_grant', 'The code_verifier does not match the code_challenge');
    }
    const originJti = randomUUID();
    const refreshToken = randomBytes(48).toString('base64url');
    refreshTokens.set(refreshToken, {
      login: issued.login,
      originJti,
      expiresAt: now() + REFRESH_TOKEN_LIFETIME_MS,
    });
    const idToken = await options.auth.sign(issued.login, { originJti });
    // Cognito also returns an access token; the web function uses the ID and refresh tokens only.
    return tokenAnswer({ id_token: idToken, refresh_token: refreshToken });
  }

  /** A new ID token for a refresh token this server issued, has not revoked and is not too old. */
  async function refreshGrant(form: URLSearchParams): Promise<LocalResponse> {
    if (form.get('client_id') !== options.clientId) return tokenError('invalid_client', 'Unknown client_id');
    const refreshToken = form.get('refresh_token') ?? '';
    const issued = refreshTokens.get(refreshToken);
    if (issued && issued.expiresAt < now()) refreshTokens.delete(refreshToken);
    if (!issued || issued.expiresAt < now()) {
      return tokenError('invalid_grant', 'Unknown, revoked or expired refresh token');
    }
    return tokenAnswer({ id_token: await options.auth.sign(issued.login, { originJti: issued.originJti }) });
  }

  /** Ends a refresh token; an unknown one is answered 200 too (RFC 7009 §2.2). */
  function revoke(form: URLSearchParams): LocalResponse {
    const refreshToken = form.get('token');
    if (!refreshToken) return tokenError('invalid_request', 'token is required');
    if (form.get('client_id') !== options.clientId) return tokenError('invalid_client', 'Unknown client_id');
    refreshTokens.delete(refreshToken);
    return { status: 200, headers: { 'Cache-Control': 'no-store' } };
  }

  function logout(query: URLSearchParams): LocalResponse {
    if (query.get('client_id') !== options.clientId) return plainError(400, 'Unknown client_id');
    const target = query.get('logout_uri');
    if (target !== `${options.baseUrl()}/`) {
      return plainError(400, 'logout_uri is not a sign-out URL of this client');
    }
    return redirectTo(target);
  }

  return {
    async handle(method: string, url: URL, body: Buffer): Promise<LocalResponse | undefined> {
      const form = () => new URLSearchParams(body.toString('utf8'));
      if (url.pathname === AUTHORIZE_PATH && method === 'GET') return authorizePage(url.searchParams);
      if (url.pathname === AUTHORIZE_PATH && method === 'POST') return authorize(form());
      if (url.pathname === TOKEN_PATH && method === 'POST') return token(form());
      if (url.pathname === REVOKE_PATH && method === 'POST') return revoke(form());
      if (url.pathname === LOGOUT_PATH && method === 'GET') return logout(url.searchParams);
      return undefined;
    },
  };
}
