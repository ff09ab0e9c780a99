import { describe, expect, it } from 'vitest';
import { loadConfig } from '#config/config.ts';
import {
  authorizeUrl,
  decodePending,
  encodePending,
  isRefreshToken,
  logoutUrl,
  type OAuthConfig,
  type PendingSignIn,
  parseTokenResponse,
  pkceChallenge,
  randomToken,
  redirectUri,
  refreshRequest,
  revokeRequest,
  startSignIn,
  stateMatches,
  tokenRequest,
} from '#web/oauth.ts';

const config: OAuthConfig = {
  domain: 'https://rppo-prod-1a2b3c4d.auth.eu-west-1.amazoncognito.com',
  clientId: 'client123',
  // API Gateway's stage URL ends with a slash.
  baseUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/',
};

/** A pending sign-in with fixed random parts. */
function makePending(overrides: Partial<PendingSignIn> = {}): PendingSignIn {
  return {
    state: 'state-0123456789abcdef',
    verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    next: '/calls/abc',
    ...overrides,
  };
}

describe('pkceChallenge', () => {
  it('matches the S256 example of RFC 7636 Appendix B', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('draws verifiers of 43 unreserved characters, never twice the same', () => {
    const verifiers = Array.from({ length: 50 }, () => randomToken());
    for (const verifier of verifiers) expect(verifier).toMatch(/^[\w-]{43}$/);
    expect(new Set(verifiers).size).toBe(50);
  });
});

describe('startSignIn', () => {
  it('keeps a local path to return to', () => {
    expect(startSignIn('/calls/abc?x=1').next).toBe('/calls/abc?x=1');
  });

  it.each(['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)', undefined])(
    'refuses %j as the page to return to (open redirect): lands on /',
    (next) => {
      expect(startSignIn(next).next).toBe('/');
    },
  );

  it('draws a different state and verifier for every sign-in', () => {
    const [first, second] = [startSignIn('/'), startSignIn('/')];
    expect(first.state).not.toBe(second.state);
    expect(first.verifier).not.toBe(second.verifier);
    expect(first.state).not.toBe(first.verifier);
  });
});

describe('authorizeUrl', () => {
  it('asks the managed login for a code with PKCE S256, the state and the openid email scopes', () => {
    // act
    const url = new URL(authorizeUrl(config, makePending()));

    // assess
    expect(`${url.origin}${url.pathname}`).toBe(`${config.domain}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client123',
      redirect_uri: 'https://abc.execute-api.eu-west-1.amazonaws.com/auth/callback',
      scope: 'openid email',
      state: 'state-0123456789abcdef',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    // The verifier itself never leaves before the token request.
    expect(url.href).not.toContain(makePending().verifier);
  });
});

describe('tokenRequest', () => {
  it('trades the code with the verifier and the same redirect URI, without a client secret', () => {
    // act
    const { url, body } = tokenRequest(config, 'the-code', 'the-verifier');

    // assess
    expect(url).toBe(`${config.domain}/oauth2/token`);
    expect(Object.fromEntries(body)).toEqual({
      grant_type: 'authorization_code',
      client_id: 'client123',
      code: 'the-code',
      redirect_uri: redirectUri(config),
      code_verifier: 'the-verifier',
    });
  });

  it('reads the ID token of the answer, and refuses an answer without one', () => {
    expect(parseTokenResponse({ id_token: 'a.b.c', access_token: 'x', refresh_token: 'r' })).toEqual({
      idToken: 'a.b.c',
      refreshToken: 'r',
    });
    expect(parseTokenResponse({ access_token: 'x' })).toBeUndefined();
    expect(parseTokenResponse('not json')).toBeUndefined();
  });
});

describe('refreshRequest', () => {
  it('trades the refresh token at the token endpoint for the same public client, without a secret', () => {
    // act
    const { url, body } = refreshRequest(config, 'the-refresh-token');

    // assess
    expect(url).toBe(`${config.domain}/oauth2/token`);
    expect(Object.fromEntries(body)).toEqual({
      grant_type: 'refresh_token',
      client_id: 'client123',
      refresh_token: 'the-refresh-token',
    });
  });
});

describe('revokeRequest', () => {
  it('names the refresh token and the public client at the revocation endpoint', () => {
    // act
    const { url, body } = revokeRequest(config, 'the-refresh-token');

    // assess
    expect(url).toBe(`${config.domain}/oauth2/revoke`);
    expect(Object.fromEntries(body)).toEqual({ token: 'the-refresh-token', client_id: 'client123' });
  });
});

describe('isRefreshToken', () => {
  it.each([
    [
      'a JWE as Cognito issues',
      `eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIn0.${'a'.repeat(342)}.${'b'.repeat(22)}.${'c'.repeat(1200)}.${'d'.repeat(22)}`,
    ],
    ['a random base64url string', randomToken(48)],
  ])('accepts %s', (_, value) => {
    expect(isRefreshToken(value)).toBe(true);
  });

  it.each([
    ['nothing', undefined],
    ['an empty value', ''],
    ['a short value', 'abc'],
    ['a value with a space or a semicolon', `${'a'.repeat(40)} ;b`],
    ['a value over 4 KB', 'a'.repeat(4097)],
  ])('refuses %s', (_, value) => {
    expect(isRefreshToken(value)).toBe(false);
  });
});

describe('logoutUrl', () => {
  it('ends the managed login session and comes back to the site root', () => {
    const url = new URL(logoutUrl(config));
    expect(`${url.origin}${url.pathname}`).toBe(`${config.domain}/logout`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client123',
      logout_uri: 'https://abc.execute-api.eu-west-1.amazonaws.com/',
    });
  });
});

describe('the pending sign-in cookie', () => {
  it('round-trips as a cookie-safe value', () => {
    const pending = makePending();
    const value = encodePending(pending);
    expect(value).toMatch(/^[\w-]+$/);
    expect(decodePending(value)).toEqual(pending);
  });

  it('refuses missing, garbled or tampered values', () => {
    expect(decodePending(undefined)).toBeUndefined();
    expect(decodePending('not base64 json')).toBeUndefined();
    expect(decodePending(encodePending(makePending({ verifier: 'short' })))).toBeUndefined();
    expect(decodePending(Buffer.from('{"state":"x"}').toString('base64url'))).toBeUndefined();
  });

  it('turns a tampered return path into /', () => {
    const value = encodePending(makePending({ next: 'https://evil.example/' }));
    expect(decodePending(value)?.next).toBe('/');
  });
});

describe('stateMatches', () => {
  it('accepts the state this browser sent', () => {
    expect(stateMatches(makePending(), 'state-0123456789abcdef')).toBe(true);
  });

  it.each([
    ['another state', 'state-0123456789abcdeX'],
    ['a shorter state', 'state'],
    ['no state', undefined],
    ['an empty state', ''],
  ])('refuses %s', (_, received) => {
    expect(stateMatches(makePending(), received)).toBe(false);
  });

  it('refuses any state when no sign-in is pending in this browser', () => {
    expect(stateMatches(undefined, 'state-0123456789abcdef')).toBe(false);
  });
});

describe('loadConfig: the web sign-in variables', () => {
  const base = {
    TABLE_NAME: 't',
    DOCUMENTS_BUCKET: 'b',
    WEB_JWKS_URL: 'https://issuer.example/.well-known/jwks.json',
    WEB_ISSUER: 'https://issuer.example',
    WEB_AUDIENCE: 'client123',
  };
  const oauth = {
    WEB_OAUTH_DOMAIN: config.domain,
    WEB_CLIENT_ID: 'client123',
    WEB_BASE_URL: config.baseUrl,
  };

  it('signs in at /auth/sign-in when the OAuth variables are set', () => {
    const { web } = loadConfig({ ...base, ...oauth });
    expect(web?.signInUrl).toBe('/auth/sign-in');
    expect(web?.oauth).toEqual(config);
  });

  it('keeps WEB_SIGN_IN_URL without them', () => {
    const { web } = loadConfig({ ...base, WEB_SIGN_IN_URL: '/local/login' });
    expect(web?.signInUrl).toBe('/local/login');
    expect(web?.oauth).toBeUndefined();
  });

  it('names the missing variable when only some are set', () => {
    expect(() => loadConfig({ ...base, WEB_OAUTH_DOMAIN: config.domain, WEB_CLIENT_ID: 'c' })).toThrow(
      /WEB_BASE_URL must be set with WEB_OAUTH_DOMAIN, WEB_CLIENT_ID/,
    );
  });

  it('refuses the OAuth variables without the session check, or with another sign-in URL', () => {
    expect(() => loadConfig({ TABLE_NAME: 't', DOCUMENTS_BUCKET: 'b', ...oauth })).toThrow(
      /need WEB_JWKS_URL/,
    );
    expect(() => loadConfig({ ...base, ...oauth, WEB_SIGN_IN_URL: '/local/login' })).toThrow(
      /WEB_SIGN_IN_URL must be unset/,
    );
  });
});
