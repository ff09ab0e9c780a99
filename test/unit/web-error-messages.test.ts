/**
 * Errors of the domain said in the reader's language: every code the domain can emit has a text in
 * each catalog, and a form page shows the catalog's text for it (the API keeps its English).
 */
import { describe, expect, it } from 'vitest';
import { assertAcceptsInput, createCallSchema } from '#domain/calls.ts';
import { DomainError, domainErrorCodes, type FieldError, fieldErrorCodes } from '#domain/errors.ts';
import { issueMessages, toFieldErrors } from '#domain/fields.ts';
import { validateForm } from '#domain/forms.ts';
import { formFields } from '#web/form-fields.ts';
import { buildFormView } from '#web/form-view.ts';
import { createTranslator, languages, localizeError } from '#web/i18n.ts';
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

describe('a French error page', () => {
  it('says the call is closed, or past its deadline, in French', () => {
    // prepare
    const closed = domainErrorOf(() =>
      assertAcceptsInput(makeCall({ status: 'closed', title: 'Appel' }), new Date()),
    );
    const late = domainErrorOf(() =>
      assertAcceptsInput(makeCall({ title: 'Appel' }), new Date('2028-01-01')),
    );

    // act
    const page = templates.page('error', {
      i18n: french,
      title: 'Impossible',
      body: '',
      detail: localizeError(french, closed),
      signInHref: undefined,
      csrf: '',
      focusId: '',
      hasErrors: false,
      user: undefined,
      languageLinks: [],
      notice: undefined,
    });

    // assess
    expect(closed.message).toBe('The call "Appel" is closed');
    expect(page).toContain('L’appel « Appel » est clos');
    expect(localizeError(french, late)).toBe(
      'La date limite de l’appel « Appel » (31 mars 2027 à 23:59 UTC) est passée',
    );
  });
});
