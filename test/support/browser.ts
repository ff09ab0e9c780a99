/**
 * Debian's Chromium driven by playwright-core for the end-to-end suite: sign-in through the local
 * sign-in page, accessibility checks with axe-core, screenshots for review.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { RppoCode } from '#domain/rppos.ts';
import { apiUrl } from './api.ts';
import { requireCommands } from './system-tools.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS_DIR = resolve(import.meta.dirname, '..', '..', 'artifacts', 'screenshots');

/** True when Chromium is installed; otherwise skips loudly (locally) or fails (CI=true). */
export function chromiumAvailable(): boolean {
  return requireCommands(
    'End-to-end suite (test/e2e)',
    [CHROMIUM],
    'apt-get update && apt-get install -y chromium fonts-noto-core',
  );
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** A fresh browser profile (no cookies), in a time zone other than UTC so local times show. */
export function newContext(
  browser: Browser,
  options: { locale?: string; timezoneId?: string } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: apiUrl(),
    locale: options.locale ?? 'en-GB',
    timezoneId: options.timezoneId ?? 'Europe/Paris',
    viewport: { width: 1100, height: 900 },
    acceptDownloads: true,
  });
}

/** A page in a fresh browser profile (`newContext`), signed in as `who` and open at `next`. */
export async function signedInPage(
  browser: Browser,
  who: 'secretariat' | RppoCode,
  next = '/',
  options: { locale?: string; timezoneId?: string } = {},
): Promise<Page> {
  const page = await (await newContext(browser, options)).newPage();
  await signIn(page, who, next);
  return page;
}

/** Signs in through the local sign-in page, as Cognito's hosted page would, and lands on `next`. */
export async function signIn(page: Page, who: 'secretariat' | RppoCode, next = '/'): Promise<void> {
  await page.goto(`/local/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Sign in as').selectOption(who === 'secretariat' ? 'secretariat' : `rppo:${who}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === next.split('?')[0]);
}

/** Asserts that axe-core finds no serious or critical violation on the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help}\n    ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join('\n    ')}`,
    );
  expect(serious, `accessibility of ${what}`).toEqual([]);
}

/** Writes a full-page screenshot to artifacts/screenshots/<name>.png for review. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}
