/**
 * Errors of the domain said in the reader's language: every code the domain can emit has a text in
 * each catalog, and a form page shows the catalog's text for it (the API keeps its English).
 */
import { describe, expect, it } from 'vitest';
import {
  principalFromClaims,
  requireAnyRole,
  requireRead,
  requireSecretariat,
  requireWrite,
} from '#domain/access.ts';
import { assertAcceptsInput, createCallSchema } from '#domain/calls.ts';
import { DomainError, domainErrorCodes, type FieldError, fieldErrorCodes } from '#domain/errors.ts';
import { issueMessages, toFieldErrors } from '#domain/fields.ts';
import { validateForm } from '#domain/forms.ts';
import { type FormRef, getRevision, listRevisions } from '#usecases/submissions.ts';
import { formDataFrom, parseAction, parseVersion, readFormBody } from '#web/form-data.ts';
import { formFields } from '#web/form-fields.ts';
import { buildFormView } from '#web/form-view.ts';
import { createTranslator, languages, localizeError, localizeErrorParts } from '#web/i18n.ts';
import { loadWebTemplates } from '#web/render.ts';
import { makeActivity, makeCall } from '../support/fixtures.ts';

const templates = loadWebTemplates();
const { catalogs } = templates;
const french = createTranslator(catalogs, 'fr');
const call = makeCall();

function domainErrorOf(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a domain error');
}

function pilotPage(data: Record<string, unknown>, mode: 'draft' | 'complete') {
  const { errors } = domainErrorOf(() => validateForm('pilot-activities', mode, data, call));
  return {
    errors,
    view: buildFormView({
      form: 'pilot-activities',
      fields: formFields('pilot-activities').fields,
      data,
      errors,
      t: french,
    }),
  };
}

describe('error codes', () => {
  it.each(languages)('%s has a text for every code the domain emits', (lang) => {
    // act
    const missing = [...fieldErrorCodes, ...domainErrorCodes]
      .map((code) => `errors.${code}`)
      .filter((key) => catalogs[lang][key] === undefined);

    // assess
    expect(missing).toEqual([]);
  });

  it('names a code on the zod issues of the forms', () => {
    // act
    const { errors } = domainErrorOf(() =>
      validateForm(
        'pilot-activities',
        'draft',
        {
          activities: [{ title: 'A\nB', countries: ['FR', 'FR', 'XX'], durationMonths: 1.5, extra: 1 }],
        },
        call,
      ),
    );

    // assess
    expect(errors.map(({ path, code }) => `${path}: ${code}`).sort()).toEqual([
      'activities.0.countries.2: unknownCountry',
      'activities.0.countries: duplicateCountry',
      'activities.0.durationMonths: wholeNumber',
      'activities.0.extra: unknownField',
      'activities.0.title: singleLine',
    ]);
  });

  it('names the code of a schema-wide message on a missing value too', () => {
    // act
    const { errors } = domainErrorOf(() =>
      validateForm('guide-promotion', 'complete', { events: [{}] }, call),
    );

    // assess
    expect(errors.find((error) => error.path === 'events.0.date')).toEqual({
      path: 'events.0.date',
      message: 'Must be a date as YYYY-MM-DD',
      code: 'date',
    });
  });

  it('gives every field error of a bad call a code, keeping the English message', () => {
    // act
    const parsed = createCallSchema().safeParse(
      { title: 'x'.repeat(301), deadline: 'soon', draftSections: [{ id: 'A b', title: '', text: 'T' }] },
      { error: issueMessages },
    );
    const errors = parsed.success ? [] : toFieldErrors(parsed.error.issues);

    // assess
    expect(errors).toContainEqual({
      path: 'title',
      message: 'Must be at most 300 characters',
      code: 'maxCharacters',
      params: { max: 300 },
    });
    expect(errors.filter((error) => error.code === undefined)).toEqual([]);
    expect(errors.map((error) => error.code).sort()).toEqual([
      'dateTime',
      'maxCharacters',
      'required',
      'sectionIdFormat',
    ]);
  });
});

describe('a French form page', () => {
  it('says a required field is missing in French, next to the field and in the summary', () => {
    // act
    const { errors, view } = pilotPage({ activities: [{ ...makeActivity(), title: undefined }] }, 'complete');
    const title = view.fields[0]?.items?.[0]?.fields.find((field) => field.name === 'activities.0.title');

    // assess
    expect(errors).toContainEqual({ path: 'activities.0.title', message: 'Required', code: 'required' });
    expect(title?.error).toBe('Obligatoire');
    expect(view.summary).toContainEqual({
      href: '#f-activities-0-title',
      // French sets a no-break space before the colon
      text: 'Activité 1, Intitulé de l’activité\u00a0: Obligatoire',
    });
  });

  it('says what is wrong with a value in French, with its limit written the French way', () => {
    // act
    const { view } = pilotPage(
      { activities: [{ title: 'x'.repeat(201), countries: ['FR', 'FR'] }] },
      'draft',
    );
    const [activities] = view.fields;
    const errorOf = (key: string) =>
      activities?.items?.[0]?.fields.find((field) => field.name === `activities.0.${key}`)?.error;

    // assess
    expect(errorOf('title')).toBe('200 caractères au maximum');
    expect(errorOf('countries')).toBe('Contient deux fois le même pays');
  });

  it('asks to choose from the options for a value the list does not offer, without naming codes', () => {
    // act: a value no select of the form offers, as only an edited post sends
    const { errors, view } = pilotPage({ activities: [{ activityType: 'pest-control' }] }, 'draft');
    const activityType = view.fields[0]?.items?.[0]?.fields.find(
      (field) => field.name === 'activities.0.activityType',
    );

    // assess
    expect(errors.find((error) => error.path === 'activities.0.activityType')?.code).toBe('oneOf');
    expect(activityType?.error).toBe('Choisissez parmi les options proposées');
  });

  it('sets a no-break space before the colon of an error on a whole item', () => {
    // prepare: a comment on a section the draft no longer has
    const data = { comments: [{ sectionId: 'gone', type: 'editorial', comment: 'Plus court' }] };
    const { errors } = domainErrorOf(() => validateForm('draft-input', 'draft', data, call));

    // act
    const { summary } = buildFormView({
      form: 'draft-input',
      fields: formFields('draft-input').fields,
      data,
      errors,
      t: french,
      hiddenPaths: ['comments.sectionId'],
    });

    // assess
    expect(summary).toEqual([
      {
        href: '#f-comments-0',
        text: expect.stringMatching(/^Commentaire 1\u00a0: Ne correspond à aucune section/),
      },
    ]);
  });

  it('falls back to the English message of an error without a code', () => {
    // prepare
    const errors: FieldError[] = [{ path: '', message: 'Something only the API says' }];

    // act
    const { summary } = buildFormView({
      form: 'pilot-activities',
      fields: formFields('pilot-activities').fields,
      data: {},
      errors,
      t: french,
    });

    // assess
    expect(summary).toEqual([{ text: 'Something only the API says' }]);
  });
});

/** The error page in French, with the detail it names. */
function frenchErrorPage(error: DomainError): string {
  return templates.page('error', {
    i18n: french,
    title: 'Impossible',
    body: '',
    detail: localizeErrorParts(french, error),
    signInHref: undefined,
    csrf: '',
    focusId: '',
    hasErrors: false,
    user: undefined,
    languageLinks: [],
    notice: undefined,
  });
}

describe('a French error page', () => {
  it('says the call is closed, or past its deadline, in French', () => {
    // prepare
    const closed = domainErrorOf(() =>
      assertAcceptsInput(makeCall({ status: 'closed', title: 'Appel' }), new Date()),
    );
    const late = domainErrorOf(() =>
      assertAcceptsInput(
        makeCall({ title: 'Appel', deadline: '2027-03-31T23:59:00Z' }),
        new Date('2028-01-01'),
      ),
    );

    // act
    const page = frenchErrorPage(closed);

    // assess
    expect(closed.message).toBe('The call "Appel" is closed');
    expect(page).toContain('L’appel « Appel » est clos');
    expect(localizeError(french, late)).toBe(
      'La date limite de l’appel « Appel » (31 mars 2027 à 23:59 UTC) est passée',
    );
  });

  it('shows the deadline of a late save in a <time> element, in UTC until the page’s script shows it in the reader’s zone', () => {
    // prepare
    const late = domainErrorOf(() =>
      assertAcceptsInput(
        makeCall({ title: 'Appel', deadline: '2027-03-31T23:59:00Z' }),
        new Date('2028-01-01'),
      ),
    );

    // act
    const page = frenchErrorPage(late);

    // assess
    expect(page).toContain(
      'La date limite de l’appel « Appel » (<time datetime="2027-03-31T23:59:00Z" data-local>31 mars 2027 à 23:59 UTC</time>) est passée',
    );
    expect(late.message).toBe('The deadline of the call "Appel" (2027-03-31T23:59:00Z) has passed');
  });
});

describe('errors of access', () => {
  const secretariat = principalFromClaims({ sub: 's', 'cognito:groups': ['secretariat'] });
  const oirsa = principalFromClaims({ sub: 'o', 'cognito:groups': ['rppo-OIRSA'] });
  const nobody = principalFromClaims({ sub: 'n', 'cognito:groups': [] });

  it.each([
    [
      'reading another RPPO’s input',
      () => requireRead(oirsa, 'EPPO'),
      'You may not read the input of EPPO',
      'Vous ne pouvez pas consulter les contributions de EPPO',
    ],
    [
      'the Secretariat writing an RPPO’s input',
      () => requireWrite(secretariat, 'EPPO'),
      'Only focal points of EPPO may change its input',
      'Seuls les points de contact de EPPO peuvent modifier ses contributions',
    ],
    [
      'an RPPO doing what only the Secretariat does',
      () => requireSecretariat(oirsa),
      'Only the IPPC Secretariat may do this',
      'Seul le Secrétariat de la CIPV peut faire cela',
    ],
    [
      'an account without a role',
      () => requireAnyRole(nobody),
      'Your account is not a member of the Secretariat or of an RPPO',
      'Votre compte n’est membre ni du Secrétariat de la CIPV ni d’une ORPV',
    ],
  ])('say why %s is refused in French, the error keeping its English', (_, refuse, english, expected) => {
    // act
    const error = domainErrorOf(refuse);

    // assess
    expect(error.status).toBe(403);
    expect(error.message).toBe(english);
    expect(localizeError(french, error)).toBe(expected);
  });
});

describe('a form’s history that names nothing saved', () => {
  const oirsa = principalFromClaims({ sub: 'o', 'cognito:groups': ['rppo-OIRSA'] });
  // A call that exists, where OIRSA has saved nothing.
  const deps = {
    calls: { get: async () => makeCall() },
    submissions: { find: async () => undefined, revision: async () => undefined },
    clock: () => new Date(),
  } as unknown as Parameters<typeof getRevision>[0];
  const ref = (form: FormRef['form']): FormRef => ({ callId: 'call-1', rppo: 'OIRSA', form });

  async function rejectionOf(action: () => Promise<unknown>): Promise<DomainError> {
    const error = await action().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    if (error instanceof DomainError) return error;
    throw new Error('expected a domain error');
  }

  it('says in French that an RPPO has saved nothing for a form yet, naming the form by its title', async () => {
    // act
    const error = await rejectionOf(() => listRevisions(deps, oirsa, ref('guide-promotion')));

    // assess: French sets no-break spaces inside its quotation marks
    expect(error.status).toBe(404);
    expect(error.message).toBe('OIRSA has saved nothing for guide-promotion yet');
    expect(localizeError(french, error)).toBe(
      'OIRSA n’a encore rien enregistré pour «\u00a0Promotion du Guide de la CIPV sur la mobilisation des ressources\u00a0»',
    );
  });

  it('says in French that there is no such version of a form', async () => {
    // act
    const error = await rejectionOf(() => getRevision(deps, oirsa, ref('pilot-activities'), 3));

    // assess
    expect(error.status).toBe(404);
    expect(error.message).toBe("There is no version 3 of OIRSA's pilot-activities");
    expect(localizeError(french, error)).toBe(
      'OIRSA n’a enregistré aucune version 3 de «\u00a0Activités suggérées pour les projets pilotes régionaux\u00a0»',
    );
  });
});

describe('errors of a post no page sends', () => {
  const pilotFields = formFields('pilot-activities').fields;
  const urlEncoded = 'application/x-www-form-urlencoded';
  const posted = (body: string) => new URLSearchParams(body);
  const reload = ' ; rechargez la page et réessayez';

  it.each([
    [
      'an unknown action',
      () => parseAction(posted('action=delete'), pilotFields),
      `Le formulaire a demandé une action qu’il ne propose pas${reload}`,
    ],
    [
      'a field sent twice',
      () => formDataFrom(pilotFields, posted('activities.0.title=a&activities.0.title=b')),
      `Un champ a été envoyé plusieurs fois${reload}`,
    ],
    [
      'an index of 10,000',
      () => formDataFrom(pilotFields, posted('activities.10000.title=a')),
      `Un élément de liste porte un numéro hors limites${reload}`,
    ],
    [
      'a list of 501 items',
      () =>
        formDataFrom(
          pilotFields,
          posted(Array.from({ length: 501 }, (_, i) => `activities.${i}=`).join('&')),
        ),
      `Une liste contient plus d’éléments que le formulaire n’en accepte${reload}`,
    ],
    [
      'a version that is not a number',
      () => parseVersion('1 OR 1=1'),
      `Le formulaire n’indique aucune version valide${reload}`,
    ],
    [
      'a JSON body',
      () => readFormBody('{}', false, 'application/json'),
      `Le formulaire n’a pas été envoyé comme sa page l’envoie${reload}`,
    ],
    [
      'bytes that are not UTF-8',
      () => readFormBody(Buffer.from([0xc3, 0x28]).toString('base64'), true, urlEncoded),
      `Le formulaire contient des caractères illisibles${reload}`,
    ],
    [
      'a body over 1 MB',
      () => readFormBody('x'.repeat(1_100_000), false, urlEncoded),
      'Le formulaire occupe 1\u202f100\u202f000 octets ; 1\u202f048\u202f576 au maximum sont acceptés',
    ],
  ])('says what is wrong with %s in French, the error keeping its English', (_, post, expected) => {
    // act
    const error = domainErrorOf(post);

    // assess
    expect(localizeError(french, error)).toBe(expected);
    expect(error.message).toMatch(/^[\x20-\x7e]+$/);
  });
});
