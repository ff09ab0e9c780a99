/**
 * Two focal points of one RPPO edit the same form: the second to save sees who saved in between,
 * keeps everything typed, and may then save over the other version on purpose. Also: Enter in a
 * text field saves the draft (it never presses "Remove").
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
  signIn,
} from '../support/browser.ts';

describe.skipIf(!chromiumAvailable())('two people saving the same form', () => {
  let browser: Browser;
  let formPath: string;
  let first: Page;
  let second: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    const callId = await createCall({ title: `Conflict call ${Date.now()}` });
    formPath = `/calls/${callId}/forms/CAN/implementation-support`;
    first = await (await newContext(browser)).newPage();
    second = await (await newContext(browser)).newPage();
    await signIn(first, 'CAN', formPath);
    await signIn(second, 'CAN', formPath);
  });

  afterAll(async () => {
    await browser?.close();
  });

  const description = (page: Page) =>
    page.getByRole('group', { name: 'Commitment 1', exact: true }).getByLabel('Description');

  it('saves with Enter in a text field', async () => {
    // prepare
    await first.getByRole('button', { name: 'Add another commitment' }).click();
    await first
      .getByRole('group', { name: 'Commitment 2', exact: true })
      .getByLabel('Period')
      .fill('2027–2029');

    // act
    await first.getByRole('group', { name: 'Commitment 2', exact: true }).getByLabel('Period').press('Enter');

    // assess
    await first.getByRole('status').filter({ hasText: 'Draft saved' }).waitFor();
    expect(
      await first.getByRole('group', { name: 'Commitment 2', exact: true }).getByLabel('Period').inputValue(),
    ).toBe('2027–2029');
  });

  it('shows a conflict to the second person without losing what they typed', async () => {
    // prepare: the second person opened the form before the first saved again
    await second.reload();
    await description(first).fill('Hosts the regional workshop in Lima.');
    await description(second).fill('Provides two experts for 20 person-days.');
    await first.getByRole('button', { name: 'Save draft' }).click();
    await first.getByRole('status').filter({ hasText: 'Draft saved' }).waitFor();

    // act
    await second.getByRole('button', { name: 'Save draft' }).click();

    // assess
    const panel = second.getByRole('region', {
      name: 'Someone else saved this form while you were editing it',
    });
    await panel.waitFor();
    expect(await panel.textContent()).toMatch(
      /Version 2 was saved .* by can@example\.org\. You were editing version 1/,
    );
    expect(await description(second).inputValue()).toBe('Provides two experts for 20 person-days.');
    await expectAccessible(second, 'the conflict page');
    await screenshot(second, 'rppo-conflict');
  });

  it('says when the version in the way was saved in the reader’s zone', async () => {
    // act: the panel the previous test left open
    const time = second
      .getByRole('region', { name: 'Someone else saved this form while you were editing it' })
      .locator('time');

    // assess: Paris here; the UTC text stays as the element's title
    expect(await time.textContent()).toMatch(/CES?T|GMT\+[12]/);
    expect(await time.getAttribute('title')).toMatch(/ UTC$/);
  });

  it('saves over the other version only when asked to', async () => {
    // act
    await second.getByRole('button', { name: 'Save mine instead of version 2' }).click();
    await second.getByRole('status').filter({ hasText: 'Draft saved' }).waitFor();
    await first.reload();

    // assess
    expect(await description(first).inputValue()).toBe('Provides two experts for 20 person-days.');
    expect(await first.getByText(/Version 3, saved/).count()).toBe(1);
  });
});
