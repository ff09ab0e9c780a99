/**
 * The three other forms, filled and submitted through the pages by one focal point: comments beside
 * the draft's sections, support commitments, promotion events (date, languages, countries).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCall } from '../support/api.ts';
import {
  chromiumAvailable,
  expectAccessible,
  launchBrowser,
  screenshot,
  signedInPage,
} from '../support/browser.ts';

describe.skipIf(!chromiumAvailable())('the other three forms through the web pages', () => {
  let browser: Browser;
  let callId: string;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    callId = await createCall({ title: `Other forms call ${Date.now()}` });
    page = await signedInPage(browser, 'PPPO');
  });

  afterAll(async () => {
    await browser?.close();
  });

  const open = (form: string) => page.goto(`/calls/${callId}/forms/PPPO/${form}`);
  const statusOf = async (form: string) =>
    page
      .getByRole('article')
      .filter({ hasText: 'Other forms call' })
      .getByRole('row')
      .filter({ hasText: form })
      .getByRole('cell')
      .first()
      .textContent();

  it('comments on a section of the draft, next to its text, and submits', async () => {
    // prepare
    await open('draft-input');
    const rationale = page.getByRole('region', { name: 'Text of the draft: Rationale' }).locator('..');
    await rationale.getByRole('button', { name: 'Add a comment on this section' }).click();

    // act
    const comment = page.getByRole('group', { name: 'Comment 1', exact: true });
    await comment.getByRole('radio', { name: 'Substantive' }).check();
    await comment
      .getByLabel('Comment', { exact: true })
      .fill('Mention the Pacific atolls, where one pest can end an island’s crop.');
    await comment.getByLabel(/Proposed change/).fill('Add a sentence on small island developing States.');
    await expectAccessible(page, 'the draft-input form with a comment');
    await screenshot(page, 'rppo-draft-input-comment');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.waitForURL((url) => url.pathname === '/');

    // assess
    expect(await statusOf('Input on the draft proposal')).toContain('Submitted');
  });

  it('commits support during implementation', async () => {
    // prepare
    await open('implementation-support');
    const commitment = page.getByRole('group', { name: 'Commitment 1', exact: true });

    // act
    await commitment.getByLabel('Type of support').selectOption({ label: 'Hosting meetings' });
    await commitment.getByRole('radio', { name: 'National' }).check();
    await commitment.getByLabel(/^Countries/).selectOption([{ label: 'Fiji' }, { label: 'Samoa' }]);
    await commitment
      .getByLabel('Description', { exact: true })
      .fill('Hosts the regional steering meetings in Suva.');
    await commitment.getByLabel(/Value \(USD\)/).fill('20 000');
    await commitment.getByRole('radio', { name: 'Confirmed' }).check();
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.waitForURL((url) => url.pathname === '/');

    // assess
    expect(await statusOf('Support during implementation')).toContain('Submitted');
  });

  it('reports promotion of the Guide with dates, languages and countries', async () => {
    // prepare
    await open('guide-promotion');
    const event = page.getByRole('group', { name: 'Event 1', exact: true });

    // act
    await event.getByLabel('Type of event').selectOption({ label: 'Workshop' });
    await event.getByLabel('Title', { exact: true }).fill('Pacific workshop on resource mobilization');
    await event.getByLabel('Date').fill('2027-05-12');
    await event.getByRole('radio', { name: 'Planned' }).check();
    await event.getByLabel('Languages').selectOption([{ label: 'English' }, { label: 'French' }]);
    await event.getByLabel('Countries reached').selectOption([{ label: 'Fiji' }, { label: 'Vanuatu' }]);
    await event.getByLabel(/Participants/).fill('35');
    await page.getByLabel(/Feedback on the Guide/).fill('Useful; a version in Bislama would help.');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.waitForURL((url) => url.pathname === '/');

    // assess
    expect(await statusOf('Promotion of the IPPC Guide')).toContain('Submitted');
    await open('guide-promotion');
    expect(
      await page.getByRole('group', { name: 'Event 1', exact: true }).getByLabel('Date').inputValue(),
    ).toBe('2027-05-12');
  });
});
