/**
 * A form's history: from the form page, a focal point opens the list of every saved version and
 * reads an earlier one, in English and in Arabic, without serious accessibility problems.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCall, request, saveAndSubmit, submissionPath, tokenFor } from '../support/api.ts';
import {
  chromiumAvailable,
  expectAccessible,
  launchBrowser,
  newContext,
  screenshot,
  signedInPage,
  signIn,
} from '../support/browser.ts';
import { makeCommitment } from '../support/fixtures.ts';

describe.skipIf(!chromiumAvailable())('a form’s history through the web pages', () => {
  let browser: Browser;
  let callId: string;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    callId = await createCall({ title: `History call ${Date.now()}` });
    // Version 1 a draft, 2 its submission, 3 a later draft.
    await saveAndSubmit(callId, 'COSAVE', 'implementation-support', {
      commitments: [makeCommitment({ description: 'Hosts the first steering meeting in Asunción.' })],
    });
    const later = await request(submissionPath(callId, 'COSAVE', 'implementation-support'), {
      method: 'PUT',
      token: await tokenFor('COSAVE'),
      headers: { 'if-match': '"2"' },
      body: { commitments: [makeCommitment({ description: 'Hosts every steering meeting in Montevideo.' })] },
    });
    expect(later.status).toBe(200);
    page = await signedInPage(browser, 'COSAVE', `/calls/${callId}/forms/COSAVE/implementation-support`);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('opens the history from the form page and reads an earlier version', async () => {
    // act
    await page.getByRole('link', { name: 'See every saved version' }).click();

    // assess
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'History of “Support during implementation”',
    );
    const rows = page.getByRole('table', { name: 'Saved versions, newest first' }).locator('tbody tr');
    expect(await rows.locator('th').allTextContents()).toEqual(['3', '2', '1']);
    expect(await rows.nth(1).getByRole('cell').first().textContent()).toContain('Submitted');
    expect(await rows.first().getByRole('cell').nth(1).textContent()).toBe('cosave@example.org');
    // The script shows when each version was saved in the reader's time zone (Paris here).
    expect(await rows.first().locator('time').textContent()).toMatch(/CES?T|GMT\+[12]/);
    await expectAccessible(page, 'the history of a form');
    await screenshot(page, 'rppo-form-history');

    await page.getByRole('link', { name: 'View version 1' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Support during implementation: version 1',
    );
    expect(await page.getByText('Hosts the first steering meeting in Asunción.').count()).toBe(1);
    expect(await page.getByText('Montevideo').count()).toBe(0);
    await expectAccessible(page, 'an earlier version of a form');
    await screenshot(page, 'rppo-form-version');

    await page.getByRole('link', { name: 'العربية' }).click();
    await page.getByRole('link', { name: 'العودة إلى سجلّ هذه الاستمارة' }).click();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await expectAccessible(page, 'the history of a form in Arabic');
    await screenshot(page, 'rppo-form-history-arabic');
  });

  it('shows the version’s time in the reader’s zone', async () => {
    // prepare
    const reader = await (await newContext(browser)).newPage();

    // act
    await signIn(reader, 'COSAVE', `/calls/${callId}/forms/COSAVE/implementation-support/revisions/1`);

    // assess: Paris here, as in the history's table; the UTC text stays as the element's title
    const time = reader.getByText(/^Draft\. Version 1, saved /).locator('time');
    expect(await time.textContent()).toMatch(/CES?T|GMT\+[12]/);
    expect(await time.getAttribute('title')).toMatch(/ UTC$/);
    await reader.context().close();
  });
});
