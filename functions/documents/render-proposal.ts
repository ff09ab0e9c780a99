// Renders the proposal model into a Word document: model → escaped model → Handlebars Markdown templates →
// markdownBlocks → WordprocessingML (wordml.ts), written into the house Word template (house-style.docx: styles,
// header, footer, cover page) in place of its {{body}} paragraph. Templates live in templates/proposal/ so the
// Secretariat can reword the text and restyle the document without code. The body is written block by block as XML
// text and compressed in pieces (see docs/decisions/0002-document-writer.md).
import { readdir, readFile } from 'node:fs/promises';
import { join as joinPath } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { lazy } from '#domain/lazy.ts';
import { wholeNumber } from '#domain/money.ts';
import { Markdown, type ProposalModel } from '#domain/proposals.ts';
import { createRecentMap } from '#domain/recent.ts';
import { barChart } from './charts.ts';
import { coreProperties, packageDate } from './docx-package.ts';
import { type HouseTemplate, type Placeholder, readHouseTemplate } from './house-template.ts';
import { markdownBlocks } from './markdown-to-docx.ts';
import { PageLayout } from './page-layout.ts';
import {
  CONTENT_TYPES,
  CORE_PROPERTIES,
  DOCUMENT_PART,
  DOCUMENT_RELATIONSHIPS,
  fillSlots,
  NUMBERING_PART,
  type PreparedTemplate,
  prepareTemplate,
} from './prepared-template.ts';
import { PAGE_CONTENT_WIDTH } from './styles.ts';
import { WordmlWriter } from './wordml.ts';
import { deflatedEntry, streamedTextEntry, textEntry, writeZip, type ZipEntry } from './zip.ts';

export type RenderProposalOptions = {
  /** Folder holding `proposal.md.hbs` and `partials/`; defaults to the repository's templates/proposal/. */
  readonly templatesDir?: string;
  /** The Word template that gives the document its look. Default: `house-style.docx` in `templatesDir`. */
  readonly houseTemplate?: HouseTemplate;
};

/** The file name of the house Word template in a templates folder. */
const HOUSE_TEMPLATE_FILE = 'house-style.docx';

/** A model after `escapeModel`: every string is Markdown source, `Markdown` instances became their source. */
export type Escaped<T> = T extends Markdown
  ? string
  : T extends readonly (infer Item)[]
    ? Escaped<Item>[]
    : T extends object
      ? { [K in keyof T]: Escaped<T[K]> }
      : T;

const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/proposal/', import.meta.url));
const MAIN_TEMPLATE = 'proposal.md.hbs';
const PARTIAL_SUFFIX = '.md.hbs';

// Every ASCII punctuation character Markdown (GFM) or inline HTML could give a meaning to; `=` too, because a
// line of `=` under a paragraph turns it into a heading.
// `%` starts a title line (markdown-to-docx.ts).
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&=%]/g;
const LINE_BREAK = /\r\n|\r|\n/g;
// The inverse, for comparing texts as the reader sees them.
const ESCAPED_SPECIAL = /\\([\\`*_{}[\]()#+\-.!|<>~&=%])/g;
const BR = /<br>/g;

/** Turns plain text into Markdown that shows exactly that text; line breaks become `<br>`. */
export function markdownEscape(text: string): string {
  return text.replace(MARKDOWN_SPECIAL, '\\$&').replace(LINE_BREAK, '<br>');
}

/** Deep-copies a value, escaping every string as literal Markdown text; `Markdown` instances pass as their source. */
export function escapeModel<T>(value: T): Escaped<T> {
  return escapeValue(value) as Escaped<T>;
}

function escapeValue(value: unknown): unknown {
  if (typeof value === 'string') return markdownEscape(value);
  if (value instanceof Markdown) return value.source;
  if (Array.isArray(value)) return value.map(escapeValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, escapeValue(item)]));
  }
  return value;
}

/** Renders the proposal as a .docx file: the same model and templates always give the same bytes. */
export async function renderProposal(
  model: ProposalModel,
  options: RenderProposalOptions = {},
): Promise<Buffer> {
  const dir = options.templatesDir ?? DEFAULT_TEMPLATES_DIR;
  const [template, house] = await Promise.all([
    templatesFor(dir),
    options.houseTemplate ?? houseTemplateIn(dir),
  ]);
  const prepared = preparedTemplate(house);
  const markdown = template(escapeModel(model));
  const writer = new WordmlWriter(prepared.writer.styles, prepared.writer.numbers);
  const layout = new PageLayout(prepared.layout.styles, prepared.layout.geometry);
  // Every block first (the Markdown tokens are dropped piece by piece), laid out to number the contents' pages;
  // then the XML, written block by block as the package compresses it, so it is never held whole.
  const blocks = [
    ...markdownBlocks(markdown, {
      charts: {
        'budget-by-rppo': () => [{ kind: 'picture', name: 'Budget by RPPO', chart: budgetChart(model) }],
      },
      // The roles the Markdown uses are named as the template's: title, tableText, table, note…
      styles: house.styleIds,
    }),
  ];
  for (const block of blocks) layout.add(block);
  layout.finish();
  const pageOf = (bookmark: number) => layout.pageOf(bookmark);
  const fields = coverFields(model);
  return packageDocument(prepared, writer, {
    document: (function* () {
      yield fillSlots(prepared.document.before, fields);
      for (const block of blocks)
        yield block.kind === 'contents' ? writer.contents(block, pageOf) : writer.block(block);
      yield fillSlots(prepared.document.after, fields);
    })(),
    fields,
    properties: {
      title: model.title,
      subject: model.callTitle,
      creator: 'IPPC Secretariat',
      description: `Funding proposal assembled from the input of ${model.includedCount} of ${model.regions.length} RPPOs, version as of ${model.asOf}`,
      date: model.asOfTime,
    },
  });
}

const IMAGE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image';
const NUMBERING = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering';
const NUMBERING_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml';
const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/**
 * The .docx package: the template's parts, with the body and the cover fields written in, the lists and pictures
 * the body uses added to numbering.xml, the relationships and the content types, and the core properties.
 */
function packageDocument(
  prepared: PreparedTemplate,
  writer: WordmlWriter,
  content: {
    /** The document part's text, in pieces; read once, before anything else. */
    readonly document: Iterable<string>;
    readonly fields: Readonly<Partial<Record<Placeholder, string>>>;
    readonly properties: Parameters<typeof coreProperties>[0];
  },
): Buffer {
  const date = packageDate(content.properties);
  // Written first: the body's lists and pictures, which the other parts declare, are known once it is.
  const document = streamedTextEntry(DOCUMENT_PART, content.document);
  const hasNumbering = prepared.parts.some((part) => 'name' in part && part.name === NUMBERING_PART);
  const numbering = writer.usesLists ? writer.numbering(prepared.writer.firstAbstractId) : undefined;
  const addsNumbering = numbering !== undefined && !hasNumbering;
  const relationships = [
    ...writer.pictures.flatMap((picture) =>
      [picture.png, picture.svg].map(
        (part) => `<Relationship Id="${part.relationshipId}" Type="${IMAGE}" Target="${part.path}"/>`,
      ),
    ),
    addsNumbering
      ? `<Relationship Id="rIdProposalNumbering" Type="${NUMBERING}" Target="numbering.xml"/>`
      : '',
  ].join('');
  const rewrite: Record<string, (text: string) => string> = {
    [DOCUMENT_RELATIONSHIPS]: (xml) => xml.replace('</Relationships>', `${relationships}</Relationships>`),
    [CONTENT_TYPES]: (xml) => withContentTypes(xml, writer.pictures.length > 0, addsNumbering),
    [NUMBERING_PART]: (xml) =>
      numbering
        ? xml
            .replace(/<w:num\b|<\/w:numbering>/, (found) => numbering.abstracts + found)
            .replace(/<w:numIdMacAtCleanup\b|<\/w:numbering>/, (found) => numbering.instances + found)
        : xml,
  };
  const entries: ZipEntry[] = prepared.parts.map((part) => {
    if (part.kind === 'fields') return textEntry(part.name, fillSlots(part.segments, content.fields));
    if (part.kind === 'text') return textEntry(part.name, (rewrite[part.name] ?? ((xml) => xml))(part.text));
    if (part.entry.name === DOCUMENT_PART) return document;
    if (part.entry.name === CORE_PROPERTIES)
      return textEntry(CORE_PROPERTIES, coreProperties(content.properties));
    return part.entry;
  });
  if (addsNumbering) {
    entries.push(
      textEntry(
        NUMBERING_PART,
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="${W}">${numbering.abstracts}${numbering.instances}</w:numbering>`,
      ),
    );
  }
  for (const picture of writer.pictures) {
    for (const part of [picture.svg, picture.png])
      entries.push(deflatedEntry(`word/${part.path}`, part.bytes));
  }
  return writeZip(entries, date);
}

function withContentTypes(xml: string, pictures: boolean, numbering: boolean): string {
  const defaults = pictures
    ? [
        ['png', 'image/png'],
        ['svg', 'image/svg+xml'],
      ]
        .filter(([extension]) => !new RegExp(`Extension="${extension}"`, 'i').test(xml))
        .map(([extension, type]) => `<Default Extension="${extension}" ContentType="${type}"/>`)
        .join('')
    : '';
  const override = numbering
    ? `<Override PartName="/${NUMBERING_PART}" ContentType="${NUMBERING_TYPE}"/>`
    : '';
  // Defaults come before overrides in Word's own files; either order is valid.
  return xml
    .replace(/<Override\b|<\/Types>/, (found) => defaults + found)
    .replace('</Types>', `${override}</Types>`);
}

/** The text of each cover field, for the placeholders of the same name in the house template. */
export function coverFields(model: ProposalModel): Record<Exclude<Placeholder, 'body'>, string> {
  const usd = (value: number) => `USD ${wholeNumber(value)}`;
  const ofAll = `${model.includedCount} of ${model.regions.length} RPPOs`;
  const { totals } = model;
  return {
    title: model.title,
    callTitle: model.callTitle,
    executingPartners: model.includedCount
      ? `${model.includedCount} of the ${model.regions.length} RPPOs: ${model.executingPartners.map((partner) => partner.code).join(', ')}`
      : "To be confirmed as the RPPOs' input arrives",
    regions: model.regionNames || 'To be confirmed',
    countries: model.countriesCount
      ? `${model.countriesCount} countries in the suggested activities`
      : 'To be confirmed',
    targetPartner: model.targetPartner,
    duration: model.durationMonths ? `${model.durationMonths} months` : 'To be confirmed',
    amountRequested: model.uncostedComponents
      ? `${usd(totals.requestedUsd)} (${model.uncostedComponents} to be costed)`
      : usd(totals.requestedUsd),
    coFinancing: `${usd(totals.coFinancingUsd)}: ${usd(totals.inKindUsd)} in kind and ${usd(totals.committedUsd)} in committed support`,
    version: `Draft of ${model.asOfText}, from ${model.sourcesCount} submitted forms of ${ofAll}`,
    asOfText: model.asOfText,
    versionNote: model.versionNote,
    pendingNote: model.pendingCount
      ? `Input is still awaited from ${model.pendingRegions.join(', ')}; their sub-projects will be added as it arrives.`
      : '',
  };
}

/**
 * Loads something once per templates folder and keeps the promise; a failed load is forgotten, so a fixed file is
 * picked up on the next call.
 */
function oncePerFolder<T>(load: (dir: string) => Promise<T>): (dir: string) => Promise<T> {
  const loaded = new Map<string, Promise<T>>();
  return (dir) => {
    let value = loaded.get(dir);
    if (!value) {
      value = load(dir);
      loaded.set(dir, value);
      value.catch(() => loaded.delete(dir));
    }
    return value;
  };
}

// The repository's template, read and checked once per folder.
const houseTemplateIn = oncePerFolder(async (dir) =>
  readHouseTemplate(await readFile(joinPath(dir, HOUSE_TEMPLATE_FILE))),
);

/** The house template of a templates folder (default: the repository's), checked. */
export function defaultHouseTemplate(templatesDir?: string): Promise<HouseTemplate> {
  return houseTemplateIn(templatesDir ?? DEFAULT_TEMPLATES_DIR);
}

/** The bar chart of the budget by RPPO: the RPPOs that gave input, largest budget first. */
function budgetChart(model: ProposalModel) {
  const bars = model.regions
    .filter((region) => !region.pending)
    .map((region) => ({ label: region.code, value: region.budgetUsd }))
    .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label, 'en'));
  // Pixels at 96 per inch: a little narrower than the text, as Word leaves room around an image.
  const width = Math.floor((PAGE_CONTENT_WIDTH / 1440) * 96) - 24;
  return barChart(bars, { width, title: 'Estimated budget of the regional sub-projects by RPPO' });
}

// Prepared once per template (by its hash) and kept for the few templates a warm instance sees.
const prepared = createRecentMap<PreparedTemplate>({
  maxEntries: 8,
  maxAgeMilliseconds: Number.POSITIVE_INFINITY,
});

function preparedTemplate(house: HouseTemplate): PreparedTemplate {
  let found = prepared.get(house.sha256);
  if (!found) {
    found = prepareTemplate(house);
    prepared.set(house.sha256, found);
  }
  return found;
}

type Template = (context: unknown) => string;

// Compiled once per folder.
const templatesFor = oncePerFolder((dir) => compileTemplates(dir));

async function compileTemplates(dir: string): Promise<Template> {
  // An isolated instance: helpers and partials registered here can't leak into other Handlebars users.
  const handlebars = Handlebars.create();
  // strict: a misspelt field throws instead of printing nothing; noEscape: the output is Markdown, not HTML,
  // and the model is escaped for Markdown beforehand.
  const compileOptions = { strict: true, noEscape: true };
  const compile = (source: string) => handlebars.compile(source, compileOptions);
  const partialsDir = joinPath(dir, 'partials');
  const partialFiles = (await readdir(partialsDir)).filter((file) => file.endsWith(PARTIAL_SUFFIX));
  for (const file of partialFiles) {
    const source = await readFile(joinPath(partialsDir, file), 'utf8');
    handlebars.registerPartial(file.slice(0, -PARTIAL_SUFFIX.length), compile(source));
  }
  for (const [name, helper] of Object.entries(helpers)) handlebars.registerHelper(name, helper);
  return compile(await readFile(joinPath(dir, MAIN_TEMPLATE), 'utf8'));
}

// Built on first use, like every Intl formatter: the first one of a process loads ICU data.
const percentage = lazy(
  () =>
    new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }),
);

// Handlebars passes its options object as the last argument; the helpers below ignore it. They refuse
// values of the wrong kind, because strict mode does not check helper arguments: `{{usd mispelt}}` must fail.
const helpers = {
  /** `USD 1,234,567`: an amount in whole dollars, rounded. */
  usd: (value: unknown) => `USD ${wholeNumber(finite(value, 'usd'))}`,
  /** `12.5%`: a fraction (0.125) as a percentage with one decimal. */
  percent: (value: unknown) => percentage().format(finite(value, 'percent')),
  /** `12,345`: a number rounded to a whole number, with thousands grouping. */
  number: (value: unknown) => wholeNumber(finite(value, 'number')),
  /** `Label one; Label two`: the labels of a list of `{ code, label }` (or of plain strings). */
  join: (items: unknown) =>
    list(items, 'join')
      .map((item) => (typeof item === 'string' ? item : field(item, 'label', 'join')))
      .join('; '),
  /** `SO-B, T6`: the codes of a list of `{ code, label }`. */
  codes: (items: unknown) =>
    list(items, 'codes')
      .map((item) => field(item, 'code', 'codes'))
      .join(', '),
  /** True when two values read the same: escaped model text compares equal to the same words in a template. */
  eq: (a: unknown, b: unknown) => readable(a) === readable(b),
};

function finite(value: unknown, helper: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`The ${helper} helper needs a number, got ${String(value)}`);
  }
  return value;
}

function list(value: unknown, helper: string): unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`The ${helper} helper needs a list, got ${String(value)}`);
  return value;
}

function field(item: unknown, key: 'code' | 'label', helper: string): string {
  const value =
    typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[key] : undefined;
  if (typeof value !== 'string') throw new TypeError(`The ${helper} helper needs items with a ${key}`);
  return value;
}

function readable(value: unknown): unknown {
  return typeof value === 'string' ? value.replace(ESCAPED_SPECIAL, '$1').replace(BR, '\n') : value;
}
