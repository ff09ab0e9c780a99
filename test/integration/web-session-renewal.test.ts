/**
 * Renewing the web session with the refresh token, over HTTP against the local server and its
 * stand-in of Cognito's managed login. An ended session is what the browser leaves when the session
 * cookie's Max-Age (the ID token's lifetime) runs out: the cookie is gone, the refresh token stays.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiUrl, createCall, request, submissionPath, tokenFor } from '../support/api.ts';
import { Browser, csrfOf, hiddenFields, signInThroughManagedLogin } from '../support/web-browser.ts';

const FORM = 'implementation-support';
const formPathOf = (callId: string, rppo: string) => `/calls/${callId}/forms/${rppo}/${FORM}`;

/** What a focal point typed in the implementation support form, and the button they pressed. */
const typed = (csrf: string, description: string): [string, string][] => [
  ['csrf', csrf],
  ['version', ''],
  ['commitments.0', ''],
  ['commitments.0.description', description],
  ['action', 'save'],
];

/** The description of the first commitment saved for the form, as the API reads it. */
async function savedDescription(callId: string, rppo: 'OIRSA' | 'NAPPO' | 'COSAVE' | 'PPPO') {
  const saved = await request(submissionPath(callId, rppo, FORM), { token: await tokenFor(rppo) });
  return saved.status === 200 ? saved.body.data.commitments?.[0]?.description : undefined;
}

/** Revokes a refresh token at the local stand-in's revocation endpoint, as sign-out does. */
async function revoke(refreshToken: string) {
  const response = await fetch(apiUrl('/local/oauth2/revoke'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: refreshToken, client_id: 'rppo-proposal-web' }),
  });
  expect(response.status).toBe(200);
}

/** A refresh token grant at the local stand-in, as the web function makes it. */
function refreshGrant(refreshToken: string) {
  return fetch(apiUrl('/local/oauth2/token'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: 'rppo-proposal-web',
      refresh_token: refreshToken,
    }),
  });
}

let callId: string;

beforeAll(async () => {
  callId = await createCall();
});

describe('the refresh token cookie', () => {
  it('is kept from the sign-in, HttpOnly, for 30 days, and sent only to /calls, the sign-in and sign-out', async () => {
    // prepare
    const browser = new Browser();

    // act
    const callback = await signInThroughManagedLogin(browser, '/', 'rppo:EPPO');

    // assess
    const refresh = callback.cookies.filter((value) => value.startsWith('rppo_refresh='));
    expect(refresh).toEqual(
      ['/calls', '/auth/sign-in', '/sign-out'].map((path) =>
        expect.stringMatching(
          new RegExp(`^rppo_refresh=[\\w.-]{32,}; Path=${path}; Max-Age=2592000; SameSite=Lax; HttpOnly$`),
        ),
      ),
    );
    const sentTo = (path: string) => browser.cookieHeaderFor(path).includes('rppo_refresh=');
    expect(['/', '/assets/app.css', '/language/fr', '/api/calls', '/auth/callback'].filter(sentTo)).toEqual(
      [],
    );
    expect(
      [`/calls/${callId}/forms/EPPO/${FORM}`, '/calls', '/auth/sign-in', '/sign-out'].every(sentTo),
    ).toBe(true);
  });
});

describe('an ended session with a valid refresh token', () => {
  it.each([
    ['no session cookie (the browser dropped it at its Max-Age)', () => undefined],
    ['an expired ID token in the session cookie', () => inject('refusedTokens').expired],
  ])('is renewed on a GET with %s, which gets the page a fresh session gets', async (_, sessionToken) => {
    // prepare
    const browser = new Browser();
    const formPath = formPathOf(callId, 'NAPPO');
    await signInThroughManagedLogin(browser, formPath, 'rppo:NAPPO');
    const ended = sessionToken();
    browser.delete('rppo_session');
    if (ended) browser.set('rppo_session', ended);

    // act
    const renewed = await browser.go(formPath);
    const fresh = await browser.go(formPath);

    // assess
    expect(renewed.status).toBe(200);
    expect(renewed.cookies).toEqual([
      expect.stringMatching(
        /^rppo_session=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; Max-Age=(2879\d|28800); SameSite=Lax; HttpOnly$/,
      ),
    ]);
    expect(renewed.text).toContain('nappo@example.org');
    expect(fresh.cookies).toEqual([]);
    expect(renewed.text).toBe(fresh.text);
  });

  it('is renewed on a form post, which saves what was typed under the CSRF token of the ended session', async () => {
    // prepare
    const browser = new Browser();
    const formPath = formPathOf(callId, 'OIRSA');
    await signInThroughManagedLogin(browser, formPath, 'rppo:OIRSA');
    const csrf = csrfOf((await browser.go(formPath)).text);
    const ended = browser.get('rppo_session');
    browser.delete('rppo_session');

    // act
    const posted = await browser.go(formPath, { form: typed(csrf, 'Typed over eight hours') });

    // assess: the answer a fresh session gets (post/redirect/get), with the new session cookie
    expect(posted.status).toBe(303);
    expect(posted.location).toBe(`${formPath}?notice=saved`);
    expect(posted.cookies).toEqual([expect.stringMatching(/^rppo_session=/)]);
    expect(browser.get('rppo_session')).not.toBe(ended);
    expect(await savedDescription(callId, 'OIRSA')).toBe('Typed over eight hours');
    const shown = await browser.go(posted.location);
    expect(shown.text).toContain('Typed over eight hours');
    expect(csrfOf(shown.text)).toBe(csrf);
  });

  it('accepts a form opened before another tab renewed the session', async () => {
    // prepare: the form is opened; the session ends; another page of the same browser renews it
    const browser = new Browser();
    const formPath = formPathOf(callId, 'COSAVE');
    await signInThroughManagedLogin(browser, formPath, 'rppo:COSAVE');
    const csrf = csrfOf((await browser.go(formPath)).text);
    const ended = browser.get('rppo_session');
    browser.delete('rppo_session');
    const otherTab = await browser.go(`/calls/${callId}/forms/COSAVE/pilot-activities`);
    expect(otherTab.status).toBe(200);
    expect(browser.get('rppo_session')).not.toBe(ended);

    // act: the first tab's form, with the CSRF token issued under the ended session's ID token
    const posted = await browser.go(formPath, { form: typed(csrf, 'Opened before the renewal') });

    // assess
    expect(posted.status).toBe(303);
    expect(posted.cookies).toEqual([]);
    expect(await savedDescription(callId, 'COSAVE')).toBe('Opened before the renewal');
  });

  it('is renewed for the home page through the sign-in, without showing the sign-in page', async () => {
    // prepare
    const browser = new Browser();
    await signInThroughManagedLogin(browser, '/', 'rppo:PPPO');
    browser.delete('rppo_session');

    // act
    const home = await browser.go('/');
    const signIn = await browser.go(home.location);
    const back = await browser.go(signIn.location);

    // assess
    expect(home.status).toBe(303);
    expect(home.location).toBe('/auth/sign-in?next=%2F');
    expect(signIn.status).toBe(303);
    expect(signIn.location).toBe('/');
    expect(signIn.cookies).toEqual([expect.stringMatching(/^rppo_session=/)]);
    expect(back.status).toBe(200);
    expect(back.text).toContain('pppo@example.org');
  });
});

describe('an ended session whose refresh token is refused', () => {
  const deleted = ['/calls', '/auth/sign-in', '/sign-out'].map((path) =>
    expect.stringMatching(new RegExp(`^rppo_refresh=; Path=${path}; Max-Age=0; SameSite=Lax; HttpOnly$`)),
  );

  it.each([
    ['revoked', async (browser: Browser) => revoke(browser.get('rppo_refresh') ?? '')],
    ['unknown', async (browser: Browser) => browser.set('rppo_refresh', 'u'.repeat(64), '/calls')],
  ])(
    'keeps what a form post carried when the refresh token is %s, to send it again after signing in',
    async (_, spoil) => {
      // prepare
      const browser = new Browser();
      const ownCall = await createCall();
      const formPath = formPathOf(ownCall, 'OIRSA');
      await signInThroughManagedLogin(browser, formPath, 'rppo:OIRSA');
      const csrf = csrfOf((await browser.go(formPath)).text);
      await spoil(browser);
      browser.delete('rppo_session');
      const text = 'Three paragraphs typed <carefully> & "at length"';

      // act: the post comes too late; the person signs in again in another tab and sends it again
      const ended = await browser.go(formPath, { form: typed(csrf, text) });
      const kept = hiddenFields(ended.text);
      const forgotten = !browser.has('rppo_refresh');
      const savedMeanwhile = await savedDescription(ownCall, 'OIRSA');
      await signInThroughManagedLogin(browser, '/', 'rppo:OIRSA');
      const sentAgain = await browser.go(formPath, { form: kept });
      const saved = await browser.go(formPath, { form: typed(csrfOf(sentAgain.text), text) });

      // assess: nothing saved until the person saw their input again under the new session
      expect(ended.status).toBe(401);
      expect(ended.text).toContain('Sign in again to send this form');
      expect(ended.text).toContain('<a href="/auth/sign-in?next&#x3D;%2F" target="_blank" rel="noopener">');
      expect(kept).toEqual(typed(csrf, text));
      expect(ended.cookies).toEqual(deleted);
      expect(forgotten).toBe(true);
      expect(savedMeanwhile).toBeUndefined();
      expect(sentAgain.status).toBe(403);
      expect(sentAgain.text).toContain('Nothing has been saved yet');
      expect(sentAgain.text).toContain(
        'Three paragraphs typed &lt;carefully&gt; &amp; &quot;at length&quot;',
      );
      expect(saved.status).toBe(303);
      expect(await savedDescription(ownCall, 'OIRSA')).toBe(text);
    },
  );

  it('sends a GET to the sign-in page as before, and forgets the refresh token', async () => {
    // prepare
    const browser = new Browser();
    const formPath = formPathOf(callId, 'EPPO');
    await signInThroughManagedLogin(browser, formPath, 'rppo:EPPO');
    await revoke(browser.get('rppo_refresh') ?? '');
    browser.delete('rppo_session');

    // act
    const page = await browser.go(formPath);
    const signIn = await browser.go(page.location);

    // assess
    expect(page.status).toBe(303);
    expect(page.location).toBe(`/auth/sign-in?next=${encodeURIComponent(formPath)}`);
    expect(page.cookies).toEqual(deleted);
    expect(signIn.status).toBe(302);
    expect(new URL(signIn.location).pathname).toBe('/local/oauth2/authorize');
  });
});

describe('signing out with a refresh token', () => {
  it('deletes the session and refresh token cookies, and revokes the refresh token', async () => {
    // prepare
    const browser = new Browser();
    await signInThroughManagedLogin(browser, '/', 'rppo:EPPO');
    const refreshToken = browser.get('rppo_refresh') ?? '';
    expect((await refreshGrant(refreshToken)).status).toBe(200);
    const csrf = csrfOf((await browser.go('/')).text);

    // act
    const signOut = await browser.go('/sign-out', { form: { csrf } });

    // assess
    expect(signOut.status).toBe(303);
    expect(signOut.cookies).toEqual([
      expect.stringMatching(/^rppo_session=; Path=\/; Max-Age=0/),
      ...['/calls', '/auth/sign-in', '/sign-out'].map((path) =>
        expect.stringMatching(new RegExp(`^rppo_refresh=; Path=${path}; Max-Age=0`)),
      ),
    ]);
    expect(browser.has('rppo_session')).toBe(false);
    expect(browser.has('rppo_refresh')).toBe(false);
    const afterwards = await refreshGrant(refreshToken);
    expect(afterwards.status).toBe(400);
    expect(await afterwards.json()).toMatchObject({ error: 'invalid_grant' });
  });
});
