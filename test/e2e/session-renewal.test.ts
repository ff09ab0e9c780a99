/**
 * A focal point past the end of their ID token, in Chromium without JavaScript: a save made after it
 * goes through (the refresh token renews the session on the way), and when the refresh token is gone
 * too, what they typed waits on the page while they sign in again in a new tab. An ended session is
 * what the browser leaves when the session cookie's Max-Age runs out: the cookie is gone.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, createCall } from '../support/api.ts';
import {
  chromiumAvailable,
  expectAccessible,
  launchBrowser,
  newContext,
  screenshot,
} from '../support/browser.ts';

describe.skipIf(!chromiumAvailable())('a session that ends while a form is open', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let formPath: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    const callId = await createCall({ title: `Renewal call ${Date.now()}` });
    formPath = `/calls/${callId}/forms/APPPC/implementation-support`;
    // No JavaScript: renewal and the way back after it fails are plain HTTP and HTML.
    context = await browser.newContext({ baseURL: apiUrl(), javaScriptEnabled: false, locale: 'en-GB' });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  const description = (on: Page) =>
    on.getByRole('group', { name: 'Commitment 1', exact: true }).getByLabel('Description');
  const cookieNamed = async (name: string) =>
    (await context.cookies()).filter((cookie) => cookie.name === name);

  /** The local managed login's page: choose APPPC's focal point. */
  async function chooseApppc(on: Page) {
    await on.getByLabel('Sign in as').selectOption('rppo:APPPC');
    await on.getByRole('button', { name: 'Sign in' }).click();
  }

  it('keeps the refresh token in HttpOnly cookies for the form pages, the sign-in and sign-out', async () => {
    // act
    await page.goto(formPath);
    await chooseApppc(page);
    await page.waitForURL((url) => url.pathname === formPath);

    // assess
    const refresh = await cookieNamed('rppo_refresh');
    expect(refresh.map((cookie) => cookie.path).sort()).toEqual(['/auth/sign-in', '/calls', '/sign-out']);
    for (const cookie of refresh) expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  });

  it('saves a draft posted after the session ended, renewing it on the way', async () => {
    // prepare
    await description(page).fill('Typed over a long afternoon.');
    await context.clearCookies({ name: 'rppo_session' });

    // act
    await page.getByRole('button', { name: 'Save draft' }).click();

    // assess
    await page.getByRole('status').filter({ hasText: 'Draft saved' }).waitFor();
    expect(await description(page).inputValue()).toBe('Typed over a long afternoon.');
    expect(await cookieNamed('rppo_session')).toHaveLength(1);
  });

  it('keeps what was typed when the session cannot be renewed, and saves it after signing in again', async () => {
    // prepare: the refresh token is gone too
    await description(page).fill('Typed after the refresh token ended.');
    await context.clearCookies({ name: 'rppo_session' });
    await context.clearCookies({ name: 'rppo_refresh' });

    // act: the save meets the "sign in again" page
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: 'Sign in again to send this form' }).waitFor();

    // act: sign in in a new tab, come back, send again, check, save
    const [signInTab] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('link', { name: 'Sign in again (opens in a new tab)' }).click(),
    ]);
    await chooseApppc(signInTab);
    await signInTab.waitForURL((url) => url.pathname === '/');
    await signInTab.close();
    await page.getByRole('button', { name: 'Send again' }).click();
    await page.getByText('Nothing has been saved yet').waitFor();
    const shown = await description(page).inputValue();
    await page.getByRole('button', { name: 'Save draft' }).click();

    // assess
    expect(shown).toBe('Typed after the refresh token ended.');
    await page.getByRole('status').filter({ hasText: 'Draft saved' }).waitFor();
    expect(await description(page).inputValue()).toBe('Typed after the refresh token ended.');
  });

  it('asks to sign in again on a page without accessibility problems', async () => {
    // prepare: axe needs JavaScript; a post from a page of no session meets the same answer
    const withScripts = await (await newContext(browser)).newPage();
    await withScripts.setContent(
      `<form method="post" action="${apiUrl(formPath)}"><input type="hidden" name="csrf" value="x">` +
        '<input type="hidden" name="commitments.0.description" value="Typed"><button>Save draft</button></form>',
    );

    // act
    await withScripts.getByRole('button', { name: 'Save draft' }).click();
    await withScripts.getByRole('heading', { name: 'Sign in again to send this form' }).waitFor();

    // assess
    await expectAccessible(withScripts, 'the page that asks to sign in again');
    await screenshot(withScripts, 'rppo-session-ended');
  });

  it('signs out, deleting the session and the refresh token', async () => {
    // act
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/local/oauth2/authorize');

    // assess
    expect(await cookieNamed('rppo_session')).toEqual([]);
    expect(await cookieNamed('rppo_refresh')).toEqual([]);
  });
});
