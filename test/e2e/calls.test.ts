/**
 * The Secretariat opens a call for input from the web pages, edits it and closes it; a focal point
 * then finds it among the closed calls and can only read its forms.
 */
import type { Browser, Page } from 'playwright-core';
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

describe.skipIf(!chromiumAvailable())('calls for input through the web pages', () => {
  let browser: Browser;
  let secretariat: Page;
  const title = `Input to the GEF proposal ${Date.now()}`;

  beforeAll(async () => {
    browser = await launchBrowser();
    secretariat = await signedInPage(browser, 'secretariat');
  });

  afterAll(async () => {
    await browser?.close();
  });

  const section = (number: number) =>
    secretariat.getByRole('group', { name: `Section ${number}`, exact: true });

  it('refuses an incomplete call, naming each field', async () => {
    // prepare
    await secretariat.getByRole('button', { name: 'Open a new call for input' }).click();
    await expectAccessible(secretariat, 'the new call form');

    // act
    await secretariat.getByLabel('Title of the call').fill('ab');
    await secretariat.getByRole('button', { name: 'Open the call' }).click();

    // assess
    const summary = secretariat.getByRole('alert');
    expect(await summary.getByRole('link').allTextContents()).toEqual([
      'Title of the call: Must be at least 3 characters',
      'Deadline: Required',
      'Section 1, Section id: Required',
      'Section 1, Section title: Required',
      'Section 1, Section text: Required',
    ]);
    await screenshot(secretariat, 'secretariat-new-call-errors');
  });

  it('opens a call with two draft sections', async () => {
    // prepare
    await secretariat.getByLabel('Title of the call').fill(title);
    await secretariat.getByLabel('Deadline', { exact: true }).fill('2099-03-31T23:59');
    await section(1).getByLabel('Section id').fill('rationale');
    await section(1).getByLabel('Section title').fill('Rationale');
    await section(1)
      .getByLabel('Section text')
      .fill('Plant pests threaten **biodiversity**.\n\n- trade\n- travel');
    await secretariat.getByRole('button', { name: 'Add another section' }).click();
    await section(2).getByLabel('Section id').fill('budget');
    await section(2).getByLabel('Section title').fill('Budget approach');
    await section(2).getByLabel('Section text').fill('Incremental costs only.');

    // act
    const zone = await secretariat.getByLabel('Time zone of the deadline').inputValue();
    await secretariat.getByRole('button', { name: 'Open the call' }).click();

    // assess
    await secretariat.getByRole('status').filter({ hasText: 'The call for input is open' }).waitFor();
    expect(await secretariat.getByRole('heading', { level: 1 }).textContent()).toBe(title);
    // The page chose the browser's zone; Paris is on summer time (UTC+2) from 01:00 UTC that day.
    expect(zone).toBe('Europe/Paris');
    expect(await secretariat.locator('time').first().getAttribute('datetime')).toBe('2099-03-31T21:59:00Z');
  });

  it('shows the draft sections to the focal points beside their comment fields', async () => {
    // prepare
    const nappo = await signedInPage(browser, 'NAPPO');
    await nappo
      .getByRole('article')
      .filter({ hasText: title })
      .getByRole('link', { name: 'Input on the draft proposal' })
      .click();

    // act
    const rationale = nappo.getByRole('region', { name: 'Text of the draft: Rationale' });

    // assess
    expect(await rationale.locator('strong').textContent()).toBe('biodiversity');
    expect(await rationale.locator('li').allTextContents()).toEqual(['trade', 'travel']);
    expect(await nappo.getByRole('heading', { name: 'Your comments on “Budget approach”' }).count()).toBe(1);
    await expectAccessible(nappo, 'the draft-input form');
    await screenshot(nappo, 'rppo-draft-input');
    await nappo.context().close();
  });

  it('edits the call and closes it', async () => {
    // prepare
    await secretariat.getByRole('link', { name: 'Edit the call' }).click();
    await expectAccessible(secretariat, 'the edit call form');

    // act
    const shown = await secretariat.getByLabel('Deadline', { exact: true }).inputValue();
    await secretariat.getByLabel('Title of the call').fill(`${title} (revised)`);
    await secretariat.getByRole('radio', { name: /^Closed/ }).check();
    await secretariat.getByRole('button', { name: 'Save changes' }).click();

    // assess
    await secretariat.getByRole('status').filter({ hasText: 'The call was updated' }).waitFor();
    expect(await secretariat.getByRole('heading', { level: 1 }).textContent()).toBe(`${title} (revised)`);
    expect(await secretariat.getByText('Closed', { exact: true }).count()).toBeGreaterThan(0);
    // The deadline was shown and sent back in the browser's zone, so it has not moved.
    expect(shown).toBe('2099-03-31T23:59');
    expect(await secretariat.locator('time').first().getAttribute('datetime')).toBe('2099-03-31T21:59:00Z');
  });

  it('chooses the listed zone when the browser names its zone by the other name', async () => {
    // prepare: a reader in India whose browser names the zone as the list does not (Firefox says
    // Asia/Kolkata where Node 20 and Chromium list Asia/Calcutta), with a deadline of 23:59 there
    const id = await createCall({ deadline: '2099-03-31T18:29:00Z' });
    const context = await newContext(browser, { timezoneId: 'Asia/Kolkata' });
    await context.addInitScript(() => {
      const other: Record<string, string> = {
        'Asia/Calcutta': 'Asia/Kolkata',
        'Asia/Kolkata': 'Asia/Calcutta',
      };
      const resolvedOptions = Intl.DateTimeFormat.prototype.resolvedOptions;
      Intl.DateTimeFormat.prototype.resolvedOptions = function (this: Intl.DateTimeFormat) {
        const options = resolvedOptions.call(this);
        return { ...options, timeZone: other[options.timeZone] ?? options.timeZone };
      };
    });
    const reader = await context.newPage();
    const reported = await reader.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);

    // act
    await signIn(reader, 'secretariat', `/calls/${id}/edit`);

    // assess
    const zone = reader.getByLabel('Time zone of the deadline');
    const chosen = await zone.inputValue();
    expect(['Asia/Calcutta', 'Asia/Kolkata']).toContain(chosen);
    expect(chosen).not.toBe(reported);
    expect(await zone.locator('optgroup[label="Asia"] option:checked').textContent()).toBe(chosen);
    expect(await reader.getByLabel('Deadline', { exact: true }).inputValue()).toBe('2099-03-31T23:59');
    await context.close();
  });

  it('shows a closed call to the focal points as closed, with forms they can only read', async () => {
    // prepare
    const nappo = await signedInPage(browser, 'NAPPO');

    // act
    const card = nappo.getByRole('article').filter({ hasText: `${title} (revised)` });
    await card.getByRole('link', { name: 'Support during implementation' }).click();

    // assess
    expect(await nappo.getByText(/no longer accepts input/).count()).toBe(1);
    expect(await nappo.getByRole('button', { name: 'Save draft' }).count()).toBe(0);
    await nappo.context().close();
  });
});
