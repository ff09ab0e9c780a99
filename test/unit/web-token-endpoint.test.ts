import { describe, expect, it, vi } from 'vitest';
import type { OAuthConfig } from '#web/oauth.ts';
import { createTokenEndpoint } from '#web/token-endpoint.ts';

const config: OAuthConfig = {
  domain: 'https://rppo-prod-1a2b3c4d.auth.eu-west-1.amazoncognito.com',
  clientId: 'client123',
  baseUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/',
};

/** A fetch that answers every request with `answer` (or throws it), recording the requests. */
function makeFetch(answer: Response | Error) {
  return vi.fn(async (_url: string | URL | Request, _init?: RequestInit): Promise<Response> => {
    if (answer instanceof Error) throw answer;
    return answer;
  });
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const refused = () => new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });

describe('createTokenEndpoint: refresh', () => {
  it('posts the refresh token grant as a form and reads the new ID token', async () => {
    // prepare
    const fetcher = makeFetch(json(200, { id_token: 'a.b.c', access_token: 'x', expires_in: 28800 }));

    // act
    const outcome = await createTokenEndpoint(config, fetcher).refresh('the-refresh-token');

    // assess
    expect(outcome).toEqual({ kind: 'tokens', tokens: { idToken: 'a.b.c' } });
    const [url, init] = fetcher.mock.calls[0] ?? [];
    expect(url).toBe(`${config.domain}/oauth2/token`);
    expect(init?.method).toBe('POST');
    expect(new Headers(init?.headers).get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(init?.body as URLSearchParams)).toEqual({
      grant_type: 'refresh_token',
      client_id: 'client123',
      refresh_token: 'the-refresh-token',
    });
  });

  it.each([
    [400, { error: 'invalid_grant', error_description: 'Refresh Token has been revoked' }, 'invalid_grant'],
    [400, { error: 'invalid grant <script>' }, 'an error'],
    [401, {}, 'an error'],
  ])('takes a %i answer as a refusal named by its error code only', async (status, body, error) => {
    // act
    const outcome = await createTokenEndpoint(config, makeFetch(json(status, body))).refresh('t');

    // assess
    expect(outcome).toEqual({ kind: 'refused', error });
  });

  it.each([
    ['a 503', () => json(503, {}), 'status 503'],
    ['an answer without an ID token', () => json(200, { access_token: 'x' }), 'no ID token in the answer'],
    ['no answer at all', refused, 'TypeError ECONNREFUSED'],
  ])('takes %s as the token endpoint being unavailable', async (_, answer, reason) => {
    // act
    const outcome = await createTokenEndpoint(config, makeFetch(answer())).refresh('t');

    // assess
    expect(outcome).toMatchObject({ kind: 'unavailable', reason });
  });
});

describe('createTokenEndpoint: revoke', () => {
  it('posts the refresh token and the client to the revocation endpoint', async () => {
    // prepare
    const fetcher = makeFetch(new Response(null, { status: 200 }));

    // act
    const revoked = await createTokenEndpoint(config, fetcher).revoke('the-refresh-token');

    // assess
    expect(revoked).toBe(true);
    const [url, init] = fetcher.mock.calls[0] ?? [];
    expect(url).toBe(`${config.domain}/oauth2/revoke`);
    expect(Object.fromEntries(init?.body as URLSearchParams)).toEqual({
      token: 'the-refresh-token',
      client_id: 'client123',
    });
  });

  it.each([
    ['a refusal', () => json(400, { error: 'unsupported_token_type' })],
    ['no answer', refused],
  ])('reports %s as not revoked, without throwing', async (_, answer) => {
    expect(await createTokenEndpoint(config, makeFetch(answer())).revoke('t')).toBe(false);
  });
});
