import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCallSchema } from '#domain/calls.ts';
import { formNames } from '#domain/forms.ts';
import { allFields, formFields, schemaFields, vocabularies } from '#web/form-fields.ts';
import { createTranslator, languages } from '#web/i18n.ts';
import { DEFAULT_WEB_TEMPLATES_DIR, loadWebTemplates } from '#web/render.ts';

const { catalogs } = loadWebTemplates();
const translated = languages.filter((lang) => lang !== 'en');
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

const fieldsByForm = [
  ...formNames.map((form) => [form, allFields(formFields(form).fields)] as const),
  ['call', allFields(schemaFields(createCallSchema()))] as const,
];

describe('message catalogs', () => {
  it.each(translated)('%s has every interface text of English, with the same placeholders', (lang) => {
    // act
    const problems = Object.entries(catalogs.en).flatMap(([key, english]) => {
      const text = catalogs[lang][key];
      if (text === undefined) return [`missing ${key}`];
      return JSON.stringify(placeholders(text)) === JSON.stringify(placeholders(english))
        ? []
        : [`placeholders of ${key}: ${text}`];
    });

    // assess
    expect(problems).toEqual([]);
  });

  it.each(translated)('%s translates every field label and every vocabulary label', (lang) => {
    // act
    const missing = [
      ...fieldsByForm.flatMap(([form, fields]) =>
        fields
          .filter((field) => !field.path.endsWith('sectionId') || form !== 'draft-input')
          .map((field) => `field.${form}.${field.path}.label`),
      ),
      ...Object.entries(vocabularies).flatMap(([name, vocabulary]) =>
        Object.keys(vocabulary).map((code) => `vocabulary.${name}.${code}`),
      ),
    ].filter((key) => catalogs[lang][key] === undefined);

    // assess
    expect(missing).toEqual([]);
  });

  it('has an English text for every key the templates use', () => {
    // prepare
    const templates = readdirSync(DEFAULT_WEB_TEMPLATES_DIR, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.hbs'))
      .map((file) => readFileSync(join(DEFAULT_WEB_TEMPLATES_DIR, file), 'utf8'));

    // act
    const keys = templates.flatMap((source) =>
      [...source.matchAll(/\{\{t "([^"]+)"/g)].map((match) => match[1] ?? ''),
    );

    // assess
    expect(keys.length).toBeGreaterThan(30);
    expect(keys.filter((key) => catalogs.en[key] === undefined)).toEqual([]);
  });

  it('names each language in itself', () => {
    expect(languages.map((lang) => catalogs[lang]['language.name'])).toEqual([
      'English',
      'Français',
      'Español',
      'العربية',
    ]);
  });
});

describe('createTranslator', () => {
  it('lays Arabic out right to left and the others left to right', () => {
    expect(languages.map((lang) => createTranslator(catalogs, lang).dir)).toEqual([
      'ltr',
      'ltr',
      'ltr',
      'rtl',
    ]);
  });

  it('names countries in the chosen language, in UN terms in English', () => {
    expect(createTranslator(catalogs, 'en').country('BO')).toBe('Bolivia (Plurinational State of)');
    expect(createTranslator(catalogs, 'fr').country('DE')).toBe('Allemagne');
    expect(createTranslator(catalogs, 'es').country('DE')).toBe('Alemania');
    expect(createTranslator(catalogs, 'ar').country('DE')).toBe('ألمانيا');
  });

  it('falls back to the schema’s English for a label no catalog has', () => {
    // prepare
    const translator = createTranslator({ ...catalogs, fr: {} }, 'fr');

    // act / assess
    expect(
      translator.fieldLabel('pilot-activities', { path: 'activities.title', label: 'Activity title' }),
    ).toBe('Activity title');
    expect(translator.vocabulary('gbfTargets', 'T6')).toMatch(/^Reduce the introduction/);
    expect(translator.t('form.submit')).toBe('Submit');
  });

  it('gives a text’s instants as parts of their own, for the page to mark them up as times', () => {
    // prepare
    const french = createTranslator(catalogs, 'fr');

    // act
    const parts = french.parts(
      'form.version',
      { version: 3, who: 'oirsa@example.org' },
      { when: '2027-03-31T23:59:00Z' },
    );

    // assess
    expect(parts).toEqual([
      { text: 'Version 3, enregistrée le ', time: undefined },
      { text: '', time: { iso: '2027-03-31T23:59:00Z', text: '31 mars 2027 à 23:59 UTC' } },
      { text: ' par oirsa@example.org.', time: undefined },
    ]);
    expect(parts.map((part) => part.time?.text ?? part.text).join('')).toBe(
      french.t('form.version', {
        version: 3,
        when: french.dateTime('2027-03-31T23:59:00Z'),
        who: 'oirsa@example.org',
      }),
    );
  });

  it('writes dates in UTC with Latin digits', () => {
    expect(createTranslator(catalogs, 'en').dateTime('2027-03-31T23:59:00Z')).toBe(
      '31 March 2027 at 23:59 UTC',
    );
    expect(createTranslator(catalogs, 'ar').dateTime('2027-03-31T23:59:00Z')).toMatch(/31.*2027.*23:59 UTC/);
  });

  it('writes the first day of a month as French does, 1er, and no other day', () => {
    // prepare
    const french = createTranslator(catalogs, 'fr');

    // act
    const [first, eleventh, english] = [
      french.dateTime('2027-04-01T09:00:00Z'),
      french.dateTime('2027-04-11T09:00:00Z'),
      createTranslator(catalogs, 'en').dateTime('2027-04-01T09:00:00Z'),
    ];

    // assess
    expect(first).toBe('1er avril 2027 à 09:00 UTC');
    expect(eleventh).toBe('11 avril 2027 à 09:00 UTC');
    expect(english).toBe('1 April 2027 at 09:00 UTC');
  });
});
