import { describe, expect, it } from 'vitest';
import { negotiateLanguage } from '#web/i18n.ts';
import { html, safeLocalPath } from '#web/respond.ts';
import {
  cookie,
  csrfMatches,
  csrfTokenFor,
  REFRESH_COOKIE_PATHS,
  readCookies,
  refreshCookies,
  sessionCookie,
} from '#web/session.ts';

const token = (signature: string) => `eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.${signature}`;

/** A token of the shape Cognito issues with token revocation on: its claims name the sign-in. */
function makeIdToken(claims: Record<string, unknown>, signature: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'k' })}.${part({ sub: 'x', token_use: 'id', ...claims })}.${signature}`;
}

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

  it('stays the same when the session is renewed from the same sign-in (same origin_jti)', () => {
    // prepare: two ID tokens from one refresh token: other jti, exp and signature, same origin_jti
    const origin = '3f9c2a51-6b1e-4c8e-9a7d-0e5b2c4d6f81';
    const before = makeIdToken({ origin_jti: origin, jti: 'a1', exp: 1 }, 'first-signature');
    const renewed = makeIdToken({ origin_jti: origin, jti: 'b2', exp: 2 }, 'second-signature');

    // act
    const issued = csrfTokenFor(before);

    // assess
    expect(csrfMatches(renewed, issued)).toBe(true);
  });

  it('differs for another sign-in, and for a session without origin_jti', () => {
    // prepare
    const first = makeIdToken({ origin_jti: '3f9c2a51-6b1e-4c8e-9a7d-0e5b2c4d6f81' }, 'same-signature');
    const second = makeIdToken({ origin_jti: '8d0e4b7a-2c61-4f3a-b5e9-71a2c3d4e5f6' }, 'same-signature');
    const without = makeIdToken({}, 'same-signature');

    // act
    const tokens = [first, second, without].map(csrfTokenFor);

    // assess
    expect(new Set(tokens).size).toBe(3);
    expect(csrfTokenFor(without)).toBe(csrfTokenFor(token('same-signature')));
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

  it('keeps the refresh token on /calls, the sign-in and sign-out only, HttpOnly, for 30 days', () => {
    // act
    const secure = refreshCookies('r.t', true);
    const local = refreshCookies('r.t', false);
    const deleted = refreshCookies('', true, 0);

    // assess
    expect(REFRESH_COOKIE_PATHS).toEqual(['/calls', '/auth/sign-in', '/sign-out']);
    expect(secure).toEqual([
      'rppo_refresh=r.t; Path=/calls; Max-Age=2592000; SameSite=Lax; HttpOnly; Secure',
      'rppo_refresh=r.t; Path=/auth/sign-in; Max-Age=2592000; SameSite=Lax; HttpOnly; Secure',
      'rppo_refresh=r.t; Path=/sign-out; Max-Age=2592000; SameSite=Lax; HttpOnly; Secure',
    ]);
    expect(local.join()).not.toContain('Secure');
    expect(deleted).toEqual(
      REFRESH_COOKIE_PATHS.map((path) => expect.stringMatching(`^rppo_refresh=; Path=${path}; Max-Age=0;`)),
    );
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
