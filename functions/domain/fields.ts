/**
 * Building blocks for the form schemas. Every form is written once as a function of a `FieldKit`;
 * the kit for `complete` gives the submission schema, the kit for `draft` the save-draft schema,
 * where every field may be missing and lists may be short, but types, formats and upper bounds hold.
 */
import ISO6391 from 'iso-639-1';
import * as z from 'zod';
import { isCountryCode } from './countries.ts';
import type { FieldError, FieldErrorCode } from './errors.ts';
import { lazy } from './lazy.ts';
import { codesOf } from './vocabularies.ts';

export type Mode = 'draft' | 'complete';

/** Control characters other than tab and line breaks: docx drops them silently, so refuse them. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAK = /[\r\n]/;

/** The error code of each pattern a schema checks with `.regex` (zod's issue names the pattern only). */
const patternCodes = new Map<string, FieldErrorCode>();

/** A pattern whose mismatch `toFieldErrors` reports with `code`. */
export function codedPattern(pattern: RegExp, code: FieldErrorCode): RegExp {
  patternCodes.set(String(pattern), code);
  return pattern;
}

/**
 * The error code of each message a schema gives for all its issues (zod uses it for a missing or
 * wrongly typed value too, where the issue no longer says what the schema checks).
 */
const messageCodes = new Map<string, FieldErrorCode>();

/** A schema-wide message whose issues `toFieldErrors` reports with `code`. */
export function codedMessage(message: string, code: FieldErrorCode): string {
  messageCodes.set(message, code);
  return message;
}

/** Options of a refinement whose failure `toFieldErrors` reports with `code`. */
const coded = (code: FieldErrorCode, error: string) => ({ error, params: { code } });

export interface TextOptions {
  readonly max: number;
  /** @default 1 */
  readonly min?: number;
  /** Allows line breaks. @default false */
  readonly multiline?: boolean;
}

export interface ListOptions {
  readonly max: number;
  /** @default 0 */
  readonly min?: number;
}

type Required<M extends Mode, T extends z.ZodType> = M extends 'draft' ? z.ZodOptional<T> : T;

function checkedText({ max, multiline = false }: TextOptions) {
  return z
    .string()
    .trim()
    .max(max, { error: `Must be at most ${max} characters` })
    .refine(
      (value) => value.isWellFormed(),
      coded('invalidCharacter', 'Contains an invalid character (lone surrogate)'),
    )
    .refine(
      (value) => !CONTROL_CHARACTERS.test(value),
      coded('controlCharacter', 'Contains a control character'),
    )
    .refine((value) => multiline || !LINE_BREAK.test(value), coded('singleLine', 'Must be a single line'));
}

const countryCode = lazy(() =>
  z
    .string()
    .regex(codedPattern(/^[A-Z]{2}$/, 'countryCode'), {
      error: 'Must be an ISO 3166-1 alpha-2 country code such as "FR"',
    })
    .refine(
      (code) => isCountryCode(code),
      coded('unknownCountry', 'Unknown ISO 3166-1 alpha-2 country code'),
    ),
);

const languageCode = lazy(() =>
  z
    .string()
    .regex(codedPattern(/^[a-z]{2}$/, 'languageCode'), {
      error: 'Must be an ISO 639-1 language code such as "fr"',
    })
    .refine((code) => ISO6391.validate(code), coded('unknownLanguage', 'Unknown ISO 639-1 language code')),
);

function uniqueItems(values: readonly unknown[]): boolean {
  return new Set(values).size === values.length;
}

/** What a person sees of a field: its label and an optional hint (the web form and JSON Schema show both). */
export interface FieldMeta {
  readonly label: string;
  readonly hint?: string;
}

function describe<T extends z.ZodType>(schema: T, { label, hint }: FieldMeta): T {
  return schema.meta(hint ? { title: label, description: hint } : { title: label });
}

/** The field builders, bound to one mode. */
export function fieldKit<M extends Mode>(mode: M) {
  const draft = mode === 'draft';
  const required = <T extends z.ZodType>(schema: T): Required<M, T> =>
    (draft ? schema.optional() : schema) as Required<M, T>;
  const atLeast = <T extends z.ZodArray<z.ZodType>>(list: T, min: number, message: string): T =>
    draft || min === 0 ? list : list.min(min, { error: message });
  const countryList = ({ max = 80 }: { max?: number }) =>
    z
      .array(countryCode())
      .max(max, { error: `At most ${max} countries` })
      .refine(uniqueItems, coded('duplicateCountry', 'Contains the same country twice'));

  return {
    mode,
    /** A text the user must give (in a complete form). */
    text: (options: TextOptions & FieldMeta) => {
      const min = options.min ?? 1;
      const base = checkedText(options);
      const bounded = draft
        ? base
        : base.min(min, { error: min === 1 ? 'Required' : `At least ${min} characters` });
      return required(describe(bounded, options));
    },
    /** A text the user may leave empty. */
    optionalText: (options: TextOptions & FieldMeta) => describe(checkedText(options), options).optional(),
    choice: <V extends Record<string, string>>(vocabulary: V, meta: FieldMeta) =>
      required(
        describe(
          z.enum(codesOf(vocabulary), { error: `Must be one of: ${Object.keys(vocabulary).join(', ')}` }),
          meta,
        ),
      ),
    integer: (min: number, max: number, meta: FieldMeta) =>
      required(describe(z.number().int().min(min).max(max), meta)),
    optionalInteger: (min: number, max: number, meta: FieldMeta) =>
      describe(z.number().int().min(min).max(max), meta).optional(),
    /** An amount of US dollars, at most one billion. */
    usd: (meta: FieldMeta) => required(describe(z.number().min(0).max(1e9), meta)),
    optionalUsd: (meta: FieldMeta) => describe(z.number().min(0).max(1e9), meta).optional(),
    date: (meta: FieldMeta) =>
      required(describe(z.iso.date({ error: codedMessage('Must be a date as YYYY-MM-DD', 'date') }), meta)),
    list: <T extends z.ZodType>(item: T, { min = 0, max, ...meta }: ListOptions & FieldMeta) =>
      required(
        describe(
          atLeast(
            z.array(item).max(max, { error: `At most ${max} items` }),
            min,
            min === 1 ? 'Add at least one' : `Add at least ${min}`,
          ),
          meta,
        ),
      ),
    /** A set of codes from a vocabulary (no repeats). */
    codes: <V extends Record<string, string>>(
      vocabulary: V,
      { min = 0, ...meta }: { min?: number } & FieldMeta,
    ) => {
      const codes = codesOf(vocabulary);
      const set = z
        .array(z.enum(codes, { error: `Must be one of: ${codes.join(', ')}` }))
        .max(codes.length)
        .refine(uniqueItems, coded('duplicateCode', 'Contains the same code twice'));
      return required(describe(atLeast(set, min, 'Choose at least one'), meta));
    },
    countries: ({ min = 0, max, ...meta }: { min?: number; max?: number } & FieldMeta) =>
      required(describe(atLeast(countryList({ max }), min, 'Choose at least one country'), meta)),
    optionalCountries: ({ max, ...meta }: { max?: number } & FieldMeta) =>
      describe(countryList({ max }), meta).optional(),
    languages: ({ min = 0, ...meta }: { min?: number } & FieldMeta) => {
      const list = z
        .array(languageCode())
        .max(20)
        .refine(uniqueItems, coded('duplicateLanguage', 'Contains the same language twice'));
      return required(describe(atLeast(list, min, 'Choose at least one language'), meta));
    },
  };
}

export type FieldKit<M extends Mode> = ReturnType<typeof fieldKit<M>>;

/** Turns zod issues into the API's `{ path, message }` list, with the code and values of each. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[], prefix = ''): FieldError[] {
  const pathOf = (segments: readonly PropertyKey[]) =>
    [prefix, ...segments.map(String)].filter(Boolean).join('.');
  return issues.flatMap((issue): FieldError[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: pathOf([...issue.path, key]),
          message: 'Unknown field',
          code: 'unknownField',
        }))
      : [{ path: pathOf(issue.path), message: issue.message, ...codeOf(issue) }],
  );
}

const REQUIRED = 'Required';

/** The code and values of a zod issue, from its kind (and for refinements, the code they carry). */
function codeOf(issue: z.core.$ZodIssue): Pick<FieldError, 'code' | 'params'> {
  switch (issue.code) {
    case 'invalid_type':
      // Zod keeps the input out of the final issue; our error map said "Required" for a missing one.
      if (issue.message === REQUIRED) return { code: 'required' };
      if (issue.expected === 'int') return { code: 'wholeNumber' };
      if (issue.expected === 'number') return { code: 'number' };
      return { code: messageCodes.get(issue.message) ?? 'wrongType' };
    case 'too_big':
      if (issue.origin === 'string') return { code: 'maxCharacters', params: { max: Number(issue.maximum) } };
      if (issue.origin === 'array') return { code: 'atMostItems', params: { max: Number(issue.maximum) } };
      return { code: 'atMost', params: { max: Number(issue.maximum) } };
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string')
        return min === 1 ? { code: 'required' } : { code: 'minCharacters', params: { min } };
      if (issue.origin === 'array')
        return min === 1 ? { code: 'addAtLeastOne' } : { code: 'minItems', params: { min } };
      return { code: 'atLeast', params: { min } };
    }
    case 'invalid_value':
      return { code: 'oneOf', params: { values: issue.values.map(String).join(', ') } };
    case 'invalid_format': {
      if (issue.format === 'date') return { code: 'date' };
      if (issue.format === 'datetime') return { code: 'dateTime' };
      const code = issue.format === 'regex' && issue.pattern ? patternCodes.get(issue.pattern) : undefined;
      return code ? { code } : {};
    }
    case 'custom': {
      const code = (issue.params as { code?: FieldErrorCode } | undefined)?.code;
      return code ? { code } : {};
    }
    default:
      return {};
  }
}

/** Messages for the issues zod reports without one of ours (wrong type, missing field). */
export const issueMessages: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type') {
    return issue.input === undefined
      ? REQUIRED
      : `Must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}`;
  }
  if (issue.code === 'too_small' && issue.origin === 'number') return `Must be at least ${issue.minimum}`;
  if (issue.code === 'too_big' && issue.origin === 'number') return `Must be at most ${issue.maximum}`;
  return undefined;
};
