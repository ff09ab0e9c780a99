/**
 * Local stand-in for the OAuth endpoints of Cognito's managed login, so that `/auth/sign-in` →
 * authorize → `/auth/callback` → token runs the web function's own code on one machine as on AWS:
 * `GET /local/oauth2/authorize` shows the "Sign in as" page and answers with a one-time code,
 * `POST /local/oauth2/token` trades it (with the PKCE S256 verifier) for an ID token signed by the
 * local key, `GET /local/logout` returns to the registered sign-out URL. Never deployed.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { LocalAuth, LocalRole } from './auth.ts';
import { roleOfChoice } from './auth.ts';
import { signInPage } from './sign-in-page.ts';

export const LOCAL_OAUTH_PREFIX = '/local';
const AUTHORIZE_PATH = `${LOCAL_OAUTH_PREFIX}/oauth2/authorize`;
const TOKEN_PATH = `${LOCAL_OAUTH_PREFIX}/oauth2/token`;
const LOGOUT_PATH = `${LOCAL_OAUTH_PREFIX}/logout`;
/** Cognito's authorization codes are valid for five minutes. */
const CODE_LIFETIME_MS = 5 * 60 * 1000;
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

const redirectTo = (location: string): LocalResponse => ({
  status: 302,
  headers: { Location: location, 'Cache-Control': 'no-store' },
});

/** The local authorization server; `handle` answers its paths and returns undefined for any other. */
export function createLocalOAuth(options: LocalOAuthOptions) {
  const codes = new Map<string, IssuedCode>();
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
      expiresAt: Date.now() + CODE_LIFETIME_MS,
    });
    const back = new URLSearchParams({ code, state: request.state ?? '' });
    return redirectTo(`${request.redirect_uri}?${back}`);
  }

  async function token(form: URLSearchParams): Promise<LocalResponse> {
    if (form.get('grant_type') !== 'authorization_code') {
      return tokenError('unsupported_grant_type', 'Only authorization_code is offered');
    }
    const code = form.get('code') ?? '';
    const issued = codes.get(code);
    // A code is good for one try, whatever its outcome (RFC 6749 §4.1.2).
    codes.delete(code);
    if (!issued || issued.expiresAt < Date.now()) {
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
    const idToken = await options.auth.sign(issued.login);
    // Cognito also returns an access token and a refresh token; the web function uses the ID token only.
    return {
      status: 200,
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
      body: JSON.stringify({ id_token: idToken, token_type: 'Bearer', expires_in: 8 * 60 * 60 }),
    };
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
      if (url.pathname === LOGOUT_PATH && method === 'GET') return logout(url.searchParams);
      return undefined;
    },
  };
}
