import { describe, expect, it } from 'vitest';
import { negotiateLanguage } from '#web/i18n.ts';
import { html, safeLocalPath } from '#web/respond.ts';
import { cookie, csrfMatches, csrfTokenFor, readCookies, sessionCookie } from '#web/session.ts';

const token = (signature: string) => `eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.${signature}`;

describe('csrfTokenFor', () => {
  it('is stable for a session and different for another session', () => {
    expect(csrfTokenFor(token('abc'))).toBe(csrfTokenFor(token('abc')));
    expect(csrfTokenFor(token('abc'))).not.toBe(csrfTokenFor(token('abd')));
  });

  it('accepts only the token of the same session', () => {
    const session = token('abc');
    expect(csrfMatches(session, csrfTokenFor(session))).toBe(true);
    expect(csrfMatches(session, csrfTokenFor(token('other')))).toBe(false);
    expect(csrfMatches(session, undefined)).toBe(false);
    expect(csrfMatches(session, '')).toBe(false);
    expect(csrfMatches(session, 'short')).toBe(false);
  });
});

describe('session cookies', () => {
  it('is HttpOnly and SameSite=Lax, Secure over https, and lives as long as the token', () => {
    // act
    const now = new Date('2027-01-01T00:00:00Z');
    const secure = sessionCookie('t', now.getTime() / 1000 + 3600, now, true);
    const local = sessionCookie('t', now.getTime() / 1000 + 3600, now, false);

    // assess
    expect(secure).toBe('rppo_session=t; Path=/; Max-Age=3600; SameSite=Lax; HttpOnly; Secure');
    expect(local).not.toContain('Secure');
    expect(cookie('rppo_session', '', { secure: true, maxAge: -5 })).toContain('Max-Age=0');
  });

  it('reads cookies from payload 2.0 and from a Cookie header, first value winning', () => {
    expect(readCookies({ cookies: ['a=1', 'b=x=y', 'a=2'] })).toEqual(
      new Map([
        ['a', '1'],
        ['b', 'x=y'],
      ]),
    );
    expect(readCookies({ headers: { Cookie: 'rppo_lang=fr; rppo_session=abc' } }).get('rppo_lang')).toBe(
      'fr',
    );
    expect(readCookies({}).size).toBe(0);
  });
});

describe('html', () => {
  it('lets forms lead only to this site, and to the sign-in server when named (sign-out redirects there)', () => {
    // act
    const plain = html(200, '<p>hi</p>').headers?.['Content-Security-Policy'];
    const withSignIn = html(200, '<p>hi</p>', {
      formTargets: ['https://rppo-prod-1a2b3c4d.auth.eu-west-1.amazoncognito.com'],
    }).headers?.['Content-Security-Policy'];

    // assess
    expect(plain).toContain("form-action 'self';");
    expect(withSignIn).toContain(
      "form-action 'self' https://rppo-prod-1a2b3c4d.auth.eu-west-1.amazoncognito.com;",
    );
  });
});

describe('safeLocalPath', () => {
  it.each([
    ['/calls/abc?x=1', '/calls/abc?x=1'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['/caf\u00e9', '/'],
    ['/a\nb', '/'],
    [undefined, '/'],
  ])('keeps %j as %j', (candidate, expected) => {
    expect(safeLocalPath(candidate)).toBe(expected);
  });
});

describe('negotiateLanguage', () => {
  it.each([
    ['fr-CH, fr;q=0.9, en;q=0.8', 'fr'],
    ['de, es;q=0.5, ar;q=0.7', 'ar'],
    ['ar-EG', 'ar'],
    ['de-DE', undefined],
    ['en;q=0, es', 'es'],
    [undefined, undefined],
  ])('picks from %j: %j', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });
});
