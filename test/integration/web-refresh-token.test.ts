/**
 * The refresh token behind https, in the logs, and with an unreachable token endpoint: the web
 * function called in this process (events as API Gateway sends them over https), its token
 * endpoint and key set being the local server's stand-in of Cognito's managed login.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent } from '#http/request.ts';
import type { HttpResponse } from '#http/responses.ts';
import { loadWebTemplates } from '#web/render.ts';
import { createSessionVerifier } from '#web/session.ts';
import { createWebHandler } from '../../functions/web.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../local/auth.ts';
import { apiUrl, createCall } from '../support/api.ts';
import { testDependencies } from '../support/dependencies.ts';
import { captureLogLines } from '../support/logs.ts';
import { authorize, Browser, csrfOf, signInThroughManagedLogin } from '../support/web-browser.ts';

const FORM_ROUTE = 'POST /calls/{callId}/forms/{rppo}/{form}';

/** The web function as deployed, with the token endpoint reached through `fetcher`. */
function webHandler(fetcher: typeof fetch = fetch) {
  return createWebHandler({
    ...testDependencies(),
    sessions: createSessionVerifier({
      jwksUrl: apiUrl('/local/jwks.json'),
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
    }),
    templates: loadWebTemplates(),
    web: {
      signInUrl: '/auth/sign-in',
      oauth: { domain: apiUrl('/local'), clientId: LOCAL_AUDIENCE, baseUrl: apiUrl() },
    },
    fetch: fetcher,
  });
}

/** A token endpoint that cannot be reached (the JWKS, fetched by jose itself, still can). */
const unreachable: typeof fetch = async () => {
  throw new TypeError('fetch failed', {
    cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
  });
};

let requests = 0;

/** An API Gateway (payload 2.0) event for a web page; over https unless told otherwise. */
function webEvent(input: {
  routeKey: string;
  path: string;
  pathParameters?: Record<string, string>;
  query?: URLSearchParams;
  cookies?: string[];
  form?: [string, string][];
  https?: boolean;
}): ApiEvent {
  const [method = 'GET'] = input.routeKey.split(' ');
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: input.path,
    rawQueryString: input.query?.toString() ?? '',
    cookies: input.cookies,
    headers: {
      'x-forwarded-proto': input.https === false ? 'http' : 'https',
      ...(input.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    queryStringParameters: input.query ? Object.fromEntries(input.query) : undefined,
    pathParameters: input.pathParameters,
    body: input.form ? new URLSearchParams(input.form).toString() : undefined,
    isBase64Encoded: false,
    requestContext: {
      requestId: `web-${++requests}`,
      routeKey: input.routeKey,
      http: { method, path: input.path },
    },
  } as unknown as ApiEvent;
}

const refreshCookiesOf = (response: HttpResponse) =>
  (response.cookies ?? []).filter((value) => value.startsWith('rppo_refresh='));

let callId: string;

beforeAll(async () => {
  callId = await createCall();
});

/** A post of the implementation support form of `rppo` carrying only the refresh token. */
function formPost(rppo: string, refreshToken: string, csrf: string, description: string, https = true) {
  const path = `/calls/${callId}/forms/${rppo}/implementation-support`;
  return webEvent({
    routeKey: FORM_ROUTE,
    path,
    pathParameters: { callId, rppo, form: 'implementation-support' },
    cookies: [`rppo_refresh=${refreshToken}`],
    form: [
      ['csrf', csrf],
      ['version', ''],
      ['commitments.0', ''],
      ['commitments.0.description', description],
      ['action', 'save'],
    ],
    https,
  });
}

/** Signs `who` in through the local managed login and returns the refresh token and a CSRF token. */
async function signedIn(who: string) {
  const browser = new Browser();
  await signInThroughManagedLogin(browser, '/', who);
  return {
    browser,
    refreshToken: browser.get('rppo_refresh') ?? '',
    csrf: csrfOf((await browser.go('/')).text),
  };
}

describe('the refresh token behind https', () => {
  it('is set, renewed and deleted only in Secure cookies, so that it never goes to an http URL', async () => {
    // prepare: a sign-in whose callback reaches the function over https
    const handler = webHandler();
    const browser = new Browser();
    const { callbackUrl } = await authorize(browser, '/', 'rppo:NEPPO');
    const callbackQuery = new URL(callbackUrl).searchParams;

    // act
    const callback = await handler(
      webEvent({
        routeKey: 'GET /auth/callback',
        path: '/auth/callback',
        query: callbackQuery,
        cookies: [`rppo_sign_in=${browser.get('rppo_sign_in')}`],
      }),
    );
    const refreshToken = /^rppo_refresh=([^;]+)/.exec(refreshCookiesOf(callback)[0] ?? '')?.[1] ?? '';
    const renewed = await handler(
      webEvent({
        routeKey: 'GET /calls/{callId}/forms/{rppo}/{form}',
        path: `/calls/${callId}/forms/NEPPO/implementation-support`,
        pathParameters: { callId, rppo: 'NEPPO', form: 'implementation-support' },
        cookies: [`rppo_refresh=${refreshToken}`],
      }),
    );
    const refused = await handler(formPost('NEPPO', 'r'.repeat(64), 'x', 'refused'));
    const signOut = await handler(
      webEvent({
        routeKey: 'POST /sign-out',
        path: '/sign-out',
        cookies: [`rppo_refresh=${refreshToken}`],
        form: [],
      }),
    );
    const overHttp = await handler(
      webEvent({
        routeKey: 'POST /sign-out',
        path: '/sign-out',
        form: [],
        https: false,
      }),
    );

    // assess
    expect(callback.statusCode).toBe(303);
    expect(refreshCookiesOf(callback)).toHaveLength(3);
    expect(renewed.statusCode).toBe(200);
    expect(renewed.cookies).toEqual([expect.stringMatching(/^rppo_session=[^;]+; .*; Secure$/)]);
    expect(refreshCookiesOf(refused)).toHaveLength(3);
    expect(refreshCookiesOf(signOut)).toHaveLength(3);
    for (const value of [callback, refused, signOut].flatMap(refreshCookiesOf)) {
      expect(value).toMatch(/; HttpOnly; Secure$/);
    }
    // The local server speaks http: there the cookies cannot be Secure, or the browser would drop them.
    expect(refreshCookiesOf(overHttp)).toHaveLength(3);
    for (const value of refreshCookiesOf(overHttp)) expect(value).not.toContain('Secure');
  });
});

describe('an unreachable token endpoint', () => {
  it('leaves the session ended but keeps the refresh token and what the form post carried', async () => {
    // prepare
    const { refreshToken, csrf } = await signedIn('rppo:IAPSC');

    // act
    const response = await webHandler(unreachable)(
      formPost('IAPSC', refreshToken, csrf, 'Kept while Cognito is away'),
    );

    // assess
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('Sign in again to send this form');
    expect(response.body).toContain('value="Kept while Cognito is away"');
    expect(response.cookies).toBeUndefined();
  });

  it('still signs out, deleting the cookies', async () => {
    // prepare
    const { refreshToken } = await signedIn('rppo:IAPSC');

    // act
    const response = await webHandler(unreachable)(
      webEvent({
        routeKey: 'POST /sign-out',
        path: '/sign-out',
        cookies: [`rppo_refresh=${refreshToken}`],
        form: [],
      }),
    );

    // assess
    expect(response.statusCode).toBe(303);
    expect(refreshCookiesOf(response)).toEqual([
      expect.stringMatching(/^rppo_refresh=; Path=\/calls; Max-Age=0/),
      expect.stringMatching(/^rppo_refresh=; Path=\/auth\/sign-in; Max-Age=0/),
      expect.stringMatching(/^rppo_refresh=; Path=\/sign-out; Max-Age=0/),
    ]);
  });
});

describe('logs', () => {
  const lines = captureLogLines('debug');

  it('name what became of each refresh token, never the token itself', async () => {
    // prepare
    const renewing = await signedIn('rppo:CAHFSA');
    const failing = await signedIn('rppo:CAHFSA');
    const revoked = await signedIn('rppo:CAHFSA');
    const unknown = 'k'.repeat(64);

    // act
    const statuses = [
      await webHandler()(formPost('CAHFSA', renewing.refreshToken, renewing.csrf, 'renewed')),
      await webHandler(unreachable)(formPost('CAHFSA', failing.refreshToken, failing.csrf, 'unreachable')),
      await webHandler()(formPost('CAHFSA', unknown, renewing.csrf, 'refused')),
      await webHandler(unreachable)(
        webEvent({
          routeKey: 'POST /sign-out',
          path: '/sign-out',
          cookies: [`rppo_refresh=${failing.refreshToken}`],
          form: [],
        }),
      ),
      await webHandler()(
        webEvent({
          routeKey: 'POST /sign-out',
          path: '/sign-out',
          cookies: [`rppo_refresh=${revoked.refreshToken}`],
          form: [],
        }),
      ),
    ].map((response) => response.statusCode);

    // assess
    expect(statuses).toEqual([303, 401, 401, 303, 303]);
    const logged = lines.join('\n');
    expect(logged).toContain('session renewed');
    expect(logged).toContain('session not renewed: token endpoint unavailable');
    expect(logged).toContain('invalid_grant');
    expect(logged).toContain('refresh token not revoked at sign-out');
    for (const token of [renewing.refreshToken, failing.refreshToken, revoked.refreshToken, unknown]) {
      expect(logged).not.toContain(token);
    }
  });
});
