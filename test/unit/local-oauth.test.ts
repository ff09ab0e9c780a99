/** The local stand-in of Cognito's managed login: its refresh token grant and revocation endpoint. */
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { pkceChallenge, randomToken } from '#web/oauth.ts';
import { createLocalAuth, LOCAL_AUDIENCE, type LocalAuth } from '../../local/auth.ts';
import { createLocalOAuth } from '../../local/oauth.ts';

const BASE_URL = 'http://127.0.0.1:3000';
const DAY_MS = 24 * 60 * 60 * 1000;

let auth: LocalAuth;

beforeAll(async () => {
  auth = await createLocalAuth();
});

/** The stand-in, at a clock the test can move. */
function makeStandIn() {
  let now = new Date('2027-03-01T09:00:00Z');
  const oauth = createLocalOAuth({
    auth,
    clientId: LOCAL_AUDIENCE,
    baseUrl: () => BASE_URL,
    clock: () => now,
  });
  const post = async (path: string, form: Record<string, string>) => {
    const answer = await oauth.handle(
      'POST',
      new URL(`${BASE_URL}/local${path}`),
      Buffer.from(new URLSearchParams(form).toString()),
    );
    if (!answer) throw new Error(`no answer at ${path}`);
    return {
      status: answer.status,
      headers: answer.headers,
      json: answer.body ? JSON.parse(answer.body) : undefined,
    };
  };
  return {
    post,
    later: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
    /** Signs `who` in (authorize, then the code grant) and returns the token answer. */
    async signIn(who = 'rppo:EPPO') {
      const verifier = randomToken();
      const chosen = await oauth.handle(
        'POST',
        new URL(`${BASE_URL}/local/oauth2/authorize`),
        Buffer.from(
          new URLSearchParams({
            response_type: 'code',
            client_id: LOCAL_AUDIENCE,
            redirect_uri: `${BASE_URL}/auth/callback`,
            scope: 'openid email',
            state: randomToken(),
            code_challenge: pkceChallenge(verifier),
            code_challenge_method: 'S256',
            who,
          }).toString(),
        ),
      );
      const code = new URL(chosen?.headers.Location ?? '').searchParams.get('code') ?? '';
      const tokens = await post('/oauth2/token', {
        grant_type: 'authorization_code',
        client_id: LOCAL_AUDIENCE,
        code,
        redirect_uri: `${BASE_URL}/auth/callback`,
        code_verifier: verifier,
      });
      expect(tokens.status).toBe(200);
      return tokens.json as { id_token: string; refresh_token: string };
    },
  };
}

const refresh = (refreshToken: string, clientId = LOCAL_AUDIENCE) => ({
  grant_type: 'refresh_token',
  client_id: clientId,
  refresh_token: refreshToken,
});

describe('the local token endpoint: refresh token grant', () => {
  it('answers the code grant with a refresh token, and trades it for ID tokens of the same sign-in', async () => {
    // prepare
    const standIn = makeStandIn();
    const signedIn = await standIn.signIn();

    // act
    const renewed = await standIn.post('/oauth2/token', refresh(signedIn.refresh_token));

    // assess
    expect(signedIn.refresh_token).toMatch(/^[\w-]{64}$/);
    expect(renewed.status).toBe(200);
    expect(renewed.json.refresh_token).toBeUndefined();
    const [before, after] = [decodeJwt(signedIn.id_token), decodeJwt(renewed.json.id_token)];
    expect(after).toMatchObject({ sub: 'local-eppo', token_use: 'id', aud: LOCAL_AUDIENCE });
    expect(after.origin_jti).toBe(before.origin_jti);
    expect(after.jti).not.toBe(before.jti);
    expect(await auth.verify(renewed.json.id_token)).toBeDefined();
  });

  it.each([
    ['unknown', (_: string) => refresh('u'.repeat(64)), 'invalid_grant'],
    ['of another client', (token: string) => refresh(token, 'another-app'), 'invalid_client'],
  ])('refuses a refresh token that is %s', async (_, form, error) => {
    // prepare
    const standIn = makeStandIn();
    const signedIn = await standIn.signIn();

    // act
    const answer = await standIn.post('/oauth2/token', form(signedIn.refresh_token));

    // assess
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error });
  });

  it('refuses a refresh token after its 30 days', async () => {
    // prepare
    const standIn = makeStandIn();
    const signedIn = await standIn.signIn();
    standIn.later(30 * DAY_MS + 1);

    // act
    const answer = await standIn.post('/oauth2/token', refresh(signedIn.refresh_token));

    // assess
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('the local revocation endpoint', () => {
  it('ends a refresh token: the token endpoint refuses it afterwards', async () => {
    // prepare
    const standIn = makeStandIn();
    const signedIn = await standIn.signIn();

    // act
    const revoked = await standIn.post('/oauth2/revoke', {
      token: signedIn.refresh_token,
      client_id: LOCAL_AUDIENCE,
    });
    const afterwards = await standIn.post('/oauth2/token', refresh(signedIn.refresh_token));

    // assess
    expect(revoked.status).toBe(200);
    expect(afterwards.status).toBe(400);
    expect(afterwards.json).toMatchObject({ error: 'invalid_grant' });
  });

  it('answers 200 for an unknown token (RFC 7009), 400 without a token or for another client', async () => {
    // prepare
    const standIn = makeStandIn();

    // act
    const statuses = await Promise.all([
      standIn.post('/oauth2/revoke', { token: 'u'.repeat(64), client_id: LOCAL_AUDIENCE }),
      standIn.post('/oauth2/revoke', { client_id: LOCAL_AUDIENCE }),
      standIn.post('/oauth2/revoke', { token: 'u'.repeat(64), client_id: 'another-app' }),
    ]);

    // assess
    expect(statuses.map((answer) => answer.status)).toEqual([200, 400, 400]);
  });
});
