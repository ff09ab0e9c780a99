/**
 * The fields of a web form, read from the same zod schemas the API validates with. Labels, hints and
 * limits come from the JSON Schema of the complete form (the document the API serves at
 * /api/forms/{form}/schema); what JSON Schema cannot say (whether a text may span lines, whether a
 * list holds countries or languages) is asked of the zod schema itself by parsing a sample value.
 * Pure: no I/O, computed once per form.
 */
import * as z from 'zod';
import { type FormName, formJsonSchema, formSchema } from '#domain/forms.ts';
import * as vocabularyModule from '#domain/vocabularies.ts';

/** The vocabularies of vocabularies.ts, by export name (`activityTypes`, `gbfTargets`...). */
export const vocabularies: Readonly<Record<string, Readonly<Record<string, string>>>> = Object.fromEntries(
  Object.entries(vocabularyModule as Record<string, unknown>).filter(
    (entry): entry is [string, Record<string, string>] => typeof entry[1] === 'object',
  ),
);

interface FieldBase {
  /** The property name in its object (`title`). */
  readonly key: string;
  /** The dotted path from the form's root without item indices (`activities.title`): names translations. */
  readonly path: string;
  readonly label: string;
  readonly hint?: string;
  /** Required in a complete (submitted) form; a draft may leave anything out. */
  readonly required: boolean;
}

export interface TextField extends FieldBase {
  readonly kind: 'text';
  readonly multiline: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
}

export interface NumberField extends FieldBase {
  readonly kind: 'number';
  readonly integer: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
}

export interface DateField extends FieldBase {
  readonly kind: 'date';
}

/** An instant, entered as a date and time in UTC. */
export interface DateTimeField extends FieldBase {
  readonly kind: 'datetime';
}

/** One code of a vocabulary. */
export interface ChoiceField extends FieldBase {
  readonly kind: 'choice';
  readonly vocabulary: string;
  readonly options: readonly string[];
}

interface ListLimits {
  readonly minItems?: number;
  readonly maxItems?: number;
}

/** Any number of codes of a vocabulary, each at most once. */
export interface CodesField extends FieldBase, ListLimits {
  readonly kind: 'codes';
  readonly vocabulary: string;
  readonly options: readonly string[];
}

/** ISO 3166-1 alpha-2 country codes. */
export interface CountriesField extends FieldBase, ListLimits {
  readonly kind: 'countries';
}

/** ISO 639-1 language codes. */
export interface LanguagesField extends FieldBase, ListLimits {
  readonly kind: 'languages';
}

/** A repeating group of fields (activities, indicators, commitments, events, comments). */
export interface GroupField extends FieldBase, ListLimits {
  readonly kind: 'group';
  readonly fields: readonly Field[];
}

export type Field =
  | TextField
  | NumberField
  | DateField
  | DateTimeField
  | ChoiceField
  | CodesField
  | CountriesField
  | LanguagesField
  | GroupField;

/** The subset of JSON Schema that zod emits for the forms. */
interface JsonSchema {
  readonly type?: string;
  readonly title?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly enum?: readonly unknown[];
  readonly format?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let inner = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault || inner instanceof z.ZodNullable) {
    inner = inner.unwrap() as z.ZodType;
  }
  return inner;
}

function propertyOf(schema: z.ZodType, key: string, path: string): z.ZodType {
  const inner = unwrap(schema);
  const property = inner instanceof z.ZodObject ? (inner.shape as Record<string, z.ZodType>)[key] : undefined;
  if (!property) throw new Error(`The zod schema has no object property at ${path}`);
  return property;
}

function elementOf(schema: z.ZodType, path: string): z.ZodType {
  const inner = unwrap(schema);
  if (!(inner instanceof z.ZodArray)) throw new Error(`The zod schema has no list at ${path}`);
  return inner.element as z.ZodType;
}

const accepts = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;

/** The vocabulary whose codes are exactly these (levels and scopes share theirs, and their labels). */
export function vocabularyOf(codes: readonly unknown[], path = ''): string {
  const wanted = JSON.stringify([...codes].map(String).sort());
  const found = Object.entries(vocabularies).find(
    ([, vocabulary]) => JSON.stringify(Object.keys(vocabulary).sort()) === wanted,
  );
  if (!found) throw new Error(`No vocabulary in vocabularies.ts has the codes of ${path}`);
  return found[0];
}

const limits = (json: JsonSchema): ListLimits => ({
  ...(json.minItems !== undefined ? { minItems: json.minItems } : {}),
  ...(json.maxItems !== undefined ? { maxItems: json.maxItems } : {}),
});

function toField(key: string, json: JsonSchema, zod: z.ZodType, required: boolean, parents: string[]): Field {
  const segments = [...parents, key];
  const path = segments.join('.');
  const base = {
    key,
    path,
    label: json.title ?? key,
    ...(json.description ? { hint: json.description } : {}),
    required,
  };
  if (json.type === 'array' && json.items) {
    const element = elementOf(zod, path);
    const items = json.items;
    if (items.type === 'object') {
      return { ...base, kind: 'group', fields: fieldsOf(items, element, segments), ...limits(json) };
    }
    if (items.enum) {
      return {
        ...base,
        kind: 'codes',
        vocabulary: vocabularyOf(items.enum, path),
        options: items.enum.map(String),
        ...limits(json),
      };
    }
    if (accepts(element, 'FR') && !accepts(element, 'fr'))
      return { ...base, kind: 'countries', ...limits(json) };
    if (accepts(element, 'fr') && !accepts(element, 'FR'))
      return { ...base, kind: 'languages', ...limits(json) };
    throw new Error(`The list at ${path} holds neither a vocabulary, countries, languages nor objects`);
  }
  if (json.enum) {
    return {
      ...base,
      kind: 'choice',
      vocabulary: vocabularyOf(json.enum, path),
      options: json.enum.map(String),
    };
  }
  if (json.type === 'integer' || json.type === 'number') {
    return {
      ...base,
      kind: 'number',
      integer: json.type === 'integer',
      ...(json.minimum !== undefined ? { minimum: json.minimum } : {}),
      ...(json.maximum !== undefined ? { maximum: json.maximum } : {}),
    };
  }
  if (json.type === 'string' && json.format === 'date') return { ...base, kind: 'date' };
  if (json.type === 'string' && json.format === 'date-time') return { ...base, kind: 'datetime' };
  if (json.type === 'string') {
    return {
      ...base,
      kind: 'text',
      multiline: accepts(unwrap(zod), 'A first line\nand a second one'),
      ...(json.minLength !== undefined ? { minLength: json.minLength } : {}),
      ...(json.maxLength !== undefined ? { maxLength: json.maxLength } : {}),
    };
  }
  throw new Error(`The field at ${path} has a type the web form cannot show (${json.type})`);
}

function fieldsOf(json: JsonSchema, zod: z.ZodType, parents: string[]): Field[] {
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([key, property]) =>
    toField(key, property, propertyOf(zod, key, [...parents, key].join('.')), required.has(key), parents),
  );
}

export interface FormFields {
  readonly form: FormName;
  readonly title: string;
  readonly fields: readonly Field[];
}

/** The fields of any object schema (the call's create form, for one), in schema order. */
export function schemaFields(schema: z.ZodType): Field[] {
  return fieldsOf(z.toJSONSchema(schema, { unrepresentable: 'any' }) as JsonSchema, schema, []);
}

const cache = new Map<FormName, FormFields>();

/** The fields of a form, in schema order, from its complete schema. */
export function formFields(form: FormName): FormFields {
  let fields = cache.get(form);
  if (!fields) {
    const json = formJsonSchema(form) as JsonSchema;
    fields = { form, title: json.title ?? form, fields: fieldsOf(json, formSchema(form, 'complete'), []) };
    cache.set(form, fields);
  }
  return fields;
}

/** Every field of a tree, groups and their members, depth first. */
export function allFields(fields: readonly Field[]): Field[] {
  return fields.flatMap((field) => (field.kind === 'group' ? [field, ...allFields(field.fields)] : [field]));
}
