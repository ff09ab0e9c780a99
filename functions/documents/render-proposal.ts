// Renders the proposal model into a Word document: model → escaped model → Handlebars Markdown templates →
// markdownToDocx → docx blocks, patched into the house Word template (house-style.docx: styles, header, footer, cover
// page) at its {{body}} placeholder. Templates live in templates/proposal/ so the Secretariat can reword the text
// and restyle the document without code.
import { readdir, readFile } from 'node:fs/promises';
import { join as joinPath } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  InternalHyperlink,
  PageReference,
  Paragraph,
  PatchType,
  patchDocument,
  Tab,
  TableOfContents,
  TabStopType,
  type TemplatePageNumberEstimator,
  TextRun,
} from 'docx';
import Handlebars from 'handlebars';
import { Markdown, type ProposalModel } from '#domain/proposals.ts';
import { barChart, chartParagraph } from './charts.ts';
import { datePackage } from './docx-package.ts';
import { type HouseTemplate, type Placeholder, readHouseTemplate } from './house-template.ts';
import {
  CONTENTS_DEPTH,
  type HeadingEntry,
  type MarkdownToDocxOptions,
  markdownBlocks,
} from './markdown-to-docx.ts';
import { numbering, PAGE_CONTENT_WIDTH } from './styles.ts';

export type RenderProposalOptions = {
  /** Folder holding `proposal.md.hbs` and `partials/`; defaults to the repository's templates/proposal/. */
  readonly templatesDir?: string;
  /**
   * Whether to lay the document out to write the page numbers of its table of contents (and link its entries to
   * bookmarked headings). Without it the entries are listed without pages, for Word to fill in. Default: for documents
   * whose Markdown is at most `PAGE_NUMBERS_UP_TO_CHARS` long.
   */
  readonly contentsPageNumbers?: boolean;
  /** The Word template that gives the document its look. Default: `house-style.docx` in `templatesDir`. */
  readonly houseTemplate?: HouseTemplate;
};

/** The file name of the house Word template in a templates folder. */
export const HOUSE_TEMPLATE_FILE = 'house-style.docx';

/**
 * Markdown length up to which the document is laid out to number the pages of its table of contents (about 20 RPPOs
 * with 20 activities each, 90 pages): about 6 s and 350 MB there on a laptop core, well within a Lambda's 30 s
 * behind the HTTP API. Above it, layout time and memory grow with the document, so Word numbers the pages instead.
 */
export const PAGE_NUMBERS_UP_TO_CHARS = 200_000;

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
  const markdown = template(escapeModel(model));
  const pageNumbers = options.contentsPageNumbers ?? markdown.length <= PAGE_NUMBERS_UP_TO_CHARS;
  const { styleIds } = house;
  const translation: MarkdownToDocxOptions = {
    charts: { 'budget-by-rppo': () => [chartParagraph(budgetChart(model), 'Budget by RPPO', 1)] },
    // The entries are written from the Markdown; patchDocument fills in their pages unless the document is long.
    tableOfContents: listedContents,
    bookmarkHeadings: pageNumbers,
    styles: {
      title: styleIds.title,
      tableText: styleIds.tableText,
      tableHeader: styleIds.tableHeader,
      table: styleIds.table,
      note: styleIds.note,
      codeBlock: styleIds.codeBlock,
      contentsHeading: styleIds.contentsHeading,
      listParagraph: styleIds.listParagraph,
    },
  };
  const body = [...markdownBlocks(markdown, translation)];
  const patched = await patchDocument({
    outputType: 'nodebuffer',
    data: house.bytes,
    // The body last: patches apply in this order, so a `{{title}}` typed by an RPPO stays as typed.
    patches: {
      ...coverPatches(model, house.placeholders),
      body: { type: PatchType.DOCUMENT, children: body },
    },
    keepOriginalStyles: true,
    trimPlaceholders: true,
    numbering,
    pageNumbers: pageNumbers ? await pageNumberEstimator() : undefined,
  });
  return datePackage(patched, {
    title: model.title,
    subject: model.callTitle,
    creator: 'IPPC Secretariat',
    description: `Funding proposal assembled from the input of ${model.includedCount} of ${model.regions.length} RPPOs, version as of ${model.asOf}`,
    date: model.asOfTime,
    // Without page numbers there are no bookmarks: the table of contents is written without links.
    renumberBookmarks: pageNumbers,
  });
}

/** The text of each cover field, for the placeholders of the same name in the house template. */
export function coverFields(model: ProposalModel): Record<Exclude<Placeholder, 'body'>, string> {
  const usd = (value: number) => `USD ${wholeNumber.format(value)}`;
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
    amountRequested: usd(totals.budgetUsd),
    coFinancing: `${usd(totals.coFinancingUsd)}: ${usd(totals.inKindUsd)} in kind and ${usd(totals.committedUsd)} in committed support`,
    version: `Draft of ${model.asOfText}, from ${model.sourcesCount} submitted forms of ${ofAll}`,
    asOfText: model.asOfText,
    versionNote: model.versionNote,
    pendingNote: model.pendingCount
      ? `Input is still awaited from ${model.pendingRegions.join(', ')}; their sub-projects will be added as it arrives.`
      : '',
  };
}

function coverPatches(model: ProposalModel, placeholders: readonly Placeholder[]) {
  const fields = coverFields(model);
  return Object.fromEntries(
    placeholders.flatMap((placeholder) =>
      placeholder === 'body'
        ? []
        : [
            [
              placeholder,
              {
                type: PatchType.PARAGRAPH,
                children: fields[placeholder] ? [new TextRun(fields[placeholder])] : [],
              },
            ],
          ],
    ),
  );
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

// The entries are written from the Markdown's headings. Bookmarked, each links to its heading and gives its page in
// a PAGEREF field, which patchDocument fills in; otherwise (a long document) Word fills them in when updating.
function listedContents(headings: readonly HeadingEntry[]) {
  if (!headings.every((heading) => heading.bookmark)) {
    return new TableOfContents('Contents', {
      hyperlink: true,
      headingStyleRange: `1-${CONTENTS_DEPTH}`,
      cachedEntries: headings.map(({ title, level }) => ({ title, level })),
    });
  }
  return new TableOfContents('Contents', {
    hyperlink: true,
    headingStyleRange: `1-${CONTENTS_DEPTH}`,
    contentChildren: headings.map(
      ({ title, level, bookmark = '' }) =>
        new Paragraph({
          style: `TOC${level}`,
          tabStops: [{ type: TabStopType.RIGHT, position: PAGE_CONTENT_WIDTH, leader: 'dot' }],
          children: [
            new InternalHyperlink({
              anchor: bookmark,
              children: [
                new TextRun(title),
                new TextRun({ children: [new Tab()] }),
                new PageReference(bookmark, { hyperlink: true }),
              ],
            }),
          ],
        }),
    ),
  });
}

// docx/layout (1.7 MB) is loaded the first time a document needs it, not when the Lambda starts.
let estimator: Promise<TemplatePageNumberEstimator> | undefined;

function pageNumberEstimator(): Promise<TemplatePageNumberEstimator> {
  // With `guess`, a character it has no width for (Arabic or Chinese text in Calibri) is measured as an average
  // letter instead of leaving every later page number blank.
  estimator ??= import('docx/layout').then((layout) => layout.estimatePageNumbersWith({ guess: true }));
  return estimator;
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

// Whole numbers: a proposal estimates, so cents would only add noise. The model keeps the exact cents, so a
// rounded total may differ by a dollar from the sum of its rounded lines.
const wholeNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const percentage = new Intl.NumberFormat('en-US', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

// Handlebars passes its options object as the last argument; the helpers below ignore it. They refuse
// values of the wrong kind, because strict mode does not check helper arguments: `{{usd mispelt}}` must fail.
const helpers = {
  /** `USD 1,234,567`: an amount in whole dollars, rounded. */
  usd: (value: unknown) => `USD ${wholeNumber.format(finite(value, 'usd'))}`,
  /** `12.5%`: a fraction (0.125) as a percentage with one decimal. */
  percent: (value: unknown) => percentage.format(finite(value, 'percent')),
  /** `12,345`: a number rounded to a whole number, with thousands grouping. */
  number: (value: unknown) => wholeNumber.format(finite(value, 'number')),
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
