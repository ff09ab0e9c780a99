/**
 * The language switcher: each language named in itself, the choice remembered, Arabic laid out right
 * to left, labels, vocabularies and country names translated, and no serious accessibility problem
 * in Arabic either.
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

describe.skipIf(!chromiumAvailable())('the interface in French, Spanish and Arabic', () => {
  let browser: Browser;
  let callId: string;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    callId = await createCall({ title: `Languages call ${Date.now()}` });
    page = await signedInPage(browser, 'NEPPO');
  });

  afterAll(async () => {
    await browser?.close();
  });

  const languageSwitcher = () => page.getByRole('navigation', { name: /Language|Langue|Idioma|اللغة/ });

  it('names each language in itself', async () => {
    expect(await languageSwitcher().getByRole('link').allTextContents()).toEqual([
      'English',
      'Français',
      'Español',
      'العربية',
    ]);
  });

  it('switches to French and remembers it on the next pages', async () => {
    // act
    await languageSwitcher().getByRole('link', { name: 'Français' }).click();
    await page.goto(`/calls/${callId}/forms/NEPPO/pilot-activities`);

    // assess
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Activités suggérées pour les projets pilotes régionaux',
    );
    const activity = page.getByRole('group', { name: 'Activité 1', exact: true });
    expect(await activity.getByLabel('Intitulé de l’activité').count()).toBe(1);
    expect(await activity.getByLabel('Type d’activité').locator('option').nth(2).textContent()).toBe(
      'Analyse du risque phytosanitaire',
    );
    expect(
      await activity.getByLabel('Pays', { exact: true }).locator('option[value="DE"]').textContent(),
    ).toBe('Allemagne');
    expect(await page.getByRole('button', { name: 'Enregistrer le brouillon' }).count()).toBe(1);
  });

  it('shows a deadline on the first of a month as French writes it, in the reader’s zone', async () => {
    // prepare: 1 April 2099 at 10:00 UTC is 12:00 in Paris, the browser's zone
    const title = `Premier du mois ${Date.now()}`;
    await createCall({ title, deadline: '2099-04-01T10:00:00Z' });

    const reader = await signedInPage(browser, 'NEPPO');

    // act
    await reader
      .getByRole('navigation', { name: 'Language' })
      .getByRole('link', { name: 'Français' })
      .click();

    // assess
    const card = reader.locator('article.card', { hasText: title });
    expect(await card.locator('time').first().textContent()).toMatch(/^1er avril 2099 à 12:00 UTC\+2$/);
    await reader.context().close();
  });

  it('shows the Spanish form with Spanish vocabularies', async () => {
    // act
    await languageSwitcher().getByRole('link', { name: 'Español' }).click();

    // assess
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    const activity = page.getByRole('group', { name: 'Actividad 1', exact: true });
    expect(await activity.getByRole('checkbox', { name: /^T6:/ }).locator('..').textContent()).toContain(
      'Reducir la introducción de especies exóticas invasoras',
    );
    await expectAccessible(page, 'the Spanish form');
  });

  it('lays the Arabic pages out right to left, with errors in Arabic, and passes axe', async () => {
    // prepare
    await languageSwitcher().getByRole('link', { name: 'العربية' }).click();

    // act
    await page.getByRole('button', { name: 'إرسال' }).click();

    // assess
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    const summary = page.getByRole('alert');
    expect(await summary.getByRole('heading').textContent()).toBe('توجد مشكلة');
    expect(await summary.getByRole('link').first().textContent()).toBe('النشاط 1، عنوان النشاط: حقل مطلوب');
    const direction = await page.evaluate("getComputedStyle(document.querySelector('main')).direction");
    expect(direction).toBe('rtl');
    await expectAccessible(page, 'the Arabic form with errors');
    await screenshot(page, 'rppo-pilot-activities-arabic');

    await page.goto('/');
    await expectAccessible(page, 'your calls in Arabic');
    await screenshot(page, 'rppo-your-calls-arabic');
  });

  it('shows the Secretariat’s board in Arabic without accessibility problems', async () => {
    // prepare
    const secretariat = await signedInPage(browser, 'secretariat', `/calls/${callId}`, { locale: 'ar' });

    // assess: with no language chosen yet, the browser's Accept-Language picks Arabic
    expect(await secretariat.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await secretariat.getByRole('button', { name: 'تجميع المقترح' }).count()).toBe(1);
    await expectAccessible(secretariat, 'the board in Arabic');
    await screenshot(secretariat, 'secretariat-board-arabic');
    await secretariat.context().close();
  });
});
