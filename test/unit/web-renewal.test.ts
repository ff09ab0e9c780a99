import type { JWTPayload } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { createSessionRenewal, RENEW_BEFORE_SECONDS, type RenewalRequest, renewalDue } from '#web/renewal.ts';
import type { SessionVerifier } from '#web/session.ts';
import type { GrantOutcome, TokenEndpoint } from '#web/token-endpoint.ts';
import { captureLogLines } from '../support/logs.ts';

const NOW = new Date('2027-03-01T09:00:00Z');
const nowSeconds = NOW.getTime() / 1000;
const REFRESH_TOKEN = 'refresh-token-0123456789abcdefghijklmnopqrstuvwxyz';

/** Claims of a verified session ending `secondsLeft` from NOW. */
function makeClaims(secondsLeft: number, overrides: JWTPayload = {}): JWTPayload {
  return { sub: 'focal-point-1', exp: nowSeconds + secondsLeft, token_use: 'id', ...overrides };
}

/** A token endpoint answering every refresh with `outcome`, counting the calls. */
function makeTokenEndpoint(outcome: GrantOutcome) {
  const refresh = vi.fn(async (_token: string) => outcome);
  const endpoint: TokenEndpoint = {
    refresh,
    exchangeCode: async () => outcome,
    revoke: async () => true,
  };
  return { endpoint, refresh };
}

/** A verifier that knows exactly the given tokens. */
function makeVerifier(known: Record<string, JWTPayload>): SessionVerifier {
  return { verify: async (token) => known[token] };
}

function makeRequest(overrides: Partial<RenewalRequest> = {}): RenewalRequest {
  return { refreshToken: REFRESH_TOKEN, current: undefined, secure: true, requestId: 'req-1', ...overrides };
}

const renewedTokens: GrantOutcome = { kind: 'tokens', tokens: { idToken: 'new.id.token' } };
const deletions = [
  expect.stringMatching(/^rppo_refresh=; Path=\/calls; Max-Age=0;/),
  expect.stringMatching(/^rppo_refresh=; Path=\/auth\/sign-in; Max-Age=0;/),
  expect.stringMatching(/^rppo_refresh=; Path=\/sign-out; Max-Age=0;/),
];

describe('renewalDue', () => {
  it.each([
    ['there is no session', undefined, true],
    ['the session has no subject', { exp: nowSeconds + 3600 }, true],
    ['the session has ended', makeClaims(-1), true],
    ['the session ends within the renewal margin', makeClaims(RENEW_BEFORE_SECONDS - 1), true],
    ['the session has longer to go', makeClaims(RENEW_BEFORE_SECONDS + 1), false],
  ] as [string, JWTPayload | undefined, boolean][])('is %s → %s', (_, claims, due) => {
    expect(renewalDue(claims, NOW)).toBe(due);
  });
});

describe('createSessionRenewal', () => {
  const lines = captureLogLines('debug');

  it('renews the session with the refresh token and sets the new ID token for its lifetime', async () => {
    // prepare
    const { endpoint, refresh } = makeTokenEndpoint(renewedTokens);
    const renew = createSessionRenewal({
      tokenEndpoint: endpoint,
      sessions: makeVerifier({ 'new.id.token': makeClaims(8 * 3600) }),
      clock: () => NOW,
    });

    // act
    const renewal = await renew(makeRequest());

    // assess
    expect(refresh).toHaveBeenCalledWith(REFRESH_TOKEN);
    expect(renewal).toMatchObject({
      kind: 'renewed',
      token: 'new.id.token',
      claims: { sub: 'focal-point-1' },
    });
    expect(renewal.cookies).toEqual([
      'rppo_session=new.id.token; Path=/; Max-Age=28800; SameSite=Lax; HttpOnly; Secure',
    ]);
  });

  it('keeps a rotated refresh token in place of the old one', async () => {
    // prepare
    const rotated = 'rotated-refresh-token-0123456789abcdefghijklmnop';
    const { endpoint } = makeTokenEndpoint({
      kind: 'tokens',
      tokens: { idToken: 'new.id.token', refreshToken: rotated },
    });
    const renew = createSessionRenewal({
      tokenEndpoint: endpoint,
      sessions: makeVerifier({ 'new.id.token': makeClaims(8 * 3600) }),
      clock: () => NOW,
    });

    // act
    const renewal = await renew(makeRequest({ secure: false }));

    // assess
    expect(renewal.cookies).toEqual([
      expect.stringMatching(/^rppo_session=new\.id\.token; /),
      `rppo_refresh=${rotated}; Path=/calls; Max-Age=2592000; SameSite=Lax; HttpOnly`,
      `rppo_refresh=${rotated}; Path=/auth/sign-in; Max-Age=2592000; SameSite=Lax; HttpOnly`,
      `rppo_refresh=${rotated}; Path=/sign-out; Max-Age=2592000; SameSite=Lax; HttpOnly`,
    ]);
  });

  it('deletes a refresh token the token endpoint refuses (expired, revoked or unknown)', async () => {
    // prepare
    const { endpoint } = makeTokenEndpoint({ kind: 'refused', error: 'invalid_grant' });
    const renew = createSessionRenewal({ tokenEndpoint: endpoint, sessions: makeVerifier({}) });

    // act
    const renewal = await renew(makeRequest());

    // assess
    expect(renewal).toEqual({ kind: 'failed', cookies: deletions });
    expect(lines.join()).toContain('invalid_grant');
  });

  it('keeps the refresh token for the next request when the token endpoint is unavailable', async () => {
    // prepare
    const { endpoint } = makeTokenEndpoint({ kind: 'unavailable', reason: 'TypeError ECONNREFUSED' });
    const renew = createSessionRenewal({ tokenEndpoint: endpoint, sessions: makeVerifier({}) });

    // act
    const renewal = await renew(makeRequest());

    // assess
    expect(renewal).toEqual({ kind: 'failed', cookies: [] });
    expect(lines.join()).toContain('token endpoint unavailable');
  });

  it('does not call the token endpoint for a cookie that cannot be a refresh token, and deletes it', async () => {
    // prepare
    const { endpoint, refresh } = makeTokenEndpoint(renewedTokens);
    const renew = createSessionRenewal({ tokenEndpoint: endpoint, sessions: makeVerifier({}) });

    // act
    const renewal = await renew(makeRequest({ refreshToken: 'x;y' }));

    // assess
    expect(refresh).not.toHaveBeenCalled();
    expect(renewal).toEqual({ kind: 'failed', cookies: deletions });
  });

  it('refuses a new ID token that does not verify', async () => {
    // prepare
    const { endpoint } = makeTokenEndpoint(renewedTokens);
    const renew = createSessionRenewal({ tokenEndpoint: endpoint, sessions: makeVerifier({}) });

    // act
    const renewal = await renew(makeRequest());

    // assess
    expect(renewal).toEqual({ kind: 'failed', cookies: [] });
  });

  it('keeps a still-valid session of someone else rather than switching person', async () => {
    // prepare
    const { endpoint } = makeTokenEndpoint(renewedTokens);
    const renew = createSessionRenewal({
      tokenEndpoint: endpoint,
      sessions: makeVerifier({ 'new.id.token': makeClaims(8 * 3600, { sub: 'someone-else' }) }),
    });

    // act
    const renewal = await renew(makeRequest({ current: makeClaims(60) }));

    // assess
    expect(renewal.kind).toBe('failed');
  });

  it('never writes the refresh token or the new ID token to the log', async () => {
    // prepare
    const outcomes: GrantOutcome[] = [
      renewedTokens,
      { kind: 'refused', error: 'invalid_grant' },
      { kind: 'unavailable', reason: 'status 503' },
    ];

    // act
    for (const outcome of outcomes) {
      const renew = createSessionRenewal({
        tokenEndpoint: makeTokenEndpoint(outcome).endpoint,
        sessions: makeVerifier({ 'new.id.token': makeClaims(8 * 3600) }),
      });
      await renew(makeRequest());
    }

    // assess
    expect(lines).toHaveLength(3);
    expect(lines.join()).not.toContain(REFRESH_TOKEN);
    expect(lines.join()).not.toContain('new.id.token');
  });
});
