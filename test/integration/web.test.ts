/**
 * The web pages over HTTP, without a browser: sign-in redirects, the session check, CSRF, bad form
 * posts answered with a 4xx page (never a 500), and a form's history of versions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dependencies } from '#config/dependencies.ts';
import type { ApiEvent } from '#http/request.ts';
import { createTranslator } from '#web/i18n.ts';
import { loadWebTemplates } from '#web/render.ts';
import { createSessionVerifier } from '#web/session.ts';
import { createWebHandler } from '../../functions/web.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../local/auth.ts';
import { freePort } from '../../local/emulators.ts';
import { apiUrl, createCall, request, saveAndSubmit, submissionPath, tokenFor } from '../support/api.ts';
import { testConfig, testDependencies } from '../support/dependencies.ts';
import { makeActivity } from '../support/fixtures.ts';
import { foreignTokens } from '../support/forged-tokens.ts';

let callId: string;
let formPath: string;
let oirsa: string;
let secretariat: string;
let csrf: string;

/** Signs in through the local sign-in form and returns the session cookie. */
async function sessionFor(who: string): Promise<string> {
  const response = await fetch(apiUrl('/local/login'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ who, next: '/' }),
    redirect: 'manual',
  });
  const cookie = response.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(
    /^rppo_session=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly$/,
  );
  return cookie.split(';')[0] ?? '';
}

async function page(path: string, init: RequestInit & { cookie?: string } = {}) {
  const response = await fetch(apiUrl(path), {
    ...init,
    redirect: 'manual',
    headers: { ...(init.cookie ? { cookie: init.cookie } : {}), ...(init.headers as Record<string, string>) },
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function post(
  path: string,
  cookie: string,
  fields: [string, string][],
  headers: Record<string, string> = {},
) {
  return page(path, {
    method: 'POST',
    cookie,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

beforeAll(async () => {
  callId = await createCall();
  formPath = `/calls/${callId}/forms/OIRSA/pilot-activities`;
  oirsa = await sessionFor('rppo:OIRSA');
  secretariat = await sessionFor('secretariat');
  const form = await page(formPath, { cookie: oirsa });
  csrf = /name="csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
  expect(csrf).not.toBe('');
});

describe('web sign-in', () => {
  it('sends a visitor without a session to the sign-in page and back', async () => {
    // act
    const response = await page(`/calls/${callId}`);

    // assess
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `/auth/sign-in?next=${encodeURIComponent(`/calls/${callId}`)}`,
    );
  });

  it('treats forged, unsigned and foreign tokens as no session', async () => {
    // prepare
    const claims = { 'cognito:groups': ['secretariat'], token_use: 'id' };
    const { anotherKey: foreign, unsigned } = await foreignTokens(claims);

    // act
    const statuses = await Promise.all(
      [foreign, unsigned, 'garbage'].map(
        async (token) => (await page('/', { cookie: `rppo_session=${token}` })).status,
      ),
    );

    // assess
    expect(statuses).toEqual([303, 303, 303]);
  });

  it('answers a post without a session with a 401 page that offers to sign in', async () => {
    // act
    const response = await post(formPath, '', [['action', 'save']]);

    // assess
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.text).toMatch(/href="\/auth\/sign-in\?next/);
  });

  it('sends security headers with every page', async () => {
    // act
    const response = await page('/', { cookie: oirsa });

    // assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});

describe('web form posts', () => {
  const fields = (...extra: [string, string][]): [string, string][] => [
    ['csrf', csrf],
    ['version', ''],
    ...extra,
  ];

  it.each([
    ['no CSRF token', () => [['action', 'save']] as [string, string][], 403],
    [
      'another session’s CSRF token',
      () =>
        [
          ['csrf', 'x'.repeat(43)],
          ['action', 'save'],
        ] as [string, string][],
      403,
    ],
    ['an unknown action', () => fields(['action', 'delete-everything']), 400],
    ['an action on a group that does not exist', () => fields(['action', 'add:activities.0.nothing']), 400],
    ['a field sent twice', () => fields(['activities.0.title', 'a'], ['activities.0.title', 'b']), 400],
    ['an index of 10,000', () => fields(['activities.10000.title', 'a']), 400],
    [
      'a version that is not a number',
      () =>
        [
          ['csrf', csrf],
          ['version', '1 OR 1=1'],
        ] as [string, string][],
      400,
    ],
    [
      'a number where a number cannot be',
      () => fields(['activities.0', ''], ['activities.0.durationMonths', '1e400']),
      400,
    ],
    [
      'a code outside the vocabulary',
      () => fields(['activities.0', ''], ['activities.0.gbfTargets', 'T99']),
      400,
    ],
    ['a control character', () => fields(['activities.0', ''], ['activities.0.title', 'a\u0001b']), 400],
  ] as [string, () => [string, string][], number][])(
    'answers %s with a 4xx HTML page',
    async (_, body, status) => {
      // act
      const response = await post(formPath, oirsa, body());

      // assess
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    },
  );

  it.each([
    ['a JSON body', 'application/json', '{"action":"save"}', 415],
    ['a body over 1 MB', 'application/x-www-form-urlencoded', `a=${'x'.repeat(1_100_000)}`, 413],
  ])('answers %s with a 4xx', async (_, type, body, status) => {
    // act
    const response = await page(formPath, {
      method: 'POST',
      cookie: oirsa,
      headers: { 'content-type': type },
      body,
    });

    // assess
    expect(response.status).toBe(status);
  });

  it('never fails on bytes that are not UTF-8', async () => {
    // act
    const response = await page(formPath, {
      method: 'POST',
      cookie: oirsa,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.concat([Buffer.from(`csrf=${csrf}&activities.0.title=`), Buffer.from([0xc3, 0x28])]),
    });

    // assess
    // The bytes are read as replacement characters (and saved) or refused, never a server error.
    expect([303, 400]).toContain(response.status);
  });

  it.each([
    ['an unknown call', () => `/calls/0000000000unknown/forms/OIRSA/pilot-activities`, 404],
    ['an unknown RPPO', () => `/calls/${callId}/forms/XXXX/pilot-activities`, 404],
    ['an unknown form', () => `/calls/${callId}/forms/OIRSA/budget`, 404],
    ['a malformed call id', () => `/calls/..%2F..%2Fetc/forms/OIRSA/pilot-activities`, 404],
    ['another RPPO’s form', () => `/calls/${callId}/forms/EPPO/pilot-activities`, 403],
  ] as [string, () => string, number][])(
    'answers a page of %s, shown or posted, with the same 4xx',
    async (_, path, status) => {
      // act
      const shown = await page(path(), { cookie: oirsa });
      const posted = await post(path(), oirsa, fields(['action', 'save']));

      // assess
      expect([shown.status, posted.status]).toEqual([status, status]);
    },
  );

  it('takes a repeated click on Save as the save it repeats, and anything else as a conflict', async () => {
    // prepare
    const path = `/calls/${callId}/forms/OIRSA/implementation-support`;
    const typed = (description: string) =>
      fields(['commitments.0', ''], ['commitments.0.description', description], ['action', 'save']);
    const first = await post(path, oirsa, typed('Hosts the regional meeting'));

    // act
    const repeated = await post(path, oirsa, typed('Hosts the regional meeting'));
    const different = await post(path, oirsa, typed('Provides two experts'));

    // assess
    expect([first.status, repeated.status, different.status]).toEqual([303, 303, 409]);
    expect(different.text).toContain('Someone else saved this form');
    expect(different.text).toContain('Provides two experts');
  });

  it('shows the time of the version in the way in a <time> element, in UTC until the page’s script shows it in the reader’s zone', async () => {
    // prepare: version 2 is saved over version 1 while a form of version 1 is still open
    const conflictCall = await createCall();
    const path = `/calls/${conflictCall}/forms/OIRSA/implementation-support`;
    const typed = (version: string, description: string): [string, string][] => [
      ['csrf', csrf],
      ['version', version],
      ['commitments.0', ''],
      ['commitments.0.description', description],
      ['action', 'save'],
    ];
    await post(path, oirsa, typed('', 'Hosts the regional meeting'));
    await post(path, oirsa, typed('1', 'Hosts the regional meeting in Lima'));
    const saved = await request(submissionPath(conflictCall, 'OIRSA', 'implementation-support'), {
      token: await tokenFor('OIRSA'),
    });

    // act
    const conflict = await post(path, `${oirsa}; rppo_lang=fr`, typed('1', 'Provides two experts'));

    // assess
    expect(conflict.status).toBe(409);
    const body = /<p class="body">(La version 2 a été enregistrée [\s\S]*?)<\/p>/.exec(conflict.text)?.[1];
    expect(body).toMatch(
      /^La version 2 a été enregistrée le <time datetime="[^"]+" data-local>\d+ \S+ \d{4} à \d\d:\d\d UTC<\/time> par oirsa@example\.org\. Vous modifiiez la version 1\./,
    );
    expect(body).toContain(`<time datetime="${saved.body.updatedAt}" data-local>`);
  });

  it('shows what a focal point typed as text, never as markup', async () => {
    // prepare
    const typed = '"><script>alert(1)</script><b onmouseover=x>';
    const path = `/calls/${callId}/forms/OIRSA/guide-promotion`;
    const saved = await post(
      path,
      oirsa,
      fields(['events.0', ''], ['events.0.title', typed], ['action', 'save']),
    );
    expect(saved.status).toBe(303);

    // act
    const shown = await page(path, { cookie: oirsa });

    // assess
    expect(shown.text).not.toContain('<script>alert(1)');
    expect(shown.text).not.toContain('<b onmouseover');
    expect(shown.text).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('says what is wrong in the reader’s language, the API keeping its English', async () => {
    // prepare
    const french = `${oirsa}; rppo_lang=fr`;

    // act
    const pilot = await post(
      formPath,
      french,
      fields(['activities.0', ''], ['activities.0.title', 'Ligne 1\nLigne 2'], ['action', 'save']),
    );
    const comments = await post(
      `/calls/${callId}/forms/OIRSA/draft-input`,
      french,
      fields(
        ['comments.0', ''],
        ['comments.0.sectionId', 'no-such-section'],
        ['comments.0.comment', 'Plus de détails'],
        ['action', 'save'],
      ),
    );

    // assess
    expect(pilot.status).toBe(400);
    expect(pilot.text).toContain('Doit tenir sur une seule ligne');
    expect(pilot.text).not.toContain('Must be a single line');
    expect(comments.status).toBe(400);
    expect(comments.text).toContain('Ne correspond à aucune section du projet de cet appel');
  });

  it('says what is wrong with a post no page sends in the reader’s language', async () => {
    // prepare
    const french = `${oirsa}; rppo_lang=fr`;
    const board = await page(`/calls/${callId}`, { cookie: secretariat });
    const secretariatCsrf = /name="csrf" value="([^"]+)"/.exec(board.text)?.[1] ?? '';

    // act
    const unknownAction = await post(formPath, french, fields(['action', 'delete-everything']));
    const sentTwice = await post(
      formPath,
      french,
      fields(['activities.0.title', 'a'], ['activities.0.title', 'b']),
    );
    const badIndex = await post(formPath, french, fields(['activities.10000.title', 'a']));
    const badVersion = await post(formPath, french, [
      ['csrf', csrf],
      ['version', '1 OR 1=1'],
    ]);
    const notTheirs = await post(formPath, `${secretariat}; rppo_lang=fr`, [
      ['csrf', secretariatCsrf],
      ['action', 'save'],
    ]);

    // assess
    expect(
      [unknownAction, sentTwice, badIndex, badVersion, notTheirs].map((answer) => answer.status),
    ).toEqual([400, 400, 400, 400, 403]);
    expect(unknownAction.text).toContain('Le formulaire a demandé une action qu’il ne propose pas');
    expect(unknownAction.text).not.toContain('unknown action');
    expect(sentTwice.text).toContain('Un champ a été envoyé plusieurs fois ; rechargez la page et réessayez');
    expect(badIndex.text).toContain('Un élément de liste porte un numéro hors limites');
    expect(badVersion.text).toContain('Le formulaire n’indique aucune version valide');
    expect(notTheirs.text).toContain(
      'Seuls les points de contact de OIRSA peuvent modifier ses contributions',
    );
    expect(notTheirs.text).not.toContain('Only focal points');
  });

  it('does not let the Secretariat write an RPPO’s form, but lets it read it', async () => {
    // prepare
    const board = await page(`/calls/${callId}`, { cookie: secretariat });
    const secretariatCsrf = /name="csrf" value="([^"]+)"/.exec(board.text)?.[1] ?? '';

    // act
    const read = await page(formPath, { cookie: secretariat });
    const written = await post(formPath, secretariat, [
      ['csrf', secretariatCsrf],
      ['action', 'save'],
    ]);

    // assess
    expect(read.status).toBe(200);
    expect(read.text).not.toContain('<form method="post" action="/calls/');
    expect(written.status).toBe(403);
  });

  it('shows a call form sent from an earlier session again, with what was typed, and creates nothing', async () => {
    // prepare: the CSRF token of another sign-in, as after signing in again in another tab
    const title = `Call typed before signing in again ${Date.now()}`;

    // act
    const posted = await post('/calls', secretariat, [
      ['csrf', 'x'.repeat(43)],
      ['version', ''],
      ['title', title],
      ['action', 'save'],
    ]);
    const home = await page('/', { cookie: secretariat });

    // assess
    expect(posted.status).toBe(403);
    expect(posted.text).toContain('Nothing has been saved yet');
    expect(posted.text).toContain(`value="${title}"`);
    expect(posted.text).toMatch(/name="csrf" value="[\w-]{43}"/);
    expect(home.text).not.toContain(title);
  });

  it('keeps the RPPOs off the Secretariat’s pages', async () => {
    // act
    const board = await page(`/calls/${callId}`, { cookie: oirsa });
    const assemble = await post(`/calls/${callId}/proposals`, oirsa, [['csrf', csrf]]);

    // assess
    expect([board.status, assemble.status]).toEqual([403, 403]);
  });
});

/**
 * The web function in this process, with a write quota and a clock of its own; `environment` and
 * `adapt` change its configuration and its stores.
 */
function webHandler({
  writesPerMinute = 1000,
  clock = () => new Date(),
  environment = {},
  adapt = (deps) => deps,
}: {
  writesPerMinute?: number;
  clock?: () => Date;
  environment?: Record<string, string>;
  adapt?: (deps: Dependencies) => Dependencies;
} = {}) {
  return createWebHandler({
    ...adapt(testDependencies(testConfig({ WRITES_PER_MINUTE: String(writesPerMinute), ...environment }))),
    clock,
    sessions: createSessionVerifier({
      jwksUrl: apiUrl('/local/jwks.json'),
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
    }),
    templates: loadWebTemplates(),
    web: { signInUrl: '/auth/sign-in' },
  });
}

/** A form post as API Gateway hands it to the web function. */
function formPostEvent(path: string, cookies: string[], fields: [string, string][]): ApiEvent {
  const [, , callId = '', , rppo = '', form = ''] = path.split('/');
  return {
    version: '2.0',
    routeKey: 'POST /calls/{callId}/forms/{rppo}/{form}',
    rawPath: path,
    rawQueryString: '',
    cookies,
    headers: { 'x-forwarded-proto': 'http', 'content-type': 'application/x-www-form-urlencoded' },
    pathParameters: { callId, rppo, form },
    body: new URLSearchParams(fields).toString(),
    isBase64Encoded: false,
    requestContext: { requestId: `quota-${Date.now()}`, http: { method: 'POST', path } },
  } as unknown as ApiEvent;
}

/** A page request (GET) of `route` as API Gateway hands it to the web function. */
function pageEvent(route: string, pathParameters: Record<string, string>, cookies: string[]): ApiEvent {
  const path = route.replace(/\{(\w+)\}/g, (_, name: string) => pathParameters[name] ?? name);
  return {
    version: '2.0',
    routeKey: `GET ${route}`,
    rawPath: path,
    rawQueryString: '',
    cookies,
    headers: { 'x-forwarded-proto': 'http' },
    pathParameters,
    isBase64Encoded: false,
    requestContext: { requestId: `page-${Date.now()}`, http: { method: 'GET', path } },
  } as unknown as ApiEvent;
}

describe('web error pages in the reader’s language', () => {
  /** The fields of a first save of a pilot-activities form with one activity. */
  const activitySave = (title: string): [string, string][] => [
    ['csrf', csrf],
    ['version', ''],
    ['activities.0', ''],
    ['activities.0.title', title],
    ['action', 'save'],
  ];

  it('says why access is refused in the reader’s language, the API keeping its English', async () => {
    // prepare
    const french = `${oirsa}; rppo_lang=fr`;

    // act
    const otherForm = await page(`/calls/${callId}/forms/EPPO/pilot-activities`, { cookie: french });
    const board = await page(`/calls/${callId}`, { cookie: french });
    const api = await request(submissionPath(callId, 'EPPO', 'pilot-activities'), {
      token: await tokenFor('OIRSA'),
    });

    // assess
    expect([otherForm.status, board.status, api.status]).toEqual([403, 403, 403]);
    expect(otherForm.text).toContain('Vous ne pouvez pas consulter les contributions de EPPO');
    expect(otherForm.text).not.toContain('You may not read');
    expect(board.text).toContain('Seul le Secrétariat de la CIPV peut faire cela');
    expect(board.text).not.toContain('Only the IPPC Secretariat');
    expect(api.body).toEqual({
      type: 'about:blank',
      status: 403,
      title: 'Forbidden',
      detail: 'You may not read the input of EPPO',
    });
  });

  it('asks to sign in in the reader’s language when a post comes without a session', async () => {
    // act
    const assemble = await post(`/calls/${callId}/proposals`, 'rppo_lang=fr', [['csrf', 'x'.repeat(43)]]);

    // assess
    expect(assemble.status).toBe(401);
    expect(assemble.text).toContain('<h1 class="heading-l">Connectez-vous pour continuer</h1>');
    expect(assemble.text).not.toContain('Sign in to continue');
  });

  it('says a person has made too many changes in a minute in the reader’s language', async () => {
    // prepare: a quota of one write a minute, used by the first save (or by this person's others)
    const handler = webHandler({ writesPerMinute: 1 });
    const path = `/calls/${await createCall()}/forms/OIRSA/pilot-activities`;
    const save = (title: string) =>
      handler(formPostEvent(path, [oirsa, 'rppo_lang=fr'], activitySave(title)));
    await save('First');

    // act
    const refused = await save('Second');

    // assess
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('Trop de modifications en une minute');
    expect(refused.body).not.toContain('Too many changes');
  });

  it('tells the browser when to try again after too many changes, as the API does', async () => {
    // prepare: one write a minute, and a clock 45 seconds into a minute no other test writes in
    const handler = webHandler({ writesPerMinute: 1, clock: () => new Date('2026-06-01T08:00:45Z') });
    const path = `/calls/${await createCall()}/forms/OIRSA/pilot-activities`;
    const save = (title: string) => handler(formPostEvent(path, [oirsa], activitySave(title)));
    await save('First');

    // act
    const refused = await save('Second');

    // assess: the quota's minute ends in 15 seconds
    expect(refused.statusCode).toBe(429);
    expect(refused.headers?.['Content-Type']).toMatch(/^text\/html/);
    expect(refused.headers?.['Retry-After']).toBe('15');
  });

  it('tells the browser when to try again when the storage is unreachable, as the API does', async () => {
    // prepare
    const unreachable = `http://127.0.0.1:${await freePort()}`;
    const handler = webHandler({ environment: { AWS_ENDPOINT_URL_DYNAMODB: unreachable } });

    // act
    const home = await handler(pageEvent('/', {}, [oirsa]));

    // assess
    expect(home.statusCode).toBe(503);
    expect(home.headers?.['Content-Type']).toMatch(/^text\/html/);
    expect(home.headers?.['Retry-After']).toBe('5');
  });

  it('leaves Retry-After out of the pages that have nothing to wait for', async () => {
    // act
    const forbidden = await webHandler()(pageEvent('/calls/{callId}', { callId }, [oirsa, 'rppo_lang=fr']));

    // assess
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.headers).not.toHaveProperty('Retry-After');
  });

  it('says in French that there is no such RPPO', async () => {
    // prepare: reference data that lacks OIRSA, as a table seeded before it was added would
    const handler = webHandler({
      adapt: (deps) => ({
        ...deps,
        reference: {
          ...deps.reference,
          rppos: async () => (await deps.reference.rppos()).filter((rppo) => rppo.code !== 'OIRSA'),
        },
      }),
    });
    const form = { callId, rppo: 'OIRSA', form: 'pilot-activities' };

    // act
    const response = await handler(
      pageEvent('/calls/{callId}/forms/{rppo}/{form}', form, [oirsa, 'rppo_lang=fr']),
    );

    // assess
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Il n’existe aucune ORPV OIRSA');
    expect(response.body).not.toContain('There is no RPPO');
  });

  it('says a save came after the deadline in the reader’s language, the deadline in a <time> element', async () => {
    // prepare: a form opened before the deadline is saved after it
    const handler = webHandler({ clock: () => new Date('2100-01-01T00:00:00Z') });
    const path = `/calls/${await createCall({ title: 'Appel', deadline: '2099-03-31T23:59:00Z' })}/forms/OIRSA/pilot-activities`;

    // act
    const late = await handler(formPostEvent(path, [oirsa, 'rppo_lang=fr'], activitySave('Trop tard')));

    // assess
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain(
      '<li>La date limite de l’appel « Appel » (<time datetime="2099-03-31T23:59:00Z" data-local>' +
        '31 mars 2099 à 23:59 UTC</time>) est passée</li>',
    );
    expect(late.body).toContain('value="Trop tard"');
  });
});

describe('web form history', () => {
  let historyCall: string;
  let form: string;
  let history: string;
  let eppo: string;

  /** Version number and status of each row of a history page, top to bottom. */
  const versionsOf = (html: string) =>
    [...html.matchAll(/<th scope="row">(\d+)<\/th>\s*<td><strong class="tag tag--(\w+)">/g)].map((match) => [
      Number(match[1]),
      match[2],
    ]);

  beforeAll(async () => {
    historyCall = await createCall();
    form = `/calls/${historyCall}/forms/OIRSA/pilot-activities`;
    history = `${form}/revisions`;
    eppo = await sessionFor('rppo:EPPO');
    // Version 1 a draft, 2 its submission, 3 a later draft with another title.
    await saveAndSubmit(historyCall, 'OIRSA', 'pilot-activities', {
      activities: [makeActivity({ title: 'Fruit fly traps in the first version' })],
    });
    const later = await request(submissionPath(historyCall, 'OIRSA', 'pilot-activities'), {
      method: 'PUT',
      token: await tokenFor('OIRSA'),
      headers: { 'if-match': '"2"' },
      body: { activities: [makeActivity({ title: 'Weevil surveys in the third version' })] },
    });
    expect(later.status).toBe(200);
  });

  it('lists every version newest first, with its status, author and time, when the focal point asks', async () => {
    // act
    const response = await page(history, { cookie: oirsa });

    // assess
    expect(response.status).toBe(200);
    expect(versionsOf(response.text)).toEqual([
      [3, 'draft'],
      [2, 'submitted'],
      [1, 'draft'],
    ]);
    expect(response.text.match(/<td>oirsa@example\.org<\/td>/g)).toHaveLength(3);
    expect(response.text.match(/<time datetime="[^"]+" data-local>/g)).toHaveLength(3);
    expect(response.text).toContain(`href="${history}/1"`);
  });

  it('lists the same versions when the Secretariat asks', async () => {
    // act
    const response = await page(history, { cookie: secretariat });

    // assess
    expect(response.status).toBe(200);
    expect(versionsOf(response.text).map(([version]) => version)).toEqual([3, 2, 1]);
  });

  it('links the form page to its history once something is saved', async () => {
    // act
    const saved = await page(form, { cookie: oirsa });
    const nothingSaved = await page(`/calls/${historyCall}/forms/OIRSA/guide-promotion`, { cookie: oirsa });

    // assess
    expect(saved.text).toContain(`<a href="${history}">See every saved version</a>`);
    expect(nothingSaved.text).not.toContain('/revisions');
  });

  it('answers another RPPO with the 403 page in its language, for the list and for a version', async () => {
    // act
    const list = await page(history, { cookie: eppo });
    const version = await page(`${history}/1`, { cookie: `${eppo}; rppo_lang=fr` });

    // assess
    expect([list.status, version.status]).toEqual([403, 403]);
    expect(list.text).toContain('You cannot see this page');
    expect(version.text).toContain('Vous ne pouvez pas voir cette page');
    expect(version.text).not.toContain('Fruit fly traps');
  });

  it.each([
    ['an unknown form', () => `/calls/${historyCall}/forms/OIRSA/budget/revisions`],
    ['a form with nothing saved', () => `/calls/${historyCall}/forms/OIRSA/guide-promotion/revisions`],
    ['an unknown call', () => '/calls/0000000000unknown/forms/OIRSA/pilot-activities/revisions'],
    ['a version not saved yet', () => `${history}/4`],
    ['a version that is not a number', () => `${history}/latest`],
  ])('answers %s with the 404 page', async (_, path) => {
    // act
    const response = await page(path(), { cookie: oirsa });

    // assess
    expect(response.status).toBe(404);
    expect(response.text).toContain('Page not found');
  });

  it('shows the version’s time in a <time> element, in UTC until the page’s script shows it in the reader’s zone', async () => {
    // prepare
    const saved = await request(`${submissionPath(historyCall, 'OIRSA', 'pilot-activities')}/revisions/1`, {
      token: await tokenFor('OIRSA'),
    });

    // act
    const shown = await page(`${history}/1`, { cookie: `${oirsa}; rppo_lang=fr` });

    // assess
    const status = /<p class="body">(Brouillon\. Version 1, [\s\S]*?)<\/p>/.exec(shown.text)?.[1];
    expect(status).toMatch(
      /^Brouillon\. Version 1, enregistrée le <time datetime="[^"]+" data-local>\d+ \S+ \d{4} à \d\d:\d\d UTC<\/time> par oirsa@example\.org\.$/,
    );
    expect(status).toContain(`<time datetime="${saved.body.createdAt}" data-local>`);
  });

  it('shows a version read-only with that version’s data, not the latest', async () => {
    // act
    const first = await page(`${history}/1`, { cookie: oirsa });
    const third = await page(`${history}/3`, { cookie: secretariat });

    // assess
    expect(first.status).toBe(200);
    expect(first.text).toContain('Fruit fly traps in the first version');
    expect(first.text).not.toContain('Weevil surveys');
    expect(first.text).toContain('You are reading version 1 as it was saved. The latest version is 3.');
    expect(first.text).toContain('Draft. Version 1, saved');
    expect(first.text).not.toContain('<form method="post" action="/calls/');
    expect(third.text).toContain('Weevil surveys in the third version');
    expect(third.text).not.toContain('Fruit fly traps');
  });
});

describe('web 404 pages in the reader’s language', () => {
  const unknownCall = '0000000000unknown';
  let knownCall: string;

  beforeAll(async () => {
    knownCall = await createCall();
    // Versions 1 (the draft) and 2 (its submission) of OIRSA's pilot activities; nothing else saved.
    await saveAndSubmit(knownCall, 'OIRSA', 'pilot-activities');
  });

  it('says in French that there is no such call', async () => {
    // act
    const form = await page(`/calls/${unknownCall}/forms/OIRSA/pilot-activities`, {
      cookie: `${oirsa}; rppo_lang=fr`,
    });
    const board = await page(`/calls/${unknownCall}`, { cookie: `${secretariat}; rppo_lang=fr` });

    // assess
    expect([form.status, board.status]).toEqual([404, 404]);
    for (const { text } of [form, board]) {
      expect(text).toContain(`Il n’existe aucun appel portant l’identifiant ${unknownCall}`);
      expect(text).not.toContain('There is no call');
    }
  });

  it('says in Spanish that an RPPO has saved nothing for a form yet, naming the form by its title', async () => {
    // act
    const history = await page(`/calls/${knownCall}/forms/OIRSA/guide-promotion/revisions`, {
      cookie: `${oirsa}; rppo_lang=es`,
    });

    // assess
    expect(history.status).toBe(404);
    expect(history.text).toContain(
      'OIRSA aún no ha guardado nada en «Promoción de la Guía de la CIPF sobre movilización de recursos»',
    );
    expect(history.text).not.toContain('has saved nothing');
  });

  it('says in Arabic that there is no such version of a form', async () => {
    // act
    const version = await page(`/calls/${knownCall}/forms/OIRSA/pilot-activities/revisions/3`, {
      cookie: `${oirsa}; rppo_lang=ar`,
    });

    // assess
    expect(version.status).toBe(404);
    expect(version.text).toContain(
      'لا يوجد الإصدار 3 من «الأنشطة المقترحة للمشاريع التجريبية الإقليمية» لدى OIRSA',
    );
    expect(version.text).not.toContain('There is no version');
  });

  it('says in French that there is no such page', async () => {
    // act
    const unknownForm = await page(`/calls/${knownCall}/forms/OIRSA/budget`, {
      cookie: `${oirsa}; rppo_lang=fr`,
    });

    // assess
    expect(unknownForm.status).toBe(404);
    expect(unknownForm.text).toContain('Cette page n’existe pas');
    expect(unknownForm.text).not.toContain('No such page');
  });

  it('names the form by its title on the English page too', async () => {
    // act
    const history = await page(`/calls/${knownCall}/forms/OIRSA/guide-promotion/revisions`, {
      cookie: `${oirsa}; rppo_lang=en`,
    });

    // assess
    expect(history.status).toBe(404);
    expect(history.text).toContain(
      'OIRSA has saved nothing for “Promotion of the IPPC Guide to Resource Mobilization” yet',
    );
  });

  it('keeps the API’s 404 bodies as they were: English, without codes', async () => {
    // prepare
    const token = await tokenFor('OIRSA');
    const notFound = (detail: string) => ({ type: 'about:blank', status: 404, title: 'Not found', detail });

    // act
    const ofUnknownCall = await request(submissionPath(unknownCall, 'OIRSA', 'pilot-activities'), { token });
    const nothingSaved = await request(submissionPath(knownCall, 'OIRSA', 'guide-promotion', '/revisions'), {
      token,
    });
    const noVersion = await request(submissionPath(knownCall, 'OIRSA', 'pilot-activities', '/revisions/3'), {
      token,
    });

    // assess
    expect(ofUnknownCall.body).toEqual(notFound(`There is no call ${unknownCall}`));
    expect(nothingSaved.body).toEqual(notFound('OIRSA has saved nothing for guide-promotion yet'));
    expect(noVersion.body).toEqual(notFound("There is no version 3 of OIRSA's pilot-activities"));
  });
});

describe('the Secretariat’s board', () => {
  it('names the time of each proposal in its download link in a <time> element, in UTC until the page’s script shows it in the reader’s zone', async () => {
    // prepare
    const id = await createCall();
    const assembled = await request(`/api/calls/${id}/proposals`, {
      method: 'POST',
      token: await tokenFor('secretariat'),
    });
    const when = createTranslator(loadWebTemplates().catalogs, 'fr').dateTime(assembled.body.createdAt);

    // act
    const board = await page(`/calls/${id}`, { cookie: `${secretariat}; rppo_lang=fr` });

    // assess
    expect(assembled.status).toBe(201);
    const link = new RegExp(`<a href="/calls/${id}/proposals/[^"]+/download">(.*?)</a>`).exec(
      board.text,
    )?.[1];
    expect(link).toBe(
      '<span aria-hidden="true">Télécharger</span><span class="visually-hidden">Télécharger la proposition ' +
        `assemblée le <time datetime="${assembled.body.createdAt}" data-local>${when}</time> (.docx)</span>`,
    );
  });

  it('writes the deadline after the label the way the reader’s language does', async () => {
    // prepare
    const id = await createCall({ deadline: '2099-03-31T23:59:00Z' });

    // act
    const board = await page(`/calls/${id}`, { cookie: `${secretariat}; rppo_lang=fr` });

    // assess: French sets a no-break space before the colon
    expect(board.text).toContain('Date limite\u00a0: <time datetime="2099-03-31T23:59:00Z" data-local>');
  });
});

describe('web language and assets', () => {
  it('remembers a language in a cookie and returns only to a page of this site', async () => {
    // act
    const response = await page('/language/ar?next=%2F%2Fevil.example%2F');
    const unknown = await page('/language/xx?next=%2F');

    // assess
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    expect(response.headers.get('set-cookie')).toMatch(
      /^rppo_lang=ar; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly$/,
    );
    expect(unknown.status).toBe(404);
  });

  it('serves the style sheet and nothing outside the assets', async () => {
    // act
    const css = await page('/assets/app.css', { headers: { 'accept-encoding': 'identity' } });
    const outside = await page('/assets/..%2F..%2Fpackage.json');

    // assess
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(outside.status).toBe(404);
  });
});

describe('the Secretariat’s call form', () => {
  let formCsrf: string;

  beforeAll(async () => {
    const form = await page('/calls/new', { cookie: secretariat });
    formCsrf = /name="csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    expect(formCsrf).not.toBe('');
  });

  /** Every field of the call form, as the page posts them; `changes` replaces or adds. */
  function callForm(changes: Record<string, string>): [string, string][] {
    const fields: Record<string, string> = {
      csrf: formCsrf,
      version: '',
      title: 'Input on plant health and biodiversity',
      deadline: '2099-07-14T12:00',
      deadlineZone: 'UTC',
      'draftSections.0': '',
      'draftSections.0.id': 'rationale',
      'draftSections.0.title': 'Rationale',
      'draftSections.0.text': 'Plant pests threaten biodiversity.',
      proposalTitle: 'Protecting biodiversity from plant pests',
      targetPartner: 'GEF',
      durationMonths: '36',
      action: 'save',
      ...changes,
    };
    return Object.entries(fields);
  }

  /** The time zone select of a call form page. */
  function zoneSelectOf(html: string): string {
    return /<select [^>]*name="deadlineZone"[^>]*>[\s\S]*?<\/select>/.exec(html)?.[0] ?? '';
  }

  async function storedCall(id: string) {
    return (await request(`/api/calls/${id}`, { token: await tokenFor('secretariat') })).body;
  }

  it('stores the UTC instant of a deadline typed in Europe/Paris when creating a call', async () => {
    // act: 14 July 2030 at 12:00 in Paris is summer time, UTC+2
    const created = await post('/calls', secretariat, callForm({ deadlineZone: 'Europe/Paris' }));

    // assess
    expect(created.status).toBe(303);
    const id = /^\/calls\/([^/?]+)\?/.exec(created.headers.get('location') ?? '')?.[1] ?? '';
    expect((await storedCall(id)).deadline).toBe('2099-07-14T10:00:00Z');
  });

  it('shows the saved deadline in UTC on the edit page and stores a deadline typed in another zone', async () => {
    // prepare
    const id = await createCall({ deadline: '2099-07-14T10:00:00Z' });
    const edit = await page(`/calls/${id}/edit`, { cookie: secretariat });

    // act: 15 January 2030 at 23:59 in Paris is winter time, UTC+1
    const saved = await post(
      `/calls/${id}/edit`,
      secretariat,
      callForm({ version: '1', status: 'open', deadline: '2099-01-15T23:59', deadlineZone: 'Europe/Paris' }),
    );

    // assess
    expect(edit.text).toContain('value="2099-07-14T10:00" data-instant="2099-07-14T10:00:00Z"');
    expect(edit.text).toMatch(
      /<select class="select" id="f-deadline-zone" name="deadlineZone"[^>]* data-default>/,
    );
    expect(saved.status).toBe(303);
    expect((await storedCall(id)).deadline).toBe('2099-01-15T22:59:00Z');
  });

  it('says when someone else changed the call in a <time> element, in UTC until the page’s script shows it in the reader’s zone', async () => {
    // prepare: the call changes to version 2 while an edit page of version 1 is still open
    const id = await createCall();
    const edit = (title: string) => callForm({ version: '1', status: 'open', title });
    await post(`/calls/${id}/edit`, secretariat, edit('Changed in one tab'));
    const changed = await storedCall(id);

    // act
    const stale = await post(`/calls/${id}/edit`, `${secretariat}; rppo_lang=fr`, edit('Changed in another'));

    // assess
    expect(stale.status).toBe(409);
    const banner = /<div class="warning-panel" role="status"><p class="body">([\s\S]*?)<\/p>/.exec(
      stale.text,
    )?.[1];
    expect(banner).toMatch(
      /^Quelqu’un d’autre a modifié cet appel \(<time datetime="[^"]+" data-local>\d+ \S+ \d{4} à \d\d:\d\d UTC<\/time>\)\. /,
    );
    expect(banner).toContain(`<time datetime="${changed.updatedAt}" data-local>`);
  });

  it('clears an optional field left empty on the edit page and keeps the others', async () => {
    // prepare
    const id = await createCall();

    // act
    const saved = await post(
      `/calls/${id}/edit`,
      secretariat,
      callForm({ version: '1', status: 'open', targetPartner: '', durationMonths: '' }),
    );

    // assess
    expect(saved.status).toBe(303);
    const call = await storedCall(id);
    expect(call).not.toHaveProperty('targetPartner');
    expect(call).not.toHaveProperty('durationMonths');
    expect(call.proposalTitle).toBe('Protecting biodiversity from plant pests');
  });

  it('saves the budgets the Secretariat gives Components 1 and 3, shows them on the edit page and clears one emptied', async () => {
    // prepare
    const created = await post(
      '/calls',
      secretariat,
      callForm({ globalToolsBudgetUsd: '1500000', knowledgeManagementBudgetUsd: '650000' }),
    );
    const id = /^\/calls\/([^/?]+)\?/.exec(created.headers.get('location') ?? '')?.[1] ?? '';

    // act
    const stored = await storedCall(id);
    const edit = await page(`/calls/${id}/edit`, { cookie: `${secretariat}; rppo_lang=fr` });
    const saved = await post(
      `/calls/${id}/edit`,
      secretariat,
      callForm({
        version: '1',
        status: 'open',
        globalToolsBudgetUsd: '1500000',
        knowledgeManagementBudgetUsd: '',
      }),
    );

    // assess
    expect([stored.globalToolsBudgetUsd, stored.knowledgeManagementBudgetUsd]).toEqual([1_500_000, 650_000]);
    expect(edit.text).toContain(
      'Budget de la composante 1, outils et orientations à l’échelle mondiale (USD)',
    );
    expect(edit.text).toMatch(/name="knowledgeManagementBudgetUsd"[^>]*value="650000"/);
    expect(saved.status).toBe(303);
    const after = await storedCall(id);
    expect(after.globalToolsBudgetUsd).toBe(1_500_000);
    expect(after).not.toHaveProperty('knowledgeManagementBudgetUsd');
  });

  it('refuses a required field left empty on the edit page, naming it, and changes nothing', async () => {
    // prepare
    const id = await createCall();
    const before = await storedCall(id);

    // act
    const saved = await post(
      `/calls/${id}/edit`,
      secretariat,
      callForm({ version: '1', status: 'open', title: '' }),
    );

    // assess
    expect(saved.status).toBe(400);
    expect(saved.text).toContain('href="#f-title"');
    expect((await storedCall(id)).version).toBe(before.version);
  });

  it('refuses an unknown time zone with a field error in the reader’s language, keeping what was typed', async () => {
    // act
    const posted = await post(
      '/calls',
      `${secretariat}; rppo_lang=fr`,
      callForm({ deadlineZone: 'Europe/Atlantis' }),
    );

    // assess
    expect(posted.status).toBe(400);
    expect(posted.text).toContain('Choisissez un fuseau horaire dans la liste');
    expect(posted.text).toContain('value="2099-07-14T12:00"');
    expect(posted.text).toContain('<option selected>Europe/Atlantis</option>');
  });

  it('groups the time zones by area, UTC first, in the reader’s language', async () => {
    // act
    const form = await page('/calls/new', { cookie: `${secretariat}; rppo_lang=fr` });

    // assess
    const select = zoneSelectOf(form.text);
    expect([...select.matchAll(/<optgroup label="([^"]+)">/g)].map((match) => match[1])).toEqual([
      'UTC et autres fuseaux',
      'Afrique',
      'Amériques',
      'Antarctique',
      'Asie',
      'Océan Atlantique',
      'Australie',
      'Europe',
      'Océan Indien',
      'Océan Pacifique',
    ]);
    expect(select).toMatch(/<optgroup label="UTC et autres fuseaux"><option selected>UTC<\/option>/);
    expect(select).toMatch(
      /<optgroup label="Europe">(<option[^>]*>Europe\/\w+<\/option>)*<option>Europe\/Paris</,
    );
    expect(select.match(/<option/g)).toHaveLength(Intl.supportedValuesOf('timeZone').length + 1);
  });

  it('stores a deadline typed in a zone sent under its other name, and selects the name it lists', async () => {
    // prepare: India is Asia/Kolkata to IANA and Firefox, Asia/Calcutta to Node 20 and Chromium
    const listed = Intl.supportedValuesOf('timeZone').includes('Asia/Calcutta')
      ? 'Asia/Calcutta'
      : 'Asia/Kolkata';
    const other = listed === 'Asia/Calcutta' ? 'Asia/Kolkata' : 'Asia/Calcutta';

    // act: 14 July 2030 at 12:00 in India is 06:30 UTC
    const created = await post('/calls', secretariat, callForm({ deadlineZone: other }));
    const refused = await post('/calls', secretariat, callForm({ deadlineZone: other, title: '' }));

    // assess
    expect(created.status).toBe(303);
    const id = /^\/calls\/([^/?]+)\?/.exec(created.headers.get('location') ?? '')?.[1] ?? '';
    expect((await storedCall(id)).deadline).toBe('2099-07-14T06:30:00Z');
    expect(refused.status).toBe(400);
    const select = zoneSelectOf(refused.text);
    expect([...select.matchAll(/<option[^>]* selected>([^<]+)</g)].map((match) => match[1])).toEqual([
      listed,
    ]);
    expect(select).toMatch(
      new RegExp(
        `<optgroup label="Asia">(<option[^>]*>[^<]+</option>)*<option data-aliases="${other}" selected>${listed}<`,
      ),
    );
    expect(select).not.toContain(`>${other}<`);
  });

  it('refuses a date that does not exist with the date-time field error', async () => {
    // act
    const posted = await post(
      '/calls',
      secretariat,
      callForm({ deadline: '2099-02-30T10:00', deadlineZone: 'Europe/Paris' }),
    );

    // assess
    expect(posted.status).toBe(400);
    expect(posted.text).toContain('href="#f-deadline"');
    expect(posted.text).toContain('value="2099-02-30T10:00"');
    expect(posted.text).toContain('<option selected>Europe/Paris</option>');
  });
});
