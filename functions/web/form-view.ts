/**
 * What a form page shows, computed from the form's fields, the data to show (saved, or as the person
 * just typed it), the errors to place and the reader's language: every label, hint, value, option and
 * error message is resolved here so the templates only lay them out. Pure.
 */
import ISO6391 from 'iso-639-1';
import { alpha2Codes } from '#domain/countries.ts';
import type { FieldError } from '#domain/errors.ts';
import type { Field, GroupField } from './form-fields.ts';
import { localizeError, type TextPart, type Translator } from './i18n.ts';

export interface OptionView {
  readonly id: string;
  readonly value: string;
  readonly label: string;
  readonly selected: boolean;
}

export interface OptionGroupView {
  readonly label: string;
  readonly options: readonly OptionView[];
}

export interface FieldView {
  /** The partial that renders it: text, textarea, number, date, select, radios, checkboxes, multiselect, group. */
  readonly partial: string;
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly optional: boolean;
  readonly hint?: string;
  readonly hintId?: string;
  /** The limits the schema sets, when the hint does not already say them. */
  readonly limit?: string;
  readonly limitId?: string;
  readonly error?: string;
  readonly errorId?: string;
  /** The ids of the hint and the error, for aria-describedby. */
  readonly describedBy?: string;
  readonly value?: string;
  readonly maxLength?: number;
  readonly inputMode?: string;
  readonly options?: readonly OptionView[];
  readonly optionGroups?: readonly OptionGroupView[];
  /** Groups only: their heading level (2 at the top, 3 nested), items and add button. */
  readonly level?: number;
  readonly items?: readonly ItemView[];
  readonly addAction?: string;
  readonly addLabel?: string;
  /** Read-only pages: the value as text. */
  readonly display?: string;
  /** Date-times only: the time zone select beside the input, and the instant the input shows. */
  readonly zone?: ZoneView;
}

export interface ZoneOptionView {
  readonly value: string;
  readonly selected: boolean;
  /** Other names of this zone a browser may report (`Asia/Kolkata` for Asia/Calcutta), space-separated. */
  readonly aliases: string | undefined;
}

export interface ZoneView {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  /** The zones by area (an optgroup each), UTC first. */
  readonly groups: readonly { readonly label: string; readonly options: readonly ZoneOptionView[] }[];
  /** No zone was chosen: the page's script may switch to the reader's (and show `instant` there). */
  readonly isDefault: boolean;
  readonly instant?: string;
}

export interface ItemView {
  readonly id: string;
  readonly legend: string;
  /** Posted with the item so that an item whose fields are all empty still counts. */
  readonly marker: string;
  readonly fields: readonly FieldView[];
  /** Values of fields the page shows by other means (a comment's section), posted back unchanged. */
  readonly hiddenInputs: readonly { readonly name: string; readonly value: string }[];
  /** The values of those fields, by key, for the page to arrange items (draft-input by section). */
  readonly hiddenValues: Readonly<Record<string, string>>;
  readonly removeAction?: string;
  readonly removeLabel?: string;
  readonly error?: string;
}

export interface SummaryEntry {
  readonly href?: string;
  readonly text: string;
  /** The text with its instants as parts, for the page to mark each up as a <time> (a page-wide error). */
  readonly parts?: readonly TextPart[];
}

export interface FormViewOptions {
  readonly form: string;
  readonly fields: readonly Field[];
  readonly data: Readonly<Record<string, unknown>>;
  readonly errors: readonly FieldError[];
  readonly t: Translator;
  /** Listed first in country pickers: the member countries of the RPPO filling the form. */
  readonly memberCountries?: readonly string[];
  readonly memberGroupLabel?: string;
  /** Fields shown by the page itself rather than as inputs (draft-input's `comments.sectionId`). */
  readonly hiddenPaths?: readonly string[];
}

export const idOf = (name: string) => `f-${name.replace(/[^\w-]/g, '-')}`;

/** The FAO languages and Portuguese, which many RPPO focal points write in, before the others. */
const COMMON_LANGUAGES = ['ar', 'zh', 'en', 'fr', 'ru', 'es', 'pt'];

/**
 * The dotted path of the rendered element an error belongs to: the field itself, or for an error on
 * a list member (`countries.2`) the list, or for an unknown field the nearest group item.
 */
export function resolveErrorPath(fields: readonly Field[], path: string): string | undefined {
  const segments = path.split('.').filter((segment) => segment !== '');
  const resolved: string[] = [];
  let current: readonly Field[] | undefined = fields;
  for (let position = 0; position < segments.length && current; position++) {
    const field: Field | undefined = current.find((candidate) => candidate.key === segments[position]);
    if (!field) break;
    resolved.push(field.key);
    if (field.kind !== 'group') return resolved.join('.');
    const index = segments[position + 1];
    if (index === undefined || !/^\d+$/.test(index)) return resolved.join('.');
    resolved.push(index);
    position++;
    current = field.fields;
  }
  return resolved.length > 0 ? resolved.join('.') : undefined;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function display(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Builds the views of a form's fields and the error summary. */
export function buildFormView(options: FormViewOptions): { fields: FieldView[]; summary: SummaryEntry[] } {
  const { form, t } = options;
  const hidden = new Set(options.hiddenPaths ?? []);
  const errorsAt = new Map<string, FieldError[]>();
  const unplaced: FieldError[] = [];
  for (const error of options.errors) {
    let at = resolveErrorPath(options.fields, error.path);
    // An error on a field the page shows by other means is shown on the item that holds it.
    if (at !== undefined && hidden.has(at.replace(/\.\d+(?=\.|$)/g, ''))) {
      at = at.split('.').slice(0, -1).join('.') || undefined;
    }
    if (at === undefined) unplaced.push(error);
    else errorsAt.set(at, [...(errorsAt.get(at) ?? []), error]);
  }
  const summary: SummaryEntry[] = [];
  const collator = new Intl.Collator([t.lang]);
  const byLabel = (a: { label: string }, b: { label: string }) => collator.compare(a.label, b.label);

  const memberSet = new Set(options.memberCountries ?? []);
  const countryOptions = (id: string, selected: ReadonlySet<string>) => {
    const option = (code: string) => ({ value: code, label: t.country(code), selected: selected.has(code) });
    const members = alpha2Codes()
      .filter((code) => memberSet.has(code))
      .map(option)
      .sort(byLabel);
    const others = alpha2Codes()
      .filter((code) => !memberSet.has(code))
      .map(option)
      .sort(byLabel);
    const withIds = (list: Omit<OptionView, 'id'>[], group: string) =>
      list.map((entry) => ({ ...entry, id: `${id}-${group}-${entry.value}` }));
    return members.length > 0
      ? [
          {
            label: options.memberGroupLabel ?? t.t('form.countries.members'),
            options: withIds(members, 'm'),
          },
          { label: t.t('form.countries.others'), options: withIds(others, 'o') },
        ]
      : [{ label: t.t('form.countries.all'), options: withIds(others, 'o') }];
  };
  const languageOptions = (id: string, selected: ReadonlySet<string>) => {
    const option = (code: string) => ({
      id: `${id}-${code}`,
      value: code,
      label: t.languageName(code),
      selected: selected.has(code),
    });
    const common = COMMON_LANGUAGES.map(option).sort(byLabel);
    const others = ISO6391.getAllCodes()
      .filter((code) => !COMMON_LANGUAGES.includes(code))
      .map(option)
      .sort(byLabel);
    return [
      { label: t.t('form.languages.common'), options: common },
      { label: t.t('form.languages.others'), options: others },
    ];
  };

  /** An error in the reader's language: what to do about an empty field, or the domain's coded message. */
  function localize(field: Field, value: unknown, error: FieldError): string {
    if (isEmpty(value)) {
      if (field.kind === 'choice') return t.t('errors.chooseOne');
      if (field.kind === 'codes' || field.kind === 'countries' || field.kind === 'languages') {
        return t.t('errors.chooseAtLeastOne');
      }
      if (field.kind === 'group') return t.t('errors.addAtLeastOne');
      // Whatever the schema says about the format, an empty field needs a value first.
      return t.t('errors.required');
    }
    return localizeError(t, error);
  }

  function limitOf(field: Field, hint: string | undefined): string | undefined {
    switch (field.kind) {
      case 'text':
        return field.maxLength !== undefined && !hint?.includes(String(field.maxLength))
          ? t.t('form.maxCharacters', { max: t.number(field.maxLength) })
          : undefined;
      case 'number':
        return hint === undefined && field.minimum !== undefined && field.maximum !== undefined
          ? t.t(field.integer ? 'form.wholeNumberRange' : 'form.numberRange', {
              min: t.number(field.minimum),
              max: t.number(field.maximum),
            })
          : undefined;
      case 'countries':
      case 'languages':
        return t.t('form.chooseSeveral');
      default:
        return undefined;
    }
  }

  function fieldView(
    field: Field,
    value: unknown,
    prefix: string,
    context: string,
    level: number,
  ): FieldView | undefined {
    const name = `${prefix}${field.key}`;
    if (hidden.has(field.path)) return undefined;
    const id = idOf(name);
    const label = t.fieldLabel(form, field);
    const hint = t.fieldHint(form, field);
    const messages = errorsAt.get(name)?.map((error) => localize(field, value, error));
    const error = messages?.join('. ');
    if (error)
      summary.push({ href: `#${id}`, text: `${context}${label}${t.t('form.labelSeparator')}${error}` });
    const limit = limitOf(field, hint);
    const hintId = hint ? `${id}-hint` : undefined;
    const limitId = limit ? `${id}-limit` : undefined;
    const errorId = error ? `${id}-error` : undefined;
    const describedBy = [hintId, limitId, errorId].filter(Boolean).join(' ') || undefined;
    const base = {
      id,
      name,
      label,
      optional: !field.required,
      hint,
      hintId,
      limit,
      limitId,
      error,
      errorId,
      describedBy,
    };
    switch (field.kind) {
      case 'text':
        return {
          ...base,
          partial: field.multiline ? 'textarea' : 'text',
          value: display(value),
          maxLength: field.maxLength,
          display: display(value),
        };
      case 'number':
        return {
          ...base,
          partial: 'number',
          value: display(value),
          inputMode: field.integer ? 'numeric' : 'decimal',
          display: typeof value === 'number' ? t.number(value) : display(value),
        };
      case 'date':
        return { ...base, partial: 'date', value: display(value), display: display(value) };
      case 'datetime': {
        // The input shows UTC without a zone (datetime-local); a value that is no instant stays as typed.
        const instant = typeof value === 'string' ? new Date(value) : undefined;
        const valid = instant && !Number.isNaN(instant.getTime()) && /Z$|[+-]\d\d:\d\d$/.test(String(value));
        return {
          ...base,
          partial: 'datetime',
          value: valid ? instant.toISOString().slice(0, 16) : display(value),
          display: valid ? t.dateTime(instant.toISOString()) : display(value),
        };
      }
      case 'choice': {
        const chosen = display(value);
        const choices = field.options.map((code, position) => ({
          id: position === 0 ? id : `${id}-${position}`,
          value: code,
          label: t.vocabulary(field.vocabulary, code),
          selected: code === chosen,
        }));
        return {
          ...base,
          partial: choices.length <= 4 ? 'radios' : 'select',
          options: choices,
          display: choices.find((choice) => choice.selected)?.label ?? chosen,
        };
      }
      case 'codes': {
        const chosen = new Set(asList(value).map(String));
        const choices = field.options.map((code, position) => ({
          id: position === 0 ? id : `${id}-${position}`,
          value: code,
          label: `${code}: ${t.vocabulary(field.vocabulary, code)}`,
          selected: chosen.has(code),
        }));
        return {
          ...base,
          partial: 'checkboxes',
          options: choices,
          display: choices
            .filter((choice) => choice.selected)
            .map((choice) => choice.label)
            .join('; '),
        };
      }
      case 'countries': {
        const chosen = asList(value).map(String);
        return {
          ...base,
          partial: 'multiselect',
          optionGroups: countryOptions(id, new Set(chosen)),
          display: chosen.map((code) => t.country(code)).join(', '),
        };
      }
      case 'languages': {
        const chosen = asList(value).map(String);
        return {
          ...base,
          partial: 'multiselect',
          optionGroups: languageOptions(id, new Set(chosen)),
          display: chosen.map((code) => t.languageName(code)).join(', '),
        };
      }
      case 'group':
        return groupView(field, value, name, base, context, level);
    }
  }

  function groupView(
    field: GroupField,
    value: unknown,
    name: string,
    base: Omit<FieldView, 'partial'>,
    context: string,
    level: number,
  ): FieldView {
    const list = asList(value);
    // A group the form needs at least one of starts with one empty item to fill in.
    const shown = list.length === 0 && (field.minItems ?? 0) > 0 ? [{}] : list;
    // Any item the person added or saved may go; the placeholder of an empty group may not.
    const removable = list.length > 0;
    const items = shown.map((item, index) => itemView(field, item, name, index, removable, context, level));
    const canAdd = field.maxItems === undefined || shown.length < field.maxItems;
    return {
      ...base,
      partial: 'group',
      level,
      items,
      ...(canAdd
        ? {
            addAction: `add:${name}`,
            addLabel: t.t(groupKey(field, 'add'), { number: shown.length + 1 }),
          }
        : {}),
    };
  }

  function itemView(
    field: GroupField,
    item: unknown,
    name: string,
    index: number,
    removable: boolean,
    context: string,
    level: number,
  ): ItemView {
    const itemName = `${name}.${index}`;
    const legend = t.t(groupKey(field, 'item'), { number: index + 1 });
    const itemContext = `${context}${legend}${t.t('form.contextSeparator')}`;
    const messages = errorsAt.get(itemName)?.map((error) => localizeError(t, error));
    const id = idOf(itemName);
    if (messages) {
      summary.push({ href: `#${id}`, text: `${legend}${t.t('form.labelSeparator')}${messages.join('. ')}` });
    }
    const values = asObject(item);
    const hiddenMembers = field.fields.filter((member) => hidden.has(member.path));
    return {
      id,
      legend,
      marker: itemName,
      hiddenInputs: hiddenMembers.map((member) => ({
        name: `${itemName}.${member.key}`,
        value: display(values[member.key]),
      })),
      hiddenValues: Object.fromEntries(
        hiddenMembers.map((member) => [member.key, display(values[member.key])]),
      ),
      fields: field.fields.flatMap((member) => {
        const view = fieldView(member, values[member.key], `${itemName}.`, itemContext, level + 1);
        return view ? [view] : [];
      }),
      ...(removable
        ? {
            removeAction: `remove:${itemName}`,
            removeLabel: t.t(groupKey(field, 'remove'), { number: index + 1 }),
          }
        : {}),
      ...(messages ? { error: messages.join('. ') } : {}),
    };
  }

  function groupKey(field: GroupField, what: 'item' | 'add' | 'remove'): string {
    const key = `group.${form}.${field.path}.${what}`;
    return t.t(key) === key ? `group.default.${what}` : key;
  }

  const views = options.fields.flatMap((field) => {
    const view = fieldView(field, options.data[field.key], '', '', 2);
    return view ? [view] : [];
  });
  for (const error of unplaced) {
    const text = localizeError(t, error);
    summary.push({ text: error.path ? `${error.path}${t.t('form.labelSeparator')}${text}` : text });
  }
  return { fields: views, summary };
}
