/**
 * Reading a posted web form (application/x-www-form-urlencoded) into the nested object the API
 * accepts, guided by the form's fields: `activities.0.title` → `{ activities: [{ title }] }`,
 * repeated names → lists, numbers → numbers. Pure; bad input becomes a typed 4xx error.
 *
 * Values are kept as the user typed them where the schema will judge them (a number field holding
 * "about 5" stays a string, so validation names the field and the page shows the text again).
 */
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '#domain/errors.ts';
import type { Field, GroupField } from './form-fields.ts';

/** A form post is far smaller than this; the API's own limit on JSON bodies is the same. */
export const MAX_FORM_POST_BYTES = 1024 * 1024;
/** No form has lists this long (the largest allows 200 comments); more is not a person typing. */
const MAX_ITEMS_PER_LIST = 500;
const MAX_INDEX_DIGITS = 3;

/** Decodes the body of a form post, refusing other media types and oversized bodies. */
export function readFormBody(
  body: string | undefined,
  isBase64Encoded: boolean,
  contentType: string | undefined,
): URLSearchParams {
  const bytes = Buffer.from(body ?? '', isBase64Encoded ? 'base64' : 'utf8');
  if (bytes.length > MAX_FORM_POST_BYTES) {
    throw new PayloadTooLargeError(
      `The form sent ${bytes.length} bytes; at most ${MAX_FORM_POST_BYTES} are accepted`,
    ).coded({ code: 'formTooLarge', params: { bytes: bytes.length, max: MAX_FORM_POST_BYTES } });
  }
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType ?? '')) {
    throw new UnsupportedMediaTypeError('Send the form as application/x-www-form-urlencoded').coded({
      code: 'formEncoding',
    });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError('The form is not valid UTF-8', [
      { path: '', message: 'Not valid UTF-8' },
    ]).coded({ code: 'formNotUtf8' });
  }
  return new URLSearchParams(text);
}

/** The one value of a name; sending a single-valued field twice is not something a form does. */
export function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) {
    throw new ValidationError('A field was sent more than once', [
      { path: name, message: 'Sent twice' },
    ]).coded({ code: 'sentTwice' });
  }
  return values[0];
}

const DIGITS_WITH_GROUPS = /^\d{1,3}(,\d{3})+(\.\d+)?$/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * A typed number: spaces and thousands separators (`120,000`, `120 000`) are allowed; anything else
 * is returned as typed, for validation to refuse with a message.
 */
export function parseNumber(typed: string): number | string {
  const compact = typed.trim().replace(/[\s\u00a0\u202f_]/g, '');
  const withoutGroups = DIGITS_WITH_GROUPS.test(compact) ? compact.replace(/,/g, '') : compact;
  return PLAIN_NUMBER.test(withoutGroups) ? Number(withoutGroups) : typed;
}

const LOCAL_DATE_TIME = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d)(:\d\d)?$/;

/**
 * A date and time typed in UTC (`2027-03-31T23:59` from a datetime-local input, or with a space) as
 * an ISO 8601 instant; anything else is returned as typed, for validation to refuse.
 */
export function parseUtcDateTime(typed: string): string {
  const match = LOCAL_DATE_TIME.exec(typed.trim());
  return match ? `${match[1]}T${match[2]}${match[3] ?? ':00'}Z` : typed;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The item indices posted for a group, in numeric order. Each rendered item posts a marker named
 * after it (`activities.0`), so an item whose fields are all empty or unticked still counts.
 */
function indicesOf(params: URLSearchParams, name: string): number[] {
  const pattern = new RegExp(`^${escapeRegExp(name)}\\.(\\d+)(?:\\.|$)`);
  const indices = new Set<number>();
  for (const key of params.keys()) {
    const digits = pattern.exec(key)?.[1];
    if (digits === undefined) continue;
    if (digits.length > MAX_INDEX_DIGITS) {
      throw new ValidationError('A list index is out of range', [
        { path: key, message: 'Index out of range' },
      ]).coded({ code: 'indexOutOfRange' });
    }
    indices.add(Number(digits));
  }
  if (indices.size > MAX_ITEMS_PER_LIST) {
    throw new ValidationError('Too many items in a list', [{ path: name, message: 'Too many items' }]).coded({
      code: 'tooManyItems',
    });
  }
  return [...indices].sort((a, b) => a - b);
}

function valuesOf(
  fields: readonly Field[],
  params: URLSearchParams,
  prefix: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const name = `${prefix}${field.key}`;
    switch (field.kind) {
      case 'group':
        // Items are renumbered from 0 in posted order: gaps left by a removed item close up.
        out[field.key] = indicesOf(params, name).map((index) =>
          valuesOf(field.fields, params, `${name}.${index}.`),
        );
        break;
      case 'codes':
      case 'countries':
      case 'languages':
        // A set: ticking or selecting the same value twice means it once.
        out[field.key] = [...new Set(params.getAll(name).filter((value) => value !== ''))];
        break;
      case 'number': {
        const typed = single(params, name);
        if (typed !== undefined && typed.trim() !== '') out[field.key] = parseNumber(typed);
        break;
      }
      case 'datetime': {
        const typed = single(params, name);
        if (typed !== undefined && typed.trim() !== '') out[field.key] = parseUtcDateTime(typed);
        break;
      }
      default: {
        const typed = single(params, name);
        if (typed !== undefined && typed.trim() !== '') out[field.key] = typed;
      }
    }
  }
  return out;
}

/** The form data a post holds: only the form's own fields, nested as the schema wants them. */
export function formDataFrom(fields: readonly Field[], params: URLSearchParams): Record<string, unknown> {
  return valuesOf(fields, params, '');
}

/** What the person asked for with the button they pressed. */
export type FormAction =
  | { readonly type: 'save' }
  | { readonly type: 'submit' }
  /** Save over the version someone else saved meanwhile (after a conflict). */
  | { readonly type: 'replace'; readonly version: number }
  /**
   * Add an item to the group at `path` (`activities`, `activities.0.indicators`); `section` presets
   * the new item's `sectionId` (a comment added under one section of the draft).
   */
  | { readonly type: 'add'; readonly path: string; readonly section?: string }
  /** Remove item `index` of the group at `path`. */
  | { readonly type: 'remove'; readonly path: string; readonly index: number };

const VERSION = /^[1-9]\d{0,8}$/;
const SECTION_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The version a page was based on (hidden field), or undefined for a form never saved. */
export function parseVersion(typed: string | undefined, name = 'version'): number | undefined {
  if (typed === undefined || typed === '') return undefined;
  if (!VERSION.test(typed)) {
    throw new ValidationError('The form names no valid version', [
      { path: name, message: 'Not a version' },
    ]).coded({ code: 'invalidVersion' });
  }
  return Number(typed);
}

/** The group field a concrete path names (`activities.3.indicators` → the indicators group). */
function groupAt(fields: readonly Field[], path: string): GroupField | undefined {
  const segments = path.split('.');
  let current: readonly Field[] = fields;
  let found: GroupField | undefined;
  for (let position = 0; position < segments.length; position++) {
    const field = current.find((candidate) => candidate.key === segments[position]);
    if (field?.kind !== 'group') return undefined;
    found = field;
    if (position === segments.length - 1) break;
    const index = segments[++position];
    if (index === undefined || !/^\d{1,3}$/.test(index) || position === segments.length - 1) return undefined;
    current = field.fields;
  }
  return found;
}

/** Reads the `action` button (`save`, `submit`, `replace`, `add:<group>`, `remove:<group>.<index>`). */
export function parseAction(params: URLSearchParams, fields: readonly Field[]): FormAction {
  const action = single(params, 'action') ?? 'save';
  const bad = () =>
    new ValidationError('The form asked for an unknown action', [
      { path: 'action', message: 'Unknown action' },
    ]).coded({ code: 'unknownAction' });
  if (action === 'save' || action === 'submit') return { type: action };
  if (action === 'replace') {
    const version = parseVersion(single(params, 'currentVersion'), 'currentVersion');
    if (version === undefined) throw bad();
    return { type: 'replace', version };
  }
  const separator = action.indexOf(':');
  const verb = action.slice(0, separator);
  const target = action.slice(separator + 1);
  if (verb === 'add') {
    const [path = '', section] = target.split('@', 2);
    const group = groupAt(fields, path);
    if (group && section === undefined) return { type: 'add', path };
    if (group && SECTION_ID.test(section ?? '') && group.fields.some((field) => field.key === 'sectionId')) {
      return { type: 'add', path, section };
    }
  }
  if (verb === 'remove') {
    const match = /^(.+)\.(\d{1,3})$/.exec(target);
    if (match?.[1] && groupAt(fields, match[1])) {
      return { type: 'remove', path: match[1], index: Number(match[2]) };
    }
  }
  throw bad();
}

type Json = Record<string, unknown>;

/** A copy of `data` with the list at `path` changed by `change`; missing lists start empty. */
function updateList(data: Json, segments: string[], change: (list: unknown[]) => unknown[]): Json {
  const [head, ...rest] = segments;
  if (head === undefined) return data;
  const value = data[head];
  if (rest.length === 0) return { ...data, [head]: change(Array.isArray(value) ? value : []) };
  const [indexText, ...deeper] = rest;
  const list = Array.isArray(value) ? [...value] : [];
  const index = Number(indexText);
  const item = list[index];
  if (item === null || typeof item !== 'object') return data;
  list[index] = updateList(item as Json, deeper, change);
  return { ...data, [head]: list };
}

/** Adds an empty item to a group or removes one; other actions leave the data as it is. */
export function applyAction(data: Json, action: FormAction): Json {
  if (action.type === 'add') {
    const item = action.section === undefined ? {} : { sectionId: action.section };
    return updateList(data, action.path.split('.'), (list) => [...list, item]);
  }
  if (action.type === 'remove') {
    return updateList(data, action.path.split('.'), (list) =>
      list.filter((_, index) => index !== action.index),
    );
  }
  return data;
}
