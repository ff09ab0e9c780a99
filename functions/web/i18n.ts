/**
 * The languages of the web pages. Interface text comes from the message catalogs in
 * templates/web/i18n/<lang>.json; field labels, hints and vocabulary labels fall back to the English
 * of the schemas and vocabularies.ts, so a catalog only holds what it translates. Country and language
 * names come from Intl.DisplayNames in the chosen language (UN terminology in English). Pure.
 */
import { countryName } from '#domain/countries.ts';
import type { Field } from './form-fields.ts';
import { vocabularies } from './form-fields.ts';

export const languages = ['en', 'fr', 'es', 'ar'] as const;
export type Language = (typeof languages)[number];
export const DEFAULT_LANGUAGE: Language = 'en';
const RIGHT_TO_LEFT: ReadonlySet<Language> = new Set(['ar']);

export type Catalog = Readonly<Record<string, string>>;
export type Catalogs = Readonly<Record<Language, Catalog>>;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** The first supported language of an Accept-Language header, in the client's order of preference. */
export function negotiateLanguage(acceptLanguage: string | undefined): Language | undefined {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((entry, position) => {
      const [tag = '', ...parameters] = entry.trim().split(';');
      const quality = parameters.map((parameter) => /^\s*q=([\d.]+)\s*$/.exec(parameter)?.[1]).find(Boolean);
      return { language: tag.split('-')[0]?.toLowerCase(), quality: quality ? Number(quality) : 1, position };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.position - b.position);
  return ranked.map((entry) => entry.language).find(isLanguage);
}

export type Parameters = Readonly<Record<string, string | number>>;

function interpolate(text: string, parameters: Parameters = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    parameters[name] !== undefined ? String(parameters[name]) : whole,
  );
}

/** A date and time as a page shows it: the instant, and its text in UTC. */
export interface TimeView {
  readonly iso: string;
  readonly text: string;
}

/**
 * A piece of interface text: words, or a date and time that the page marks up as a <time> element,
 * so that its script can show it in the reader's time zone (see `Translator.parts`).
 */
export interface TextPart {
  readonly text: string;
  readonly time: TimeView | undefined;
}

/** Words without a date and time, as a part of a text. */
export const textPart = (text: string): TextPart => ({ text, time: undefined });

export interface Translator {
  readonly lang: Language;
  readonly dir: 'ltr' | 'rtl';
  /** Interface text: the chosen catalog, else English, else the key itself (a visible gap). */
  t(key: string, parameters?: Parameters): string;
  fieldLabel(form: string, field: Pick<Field, 'path' | 'label'>): string;
  fieldHint(form: string, field: Pick<Field, 'path' | 'hint'>): string | undefined;
  vocabulary(vocabulary: string, code: string): string;
  country(code: string): string;
  languageName(code: string): string;
  /** A date and time, written out in UTC (the page's script shows it in the reader's time zone). */
  dateTime(iso: string): string;
  /**
   * Interface text with the placeholders named in `instants` (ISO 8601 date-times) as parts of their
   * own, for the page to show each in a <time> element; the other placeholders as `t` fills them.
   */
  parts(key: string, parameters: Parameters, instants: Readonly<Record<string, string>>): TextPart[];
  number(value: number): string;
}

/** How a language writes the first day of a month where Intl writes `1`: French, as an ordinal (« 1er avril »). */
const FIRST_OF_MONTH: Partial<Record<Language, string>> = { fr: '1er' };

/** A translator for one language. */
export function createTranslator(catalogs: Catalogs, lang: Language): Translator {
  const catalog = catalogs[lang];
  const english = catalogs.en;
  const own = (key: string): string | undefined => catalog[key];
  const regions = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
  const languageNames = new Intl.DisplayNames([lang], { type: 'language', fallback: 'code' });
  // English in the international (day month year, 24-hour) style rather than the American one.
  const locale = lang === 'en' ? 'en-GB' : lang;
  const dateTimes = new Intl.DateTimeFormat([locale], {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
    hourCycle: 'h23',
    numberingSystem: 'latn',
  });
  const numbers = new Intl.NumberFormat([locale], { maximumFractionDigits: 2, numberingSystem: 'latn' });
  const text = (key: string) => own(key) ?? english[key] ?? key;
  const first = FIRST_OF_MONTH[lang];
  const dateTime = (iso: string) => {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    const parts = dateTimes.formatToParts(date);
    return `${parts.map((part) => (part.type === 'day' && part.value === '1' && first ? first : part.value)).join('')} UTC`;
  };
  return {
    lang,
    dir: RIGHT_TO_LEFT.has(lang) ? 'rtl' : 'ltr',
    t: (key, parameters) => interpolate(text(key), parameters),
    // A catalog may reword a schema's label (English included); otherwise the schema's own words show.
    fieldLabel: (form, field) => {
      const key = `field.${form}.${field.path}.label`;
      return own(key) ?? english[key] ?? field.label;
    },
    fieldHint: (form, field) => {
      const key = `field.${form}.${field.path}.hint`;
      return own(key) ?? english[key] ?? field.hint;
    },
    vocabulary: (vocabulary, code) =>
      own(`vocabulary.${vocabulary}.${code}`) ?? vocabularies[vocabulary]?.[code] ?? code,
    country: (code) => (lang === 'en' ? countryName(code) : (regions.of(code) ?? code)),
    languageName: (code) => languageNames.of(code) ?? code,
    dateTime,
    parts: (key, parameters, instants) => {
      const template = text(key);
      const parts: TextPart[] = [];
      let from = 0;
      for (const match of template.matchAll(/\{(\w+)\}/g)) {
        const iso = instants[match[1] ?? ''];
        if (iso === undefined) continue;
        parts.push(textPart(interpolate(template.slice(from, match.index), parameters)));
        parts.push({ text: '', time: { iso, text: dateTime(iso) } });
        from = match.index + match[0].length;
      }
      parts.push(textPart(interpolate(template.slice(from), parameters)));
      return parts.filter((part) => part.time !== undefined || part.text !== '');
    },
    number: (value) => numbers.format(value),
  };
}

/** Values of a coded error that are instants, written out like every other date-time on the page. */
const DATE_TIME_PARAMS: ReadonlySet<string> = new Set(['deadline', 'when']);

/** Values of a coded error that name a form (`pilot-activities`): said by its title, as the form's page heads it. */
const FORM_PARAMS: ReadonlySet<string> = new Set(['form']);

/** A value of a coded error as the reader's language writes it. */
function parameterText(t: Translator, name: string, value: string | number): string {
  if (typeof value === 'number') return t.number(value);
  if (!FORM_PARAMS.has(name)) return value;
  const key = `formTitle.${value}`;
  const title = t.t(key);
  return title === key ? value : title;
}

/** What parts say as plain text: each instant written out in UTC, as `Translator.dateTime` does. */
export function textOfParts(parts: readonly TextPart[]): string {
  return parts.map((part) => part.time?.text ?? part.text).join('');
}

type Localizable = { readonly message: string; readonly code?: string; readonly params?: Parameters };

/**
 * An error of the domain in the reader's language, as parts: the catalog's `errors.<code>` with the
 * error's values, its instants as parts of their own (for the page to show each in a <time> element);
 * else the English message the domain wrote.
 */
export function localizeErrorParts(t: Translator, error: Localizable): TextPart[] {
  const english = [textPart(error.message)];
  if (!error.code) return english;
  const key = `errors.${error.code}`;
  if (t.t(key) === key) return english;
  const values = Object.entries(error.params ?? {});
  const instants = Object.fromEntries(
    values.flatMap(([name, value]) =>
      DATE_TIME_PARAMS.has(name) && typeof value === 'string' ? [[name, value]] : [],
    ),
  );
  const parameters = Object.fromEntries(values.map(([name, value]) => [name, parameterText(t, name, value)]));
  return t.parts(key, parameters, instants);
}

/** An error of the domain in the reader's language, as plain text (see `localizeErrorParts`). */
export function localizeError(t: Translator, error: Localizable): string {
  return textOfParts(localizeErrorParts(t, error));
}
