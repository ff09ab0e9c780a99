/**
 * The slice end to end in Chromium: an RPPO focal point saves a partial draft of the pilot
 * activities, comes back to it, completes and submits it; another RPPO cannot see it; the
 * Secretariat watches the completeness board change, assembles the proposal and downloads it.
 * The steps share one call and run in order.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCall } from '../support/api.ts';
import {
  chromiumAvailable,
  expectAccessible,
  launchBrowser,
  newContext,
  screenshot,
  signedInPage,
  signIn,
} from '../support/browser.ts';
import { textOf, wordParts } from '../support/docx.ts';
import { pilotActivityLabels } from '../support/fixtures.ts';

const ACTIVITY_TITLE = 'Xylella fastidiosa surveillance in olive groves';

describe.skipIf(!chromiumAvailable())('pilot activities through the web pages', () => {
  let browser: Browser;
  let callId: string;
  let callTitle: string;
  let eppo: Page;
  let formPath: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    callTitle = `Call for input on the IPPC–CBD proposal ${Date.now()}`;
    callId = await createCall({ title: callTitle });
    formPath = `/calls/${callId}/forms/EPPO/pilot-activities`;
    eppo = await (await newContext(browser)).newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** The card of this test's call on the "your calls" page (other tests' calls are there too). */
  const callCard = (page: Page) => page.getByRole('article').filter({ hasText: callTitle });
  const formRow = (page: Page, form: string) => callCard(page).getByRole('row').filter({ hasText: form });
  const activity = (page: Page, number: number) =>
    page.getByRole('group', { name: `Activity ${number}`, exact: true });

  async function fillCompleteActivity(item: Locator) {
    await item
      .getByLabel('Description', { exact: true })
      .fill('Risk-based surveillance of the bacterium and its vectors.');
    await item.getByLabel('Activity type').selectOption({ label: 'Surveillance' });
    await item.getByRole('radio', { name: 'Regional' }).check();
    await item
      .getByLabel('Countries', { exact: true })
      .selectOption([{ label: 'France' }, { label: 'Italy' }, { label: 'Morocco' }]);
    await item.getByLabel('Expected results').fill('Outbreaks detected in the year of introduction.');
    await item
      .getByRole('group', { name: 'Indicator 1' })
      .getByLabel('Indicator', { exact: true })
      .fill('Countries applying the protocol');
    await item.getByLabel('Duration (months)').fill('36');
    await item.getByLabel('Estimated cost (USD)').fill('685,000');
    await item.getByRole('checkbox', { name: /^SO-B:/ }).check();
    await item.getByRole('checkbox', { name: /^T6:/ }).check();
  }

  it('sends a visitor without a session through the sign-in page (authorization code flow) and back', async () => {
    // act
    await eppo.goto('/');

    // assess: /auth/sign-in sent the browser to the managed login's local stand-in
    const authorize = new URL(eppo.url());
    expect(authorize.pathname).toBe('/local/oauth2/authorize');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const options = await eppo.getByLabel('Sign in as').locator('option').allTextContents();
    expect(options).toHaveLength(11);
    expect(options[0]).toBe('IPPC Secretariat');
    await expectAccessible(eppo, 'the local sign-in page');
    await screenshot(eppo, 'local-sign-in');

    // act: sign in; the callback trades the code and sets the session
    await eppo.getByLabel('Sign in as').selectOption('rppo:EPPO');
    await eppo.getByRole('button', { name: 'Sign in' }).click();
    await eppo.waitForURL((url) => url.pathname === '/');

    // assess
    await expect.poll(() => eppo.getByText('eppo@example.org').count()).toBeGreaterThan(0);
  });

  it('lists the call with its deadline and four forms not started', async () => {
    // act
    await signIn(eppo, 'EPPO');

    // assess
    await expect.poll(() => callCard(eppo).count()).toBe(1);
    const deadline = callCard(eppo).locator('time');
    expect(await deadline.getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The script shows the deadline in the reader's time zone (Paris here), not in UTC.
    expect(await deadline.textContent()).toMatch(/CES?T|GMT\+[12]/);
    for (const form of [
      'Input on the draft proposal',
      'Suggested activities for the regional pilot projects',
    ]) {
      await expect.poll(() => formRow(eppo, form).getByText('Not started').count()).toBe(1);
    }
    await expectAccessible(eppo, 'your calls');
    await screenshot(eppo, 'rppo-your-calls');
  });

  it('labels every pilot activity field as the schema does', async () => {
    // act
    await formRow(eppo, 'Suggested activities').getByRole('link').click();

    // assess
    const item = activity(eppo, 1);
    for (const label of pilotActivityLabels.filter(
      (label) => !['Level', 'IPPC strategic objectives', 'GBF targets'].includes(label),
    )) {
      expect(await item.getByLabel(label, { exact: true }).count(), label).toBe(1);
    }
    for (const legend of ['Level', 'IPPC strategic objectives', 'GBF targets']) {
      expect(await item.getByRole('group', { name: legend, exact: true }).count(), legend).toBe(1);
    }
    expect(await eppo.locator(`form[action="${formPath}"]`).getAttribute('novalidate')).not.toBeNull();
    await expect.poll(() => eppo.getByRole('button', { name: 'Save draft' }).count()).toBe(1);
    await expect.poll(() => eppo.getByRole('button', { name: 'Submit' }).count()).toBe(1);
    await expectAccessible(eppo, 'the empty pilot activities form');
    await screenshot(eppo, 'rppo-pilot-activities-empty');
  });

  it('saves a partial draft and shows it when the focal point comes back', async () => {
    // prepare
    await activity(eppo, 1).getByLabel('Activity title').fill(ACTIVITY_TITLE);
    await activity(eppo, 1)
      .getByLabel('Countries', { exact: true })
      .selectOption([{ label: 'France' }, { label: 'Italy' }]);

    // act
    await eppo.getByRole('button', { name: 'Save draft' }).click();
    await eppo.getByRole('status').filter({ hasText: 'Draft saved' }).waitFor();
    await eppo.goto('/');
    const status = await formRow(eppo, 'Suggested activities').getByRole('cell').first().textContent();
    await formRow(eppo, 'Suggested activities').getByRole('link').click();

    // assess
    expect(status).toContain('Draft');
    expect(await activity(eppo, 1).getByLabel('Activity title').inputValue()).toBe(ACTIVITY_TITLE);
    const chosen = await activity(eppo, 1)
      .getByLabel('Countries', { exact: true })
      .locator('option:checked')
      .all();
    const countries = await Promise.all(chosen.map((option) => option.getAttribute('value')));
    expect(countries.sort()).toEqual(['FR', 'IT']);
  });

  it('lets the Secretariat see the draft on the completeness board', async () => {
    // prepare
    const secretariat = await signedInPage(browser, 'secretariat', `/calls/${callId}`);

    // act
    const eppoRow = secretariat
      .getByRole('row')
      .filter({ has: secretariat.getByRole('rowheader', { name: 'EPPO' }) });

    // assess
    expect(await eppoRow.getByRole('cell').nth(1).textContent()).toContain('Draft');
    expect(await eppoRow.getByRole('cell').nth(0).textContent()).toContain('Not started');
    await secretariat.context().close();
  });

  it('on Submit, names each missing field in a summary linked to it and keeps what was typed', async () => {
    // act
    await eppo.getByRole('button', { name: 'Submit' }).click();

    // assess
    const summary = eppo.getByRole('alert').filter({ hasText: 'There is a problem' });
    await summary.waitFor();
    expect(await eppo.title()).toMatch(/^Error:/);
    const link = summary.getByRole('link', { name: /Activity 1, Description: Required/ });
    await link.click();
    expect(await eppo.evaluate('document.activeElement?.id')).toBe('f-activities-0-description');
    expect(await activity(eppo, 1).locator('#f-activities-0-description-error').textContent()).toContain(
      'Required',
    );
    expect(await activity(eppo, 1).getByLabel('Activity title').inputValue()).toBe(ACTIVITY_TITLE);
    await expectAccessible(eppo, 'the form with errors');
    await screenshot(eppo, 'rppo-pilot-activities-errors');
  });

  it('adds and removes a second activity without JavaScript and without losing input', async () => {
    // act
    await eppo.getByRole('button', { name: 'Add another activity' }).click();
    await activity(eppo, 2).getByLabel('Activity title').fill('Training on pest risk analysis');
    await eppo.getByRole('button', { name: 'Remove activity 2' }).click();

    // assess
    expect(await activity(eppo, 2).count()).toBe(0);
    expect(await activity(eppo, 1).getByLabel('Activity title').inputValue()).toBe(ACTIVITY_TITLE);
  });

  it('completes and submits the pilot activities', async () => {
    // prepare
    await fillCompleteActivity(activity(eppo, 1));

    // act
    await eppo.getByRole('button', { name: 'Submit' }).click();
    await eppo.waitForURL((url) => url.pathname === '/');

    // assess
    expect(await eppo.getByRole('status').textContent()).toContain('submitted');
    expect(await formRow(eppo, 'Suggested activities').getByRole('cell').first().textContent()).toContain(
      'Submitted',
    );
    await screenshot(eppo, 'rppo-your-calls-submitted');
  });

  it('does not show one RPPO’s form to another RPPO', async () => {
    // prepare
    const nappo = await signedInPage(browser, 'NAPPO');

    // act
    const response = await nappo.goto(formPath);

    // assess
    expect(response?.status()).toBe(403);
    expect(await nappo.getByRole('heading', { level: 1 }).textContent()).toBe('You cannot see this page');
    expect(await nappo.content()).not.toContain(ACTIVITY_TITLE);
    await expectAccessible(nappo, 'the 403 page');
    await nappo.context().close();
  });

  it('lets the Secretariat see the submission, assemble the proposal and download the .docx', async () => {
    // prepare
    const secretariat = await signedInPage(browser, 'secretariat', `/calls/${callId}`);
    const eppoRow = secretariat
      .getByRole('row')
      .filter({ has: secretariat.getByRole('rowheader', { name: 'EPPO' }) });
    expect(await eppoRow.getByRole('cell').nth(1).textContent()).toContain('Submitted');
    await expectAccessible(secretariat, 'the completeness board');
    await screenshot(secretariat, 'secretariat-board');

    // act
    await secretariat.getByRole('button', { name: 'Assemble proposal' }).click();
    await secretariat.getByRole('status').filter({ hasText: 'assembled' }).waitFor();
    const [download] = await Promise.all([
      secretariat.waitForEvent('download'),
      secretariat
        .getByRole('link', { name: /^Download/ })
        .first()
        .click(),
    ]);

    // assess
    const rows = secretariat.locator('#proposals tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toMatch(/1 of 10 \(EPPO\)/);
    expect(await rows.first().textContent()).toMatch(/\d+ KB/);
    expect(download.suggestedFilename()).toMatch(/^proposal-.*\.docx$/);
    const document = textOf(
      (await wordParts(await readFile((await download.path()) as string))).document ?? '',
    );
    expect(document).toContain(ACTIVITY_TITLE);
    // The link names the proposal by when it was assembled, in the reader's zone (Paris here).
    expect(
      await secretariat
        .getByRole('link', { name: /^Download the proposal assembled .* (CES?T|GMT\+[12]) \(\.docx\)$/ })
        .count(),
    ).toBe(1);
    await expectAccessible(secretariat, 'the board with a proposal');
    await screenshot(secretariat, 'secretariat-board-assembled');

    // The Secretariat reads EPPO's submission from the board.
    await eppoRow.getByRole('link', { name: /View/ }).click();
    expect(await secretariat.getByText(ACTIVITY_TITLE).count()).toBeGreaterThan(0);
    await expectAccessible(secretariat, 'a submission read by the Secretariat');
    await screenshot(secretariat, 'secretariat-submission');
    await secretariat.context().close();
  });
});
