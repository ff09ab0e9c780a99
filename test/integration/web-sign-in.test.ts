/**
 * The sign-in of the web pages over HTTP, as deployed but against the local stand-in of Cognito's
 * managed login: /auth/sign-in → /local/oauth2/authorize → /auth/callback → /oauth2/token. No
 * browser: redirects are followed by hand and cookies carried like a browser would.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePending, encodePending, randomToken } from '#web/oauth.ts';
import { apiUrl, createCall } from '../support/api.ts';
import { authorize, Browser, csrfOf } from '../support/web-browser.ts';

let callId: string;

beforeAll(async () => {
  callId = await createCall();
});

describe('signing in through the managed login (local stand-in)', () => {
  it('goes from a page to the sign-in page, through the callback, and back signed in', async () => {
    // prepare
    const browser = new Browser();
    const here = `/calls/${callId}/forms/EPPO/pilot-activities`;

    // act
    const visit = await browser.go(here);
    const next = new URL(visit.location, apiUrl()).searchParams.get('next') ?? '';
    const { start, login, callbackUrl } = await authorize(browser, next);
    const callback = await browser.go(callbackUrl);
    const landed = await browser.go(callback.location);

    // assess
    expect(visit.status).toBe(303);
    expect(visit.location).toBe(`/auth/sign-in?next=${encodeURIComponent(here)}`);
    const authorizeUrl = new URL(start.location);
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(apiUrl('/local/oauth2/authorize'));
    expect(Object.fromEntries(authorizeUrl.searchParams)).toMatchObject({
      response_type: 'code',
      redirect_uri: apiUrl('/auth/callback'),
      scope: 'openid email',
      code_challenge_method: 'S256',
    });
    expect(start.cookies).toEqual([
      expect.stringMatching(
        /^rppo_sign_in=[\w-]+; Path=\/auth\/callback; Max-Age=600; SameSite=Lax; HttpOnly$/,
      ),
    ]);
    expect(login.text).toContain('Sign in as');
    expect(new URL(callbackUrl).pathname).toBe('/auth/callback');
    expect(callback.status).toBe(303);
    expect(callback.location).toBe(here);
    expect(callback.cookies).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^rppo_session=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly$/,
        ),
        expect.stringMatching(/^rppo_sign_in=; Path=\/auth\/callback; Max-Age=0/),
      ]),
    );
    expect(landed.status).toBe(200);
    expect(landed.text).toContain('eppo@example.org');
    expect(landed.text).toContain('Activity title');
  });

  it('lands on / when the page to return to is another site (no open redirect)', async () => {
    // prepare
    const browser = new Browser();

    // act
    const { callbackUrl } = await authorize(browser, 'https://evil.example/phish');
    const callback = await browser.go(callbackUrl);

    // assess
    expect(callback.status).toBe(303);
    expect(callback.location).toBe('/');
  });

  it('refuses a callback whose state is not the one this browser sent', async () => {
    // prepare
    const browser = new Browser();
    const { callbackUrl } = await authorize(browser, '/');
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', randomToken());

    // act
    const answer = await browser.go(forged.href);

    // assess
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('Signing in did not finish');
    expect(answer.cookies.join()).not.toContain('rppo_session');
  });

  it('refuses a callback in a browser that started no sign-in (login CSRF)', async () => {
    // prepare
    const { callbackUrl } = await authorize(new Browser(), '/');

    // act
    const answer = await new Browser().go(callbackUrl);

    // assess
    expect(answer.status).toBe(400);
    expect(answer.cookies.join()).not.toContain('rppo_session');
  });

  it('refuses a code used a second time', async () => {
    // prepare
    const browser = new Browser();
    const { callbackUrl } = await authorize(browser, '/');
    const pending = browser.get('rppo_sign_in') ?? '';
    expect((await browser.go(callbackUrl)).status).toBe(303);
    browser.set('rppo_sign_in', pending, '/auth/callback');

    // act
    const replay = await browser.go(callbackUrl);

    // assess
    expect(replay.status).toBe(400);
    expect(replay.text).toContain('invalid_grant');
  });

  it('refuses a code presented with another verifier (PKCE)', async () => {
    // prepare: the same state, but a verifier that is not the one the challenge was made from
    const browser = new Browser();
    const { callbackUrl } = await authorize(browser, '/');
    const pending = decodePending(browser.get('rppo_sign_in'));
    expect(pending).toBeDefined();
    browser.set(
      'rppo_sign_in',
      encodePending({ ...(pending as NonNullable<typeof pending>), verifier: randomToken() }),
      '/auth/callback',
    );

    // act
    const answer = await browser.go(callbackUrl);

    // assess
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('invalid_grant');
    expect(answer.cookies.join()).not.toContain('rppo_session');
  });
});

describe('the local token endpoint', () => {
  it('refuses a wrong verifier, then the code itself (one try per code)', async () => {
    // prepare
    const browser = new Browser();
    const { callbackUrl } = await authorize(browser, '/');
    const code = new URL(callbackUrl).searchParams.get('code') ?? '';
    const pending = decodePending(browser.get('rppo_sign_in'));
    const token = (verifier: string) =>
      fetch(apiUrl('/local/oauth2/token'), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: new URL(callbackUrl).searchParams.get('client_id') ?? 'rppo-proposal-web',
          code,
          redirect_uri: apiUrl('/auth/callback'),
          code_verifier: verifier,
        }),
      });

    // act
    const wrong = await token(randomToken());
    const right = await token(pending?.verifier ?? '');

    // assess
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
    expect(right.status).toBe(400);
  });

  it('never sends the browser to a callback URL the client did not register', async () => {
    // act
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: 'rppo-proposal-web',
      redirect_uri: 'https://evil.example/callback',
      scope: 'openid email',
      state: randomToken(),
      code_challenge: randomToken(),
      code_challenge_method: 'S256',
    });
    const answer = await new Browser().go(`/local/oauth2/authorize?${query}`);

    // assess
    expect(answer.status).toBe(400);
    expect(answer.location).toBe('');
  });
});

describe('signing out', () => {
  it('expires the session and ends the managed login session, back at the site root', async () => {
    // prepare
    const browser = new Browser();
    const { callbackUrl } = await authorize(browser, '/');
    await browser.go(callbackUrl);
    const home = await browser.go('/');
    const csrf = csrfOf(home.text);

    // act
    const signOut = await browser.go('/sign-out', { form: { csrf } });
    const logout = await browser.go(signOut.location);
    const after = await browser.go(logout.location);

    // assess
    expect(signOut.status).toBe(303);
    const logoutUrl = new URL(signOut.location);
    expect(`${logoutUrl.origin}${logoutUrl.pathname}`).toBe(apiUrl('/local/logout'));
    expect(logoutUrl.searchParams.get('logout_uri')).toBe(apiUrl('/'));
    expect(signOut.cookies).toEqual([
      expect.stringMatching(/^rppo_session=; Path=\/; Max-Age=0/),
      expect.stringMatching(/^rppo_refresh=; Path=\/calls; Max-Age=0/),
      expect.stringMatching(/^rppo_refresh=; Path=\/auth\/sign-in; Max-Age=0/),
      expect.stringMatching(/^rppo_refresh=; Path=\/sign-out; Max-Age=0/),
    ]);
    expect(logout.status).toBe(302);
    expect(logout.location).toBe(apiUrl('/'));
    expect(browser.has('rppo_session')).toBe(false);
    expect(browser.has('rppo_refresh')).toBe(false);
    expect(after.status).toBe(303);
    expect(after.location).toBe('/auth/sign-in?next=%2F');
  });
});
