/**
 * A browser without a browser, for the web pages' integration tests over HTTP: it follows nothing by
 * itself (each redirect is a step the test takes) and keeps cookies as a browser does — by name and
 * path, sending each only to the paths it covers (RFC 6265 §5.1.4), dropping it at Max-Age=0.
 */
import { expect } from 'vitest';
import { apiUrl } from './api.ts';

export interface Answer {
  readonly status: number;
  readonly location: string;
  /** The Set-Cookie values of the answer. */
  readonly cookies: string[];
  readonly text: string;
}

interface StoredCookie {
  readonly name: string;
  readonly value: string;
  readonly path: string;
}

/** Whether a cookie of `cookiePath` goes with a request for `requestPath`. */
export function pathMatches(cookiePath: string, requestPath: string): boolean {
  if (requestPath === cookiePath) return true;
  return (
    requestPath.startsWith(cookiePath) &&
    (cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/')
  );
}

export class Browser {
  private readonly jar = new Map<string, StoredCookie>();

  /** The value of the first cookie of that name, whatever its path. */
  get(name: string): string | undefined {
    return [...this.jar.values()].find((stored) => stored.name === name)?.value;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Every path a cookie of that name is kept for. */
  pathsOf(name: string): string[] {
    return [...this.jar.values()].filter((stored) => stored.name === name).map((stored) => stored.path);
  }

  set(name: string, value: string, path = '/'): void {
    this.jar.set(`${name};${path}`, { name, value, path });
  }

  /** Drops a cookie at every path, as the browser does when its Max-Age runs out. */
  delete(name: string): void {
    for (const [key, stored] of this.jar) if (stored.name === name) this.jar.delete(key);
  }

  /** The Cookie header this browser sends with a request for `path`. */
  cookieHeaderFor(path: string): string {
    return [...this.jar.values()]
      .filter((stored) => pathMatches(stored.path, path))
      .map((stored) => `${stored.name}=${stored.value}`)
      .join('; ');
  }

  async go(url: string, init: { method?: string; form?: Record<string, string> | [string, string][] } = {}) {
    const target = new URL(url.startsWith('http') ? url : apiUrl(url));
    const cookie = this.cookieHeaderFor(target.pathname);
    const response = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    const cookies = response.headers.getSetCookie();
    for (const set of cookies) this.store(set);
    return {
      status: response.status,
      location: response.headers.get('location') ?? '',
      cookies,
      text: await response.text(),
    } satisfies Answer;
  }

  private store(setCookie: string): void {
    const [pair = '', ...attributes] = setCookie.split(';').map((part) => part.trim());
    const name = pair.slice(0, pair.indexOf('='));
    const value = pair.slice(pair.indexOf('=') + 1);
    const path = attributes.find((attribute) => /^path=/i.test(attribute))?.slice(5) || '/';
    if (attributes.some((attribute) => /^max-age=0$/i.test(attribute))) this.jar.delete(`${name};${path}`);
    else this.set(name, value, path);
  }
}

const decodeHtml = (value: string) =>
  value
    .replaceAll('&quot;', '"')
    .replaceAll('&#x27;', "'")
    .replaceAll('&#39;', "'")
    .replaceAll('&#x3D;', '=')
    .replaceAll('&#x60;', '`')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

/** The hidden fields of the first form of a page, in order (names may repeat). */
export function hiddenFields(html: string): [string, string][] {
  return [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((match) => [
    decodeHtml(match[1] ?? ''),
    decodeHtml(match[2] ?? ''),
  ]);
}

/** The CSRF token a page's forms carry. */
export function csrfOf(html: string): string {
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  expect(csrf, 'the page has a CSRF token').not.toBe('');
  return csrf;
}

/** Runs the managed login's flow up to the callback URL the authorization server sends the browser to. */
export async function authorize(browser: Browser, next: string, who = 'rppo:EPPO') {
  const start = await browser.go(`/auth/sign-in?next=${encodeURIComponent(next)}`);
  expect(start.status).toBe(302);
  const login = await browser.go(start.location);
  expect(login.status).toBe(200);
  const chosen = await browser.go(apiUrl('/local/oauth2/authorize'), {
    form: [...hiddenFields(login.text), ['who', who]],
  });
  expect(chosen.status).toBe(302);
  return { start, login, callbackUrl: chosen.location };
}

/** Signs in through the managed login's local stand-in and lands on `next`; returns the callback's answer. */
export async function signInThroughManagedLogin(
  browser: Browser,
  next: string,
  who: string,
): Promise<Answer> {
  const { callbackUrl } = await authorize(browser, next, who);
  const callback = await browser.go(callbackUrl);
  expect(callback.status).toBe(303);
  return callback;
}
