// Translates the Markdown that the proposal templates render into docx paragraphs and tables. Text always
// reaches the document as text: inline HTML, entities and backslash escapes never turn into formatting.
import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  HeadingLevel,
  type IBorderOptions,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { getDefaults, Lexer, type MarkedToken, type Token, type Tokens } from 'marked';
import { textUnits } from './font-metrics.ts';
import {
  ListReference,
  MAX_LIST_LEVEL,
  MONOSPACE_FONT,
  PAGE_CONTENT_WIDTH,
  StyleId,
  TABLE_BORDER_COLOR,
  TABLE_HEADER_FILL,
} from './styles.ts';

export type DocxBlock = Paragraph | Table | TableOfContents;

/** A heading that a table of contents lists: its text and level (1 for `#`). */
export type HeadingEntry = { readonly title: string; readonly level: number; readonly bookmark?: string };

export type MarkdownToDocxOptions = {
  /**
   * `instance` of the first ordered list (default 1). docx numbers lists by instance across the whole document,
   * so when the output of several calls goes into one document, give each call its own range.
   */
  readonly firstListInstance?: number;
  /** What a `<!-- chart: name -->` line shows, by name. A name not given here is an error. */
  readonly charts?: Readonly<Record<string, () => DocxBlock[]>>;
  /**
   * The table of contents of a `<!-- table-of-contents -->` line, given the headings it lists (levels 1 and 2).
   * Default: a table of contents that docx fills in from the headings when it writes the document.
   */
  readonly tableOfContents?: (headings: readonly HeadingEntry[]) => DocxBlock;
  /**
   * The ids of the styles to use, as a Word template defines them (house-template.ts). With a `table` style, tables
   * take their borders and header shading from it rather than from styles.ts; with a `listParagraph` style, list
   * items are in it. Default: the ids of styles.ts, and tables formatted directly.
   */
  readonly styles?: Partial<MarkdownStyles>;
  /**
   * Whether each heading the table of contents lists carries a bookmark (`_Toc1`, `_Toc2`… in order) that its entry
   * links to (`HeadingEntry.bookmark`): for a table of contents given its entries, whose pages `patchDocument` fills in.
   */
  readonly bookmarkHeadings?: boolean;
};

/** The styles the translated Markdown uses, by role. */
export type MarkdownStyles = {
  readonly title: string;
  readonly tableText: string;
  readonly tableHeader: string;
  readonly note: string;
  readonly codeBlock: string;
  readonly contentsHeading: string;
  readonly table: string | undefined;
  readonly listParagraph: string | undefined;
};

const DEFAULT_STYLES: MarkdownStyles = {
  title: StyleId.title,
  tableText: StyleId.tableText,
  tableHeader: StyleId.tableHeader,
  note: StyleId.quote,
  codeBlock: StyleId.codeBlock,
  contentsHeading: StyleId.contentsHeading,
  table: undefined,
  listParagraph: undefined,
};

/** Deepest heading level the table of contents lists. */
export const CONTENTS_DEPTH = 2;

/** Translates GFM Markdown into docx paragraphs and tables that use the styles and numbering of styles.ts. */
export function markdownToDocx(markdown: string, options: MarkdownToDocxOptions = {}): DocxBlock[] {
  return [...markdownBlocks(markdown, options)];
}

/**
 * The blocks of `markdownToDocx` one by one, translated as they are asked for, so that a long document never has all
 * of its docx objects in memory at once.
 */
export function* markdownBlocks(markdown: string, options: MarkdownToDocxOptions = {}): Generator<DocxBlock> {
  // A private lexer with fresh defaults, so extensions registered elsewhere with marked.use() don't apply here.
  const tokens = new Lexer({ ...getDefaults(), gfm: true }).lex(markdown);
  const context: Context = {
    pageBreak: false,
    nextListInstance: options.firstListInstance ?? 1,
    charts: options.charts ?? {},
    styles: { ...DEFAULT_STYLES, ...options.styles },
    tableOfContents: () =>
      (options.tableOfContents ?? defaultTableOfContents)(headingsOf(tokens, options.bookmarkHeadings)),
  };
  let listed = 0;
  for (const token of tokens) {
    const out =
      options.bookmarkHeadings && isListed(token)
        ? [bookmarkedHeading(token as Tokens.Heading, `_Toc${++listed}`, context)]
        : block(token as MarkedToken, context);
    // A block that couldn't take the page break itself (a table, a list) gets an empty paragraph that does.
    if (out.length > 0 && takePageBreak(context)) yield new Paragraph({ pageBreakBefore: true });
    yield* out;
  }
}

/**
 * Whether the next paragraph starts a new page, and the break is used up. A `<!-- page-break -->` line becomes
 * "page break before" on the paragraph after it, rather than a paragraph holding a break: that paragraph would
 * start a blank page when the page before happens to end just before it.
 */
function takePageBreak(context: Context): true | undefined {
  if (!context.pageBreak) return undefined;
  context.pageBreak = false;
  return true;
}

/** The headings of levels 1 and 2, in order, as a table of contents lists them. */
function headingsOf(tokens: Token[], bookmarked = false): HeadingEntry[] {
  return tokens.filter(isListed).map((token, index) => ({
    title: headingText(token as Tokens.Heading),
    level: (token as Tokens.Heading).depth,
    ...(bookmarked ? { bookmark: `_Toc${index + 1}` } : {}),
  }));
}

function isListed(token: Token): boolean {
  return token.type === 'heading' && token.depth <= CONTENTS_DEPTH;
}

function bookmarkedHeading(token: Tokens.Heading, bookmark: string, context: Context): Paragraph {
  return new Paragraph({
    heading: HEADINGS[Math.min(token.depth, HEADINGS.length) - 1],
    pageBreakBefore: takePageBreak(context),
    children: [new Bookmark({ id: bookmark, children: [new TextRun(headingText(token))] })],
  });
}

function defaultTableOfContents(): DocxBlock {
  return new TableOfContents('Contents', { hyperlink: true, headingStyleRange: `1-${CONTENTS_DEPTH}` });
}

type Context = {
  /** A page break is waiting for the next paragraph. */
  pageBreak: boolean;
  nextListInstance: number;
  readonly charts: Readonly<Record<string, () => DocxBlock[]>>;
  readonly styles: MarkdownStyles;
  readonly tableOfContents: () => DocxBlock;
};

type RunFormat = {
  readonly bold?: boolean;
  readonly italics?: boolean;
  readonly strike?: boolean;
  readonly code?: boolean;
};

// The text of a paragraph as a flat list: a piece of text with its formatting, or a line break.
type Span = { readonly text: string; readonly format: RunFormat } | { readonly lineBreak: true };

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
];
const PAGE_BREAK = /^\s*<!--\s*page-break\s*-->\s*$/i;
const CONTENTS = /^\s*<!--\s*table-of-contents(?:\s*:\s*([^\n]*?))?\s*-->\s*$/i;
const CHART = /^\s*<!--\s*chart\s*:\s*([\w-]+)\s*-->\s*$/i;
// A paragraph starting with `% ` is the document's title, as in a pandoc title block.
const TITLE_MARK = /^% /;
const HTML_COMMENT = /<!--[\s\S]*?-->/g;
const BR_TAG = /^<br\s*\/?>$/i;
const BORDER: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: TABLE_BORDER_COLOR };
// Column widths follow the longest line in each column, within these bounds, so that short columns
// (numbers, dates) keep a usable minimum and one long column can't squeeze the others out. Lengths are in
// average characters: 110 twips, a character of 10 pt Calibri (550 font units).
const MAX_COLUMN_CHARS = 40;
// A longer word (an address, a code) may wrap rather than widen its column further.
const MAX_WORD_CHARS = 16;
const CHAR_TWIPS = 110;
const CHAR_UNITS = 550;
// Bold text (the header row) is about this much wider.
const BOLD_WIDTH = 1.06;
// Word's default left and right cell margins (0.08 inch each).
const CELL_PADDING = 2 * 115;

function blocks(tokens: Token[], context: Context, paragraphStyle?: string): DocxBlock[] {
  return tokens.flatMap((token) => block(token as MarkedToken, context, paragraphStyle));
}

function block(token: MarkedToken, context: Context, paragraphStyle?: string): DocxBlock[] {
  switch (token.type) {
    case 'heading': {
      const heading = HEADINGS[Math.min(token.depth, HEADINGS.length) - 1];
      return [new Paragraph({ heading, text: headingText(token), pageBreakBefore: takePageBreak(context) })];
    }
    case 'paragraph':
      if (TITLE_MARK.test(token.raw) && !paragraphStyle) return [titleParagraph(token, context)];
      return [
        new Paragraph({
          style: paragraphStyle,
          pageBreakBefore: takePageBreak(context),
          children: inlineRuns(token.tokens),
        }),
      ];
    case 'text':
      return [new Paragraph({ style: paragraphStyle, children: inlineRuns(token.tokens ?? [token]) })];
    case 'list':
      return list(token, 0, context);
    case 'table':
      // An empty paragraph keeps the next text (or the next table) from touching the table.
      return [table(token, context.styles), new Paragraph({ style: context.styles.tableText, children: [] })];
    case 'blockquote':
      return blocks(token.tokens, context, context.styles.note);
    case 'code':
      return [linesParagraph(token.text, context.styles.codeBlock)];
    case 'hr':
      return [new Paragraph({ border: { bottom: { ...BORDER, size: 6, space: 1 } } })];
    case 'html':
      return htmlBlock(token.text, context);
    case 'space':
    case 'def':
      return [];
    default:
      return [linesParagraph(token.raw, paragraphStyle)];
  }
}

function htmlBlock(html: string, context: Context): DocxBlock[] {
  if (PAGE_BREAK.test(html)) {
    context.pageBreak = true;
    return [];
  }
  const contents = CONTENTS.exec(html);
  if (contents) {
    const title = contents[1]
      ? [
          new Paragraph({
            style: context.styles.contentsHeading,
            text: contents[1],
            pageBreakBefore: takePageBreak(context),
          }),
        ]
      : [];
    return [...title, context.tableOfContents()];
  }
  const chart = CHART.exec(html);
  if (chart) {
    const name = chart[1] ?? '';
    const draw = context.charts[name];
    if (!draw) {
      const known = Object.keys(context.charts).join(', ') || 'none';
      throw new Error(`There is no chart named "${name}" (charts: ${known})`);
    }
    return draw();
  }
  // Comments are notes in the templates; any other HTML is shown as typed.
  const text = html.replace(HTML_COMMENT, '').trim();
  return text ? [linesParagraph(text)] : [];
}

function headingText(token: Tokens.Heading): string {
  return plainText(token.tokens).replace(/\n/g, ' ');
}

// The title paragraph, in the Title style, without its `% ` mark.
function titleParagraph(token: Tokens.Paragraph, context: Context): Paragraph {
  const [first, ...rest] = token.tokens;
  const unmarked =
    first?.type === 'text' ? [{ ...first, text: first.text.replace(TITLE_MARK, ''), tokens: undefined }] : [];
  return new Paragraph({
    style: context.styles.title,
    pageBreakBefore: takePageBreak(context),
    children: inlineRuns([...unmarked, ...rest]),
  });
}

function linesParagraph(text: string, style?: string): Paragraph {
  const spans = text
    .split('\n')
    .flatMap((line, index): Span[] => [
      ...(index > 0 ? [{ lineBreak: true } as const] : []),
      { text: line, format: {} },
    ]);
  return new Paragraph({ style, children: toRuns(spans) });
}

function list(token: Tokens.List, depth: number, context: Context): DocxBlock[] {
  const level = Math.min(depth, MAX_LIST_LEVEL);
  // A new instance per ordered list makes each one count from 1 again.
  const numbering = token.ordered
    ? { reference: ListReference.ordered, level, instance: context.nextListInstance++ }
    : { reference: ListReference.bullets, level };
  return token.items.flatMap((item) => listItem(item, numbering, depth, context));
}

function listItem(
  item: Tokens.ListItem,
  numbering: { reference: string; level: number; instance?: number },
  depth: number,
  context: Context,
): DocxBlock[] {
  const out: DocxBlock[] = [];
  let numbered = false;
  // A tight task item has its checkbox before its text, at block level.
  let pending: Token[] = [];
  for (const child of item.tokens as MarkedToken[]) {
    if (child.type === 'checkbox') {
      pending.push(child);
    } else if (child.type === 'text' || child.type === 'paragraph') {
      const children = inlineRuns([...pending, ...(child.tokens ?? [child])]);
      // The item's first paragraph carries the marker; later ones line up with its text.
      const placement = numbered ? { indent: { left: 720 * (numbering.level + 1) } } : { numbering };
      out.push(new Paragraph({ style: context.styles.listParagraph, children, ...placement }));
      numbered = true;
      pending = [];
    } else if (child.type === 'list') {
      out.push(...list(child, depth + 1, context));
    } else {
      out.push(...block(child, context));
    }
  }
  return out;
}

function table(token: Tokens.Table, styles: MarkdownStyles): Table {
  // A table style governs borders and header shading; without one they are set on the table itself.
  const styled = styles.table !== undefined;
  const widths = columnWidths([token.header, ...token.rows]);
  const row = (cells: Tokens.TableCell[], header: boolean) =>
    new TableRow({
      // Repeats the header on every page; body rows leave it out rather than writing it as off.
      tableHeader: header || undefined,
      children: cells.map(
        (cell, column) =>
          new TableCell({
            // Word reads the grid, LibreOffice and Google Docs read the cell widths: give both.
            width: { size: widths[column] ?? 0, type: WidthType.DXA },
            shading:
              header && !styled
                ? { fill: TABLE_HEADER_FILL, type: ShadingType.CLEAR, color: 'auto' }
                : undefined,
            children: [
              new Paragraph({
                style: header ? styles.tableHeader : styles.tableText,
                alignment: cellAlignment(token.align[column]),
                children: inlineRuns(cell.tokens),
              }),
            ],
          }),
      ),
    });
  return new Table({
    width: { size: PAGE_CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    style: styles.table,
    borders: styled
      ? undefined
      : {
          top: BORDER,
          bottom: BORDER,
          left: BORDER,
          right: BORDER,
          insideHorizontal: BORDER,
          insideVertical: BORDER,
        },
    rows: [row(token.header, true), ...token.rows.map((cells) => row(cells, false))],
  });
}

function cellAlignment(align: Tokens.TableCell['align'] | undefined) {
  if (align === 'right') return AlignmentType.RIGHT;
  if (align === 'center') return AlignmentType.CENTER;
  return undefined;
}

// Widths in twips, as in HTML's automatic table layout: each column gets at least what its longest word needs,
// then the rest of the content width goes to the columns in proportion to what their longest line still lacks.
function columnWidths(rows: Tokens.TableCell[][]): number[] {
  const columns = rows[0]?.length ?? 0;
  const need = (chars: number) => Math.ceil(chars * CHAR_TWIPS) + CELL_PADDING;
  const widest = (measure: (cell: Tokens.TableCell | undefined) => number) =>
    Array.from({ length: columns }, (_, column) =>
      Math.max(...rows.map((cells, row) => measure(cells[column]) * (row === 0 ? BOLD_WIDTH : 1))),
    );
  const max = widest(longestLine).map((chars) => need(Math.min(chars, MAX_COLUMN_CHARS)));
  const min = widest(longestWord).map((chars, column) =>
    Math.min(need(Math.min(chars, MAX_WORD_CHARS)), max[column] ?? 0),
  );
  const sumOf = (values: number[]) => values.reduce((sum, value) => sum + value, 0);
  const spare = PAGE_CONTENT_WIDTH - sumOf(min);
  const room = sumOf(max) - sumOf(min);
  const widths =
    spare <= 0
      ? min.map((width) => Math.floor((width * PAGE_CONTENT_WIDTH) / sumOf(min)))
      : room >= spare
        ? min.map((width, column) => Math.floor(width + (((max[column] ?? 0) - width) * spare) / room))
        : max.map((width) => Math.floor((width * PAGE_CONTENT_WIDTH) / sumOf(max)));
  const largest = widths.indexOf(Math.max(...widths));
  widths[largest] = (widths[largest] ?? 0) + PAGE_CONTENT_WIDTH - sumOf(widths);
  return widths;
}

/** The width of a text in average characters (`CHAR_UNITS`). */
function chars(text: string): number {
  return textUnits(text) / CHAR_UNITS;
}

function longestWord(cell: Tokens.TableCell | undefined): number {
  if (!cell) return 0;
  return Math.max(0, ...plainText(cell.tokens).split(/\s+/).map(chars));
}

function longestLine(cell: Tokens.TableCell | undefined): number {
  if (!cell) return 0;
  return Math.max(
    ...plainText(cell.tokens)
      .split('\n')
      .map((line) => chars(line.trim())),
  );
}

function inlineRuns(tokens: Token[]): TextRun[] {
  return toRuns(inlineSpans(tokens, {}));
}

function plainText(tokens: Token[]): string {
  return inlineSpans(tokens, {})
    .map((span) => ('text' in span ? span.text : '\n'))
    .join('');
}

function inlineSpans(tokens: Token[], format: RunFormat): Span[] {
  return tokens.flatMap((token) => inlineSpan(token as MarkedToken, format));
}

function inlineSpan(token: MarkedToken, format: RunFormat): Span[] {
  switch (token.type) {
    case 'text':
      // Block-level text in list items nests its inline tokens; inline text holds the characters.
      return token.tokens
        ? inlineSpans(token.tokens, format)
        : [{ text: softBreaks(decodeEntities(token.text)), format }];
    case 'escape':
      return [{ text: token.text, format }];
    case 'strong':
      return inlineSpans(token.tokens, { ...format, bold: true });
    case 'em':
      return inlineSpans(token.tokens, { ...format, italics: true });
    case 'del':
      return inlineSpans(token.tokens, { ...format, strike: true });
    case 'codespan':
      return [{ text: softBreaks(token.text), format: { ...format, code: true } }];
    case 'br':
      return [{ lineBreak: true }];
    case 'html':
      if (BR_TAG.test(token.text)) return [{ lineBreak: true }];
      return [{ text: token.text.replace(HTML_COMMENT, ''), format }];
    case 'link':
      return linkSpans(token, format);
    case 'image':
      return inlineSpans(token.tokens, format);
    case 'checkbox':
      return [{ text: token.checked ? '☒ ' : '☐ ', format }];
    default:
      return [{ text: token.raw, format }];
  }
}

// Printed documents can't be clicked, so a link shows its target after its text.
function linkSpans(token: Tokens.Link, format: RunFormat): Span[] {
  const text = inlineSpans(token.tokens, format);
  // Autolinks are literal; marked leaves character references in other link destinations undecoded.
  if (token.autolink) return text;
  const href = decodeEntities(token.href);
  return plainText(token.tokens) === href ? text : [...text, { text: ` (${href})`, format }];
}

// A soft line break inside a paragraph is a space.
function softBreaks(text: string): string {
  return text.replace(/[ \t]*\n[ \t]*/g, ' ');
}

function toRuns(spans: Span[]): TextRun[] {
  return mergeSpans(spans).map((span) =>
    'text' in span
      ? new TextRun({
          text: span.text,
          bold: span.format.bold,
          italics: span.format.italics,
          strike: span.format.strike,
          font: span.format.code ? MONOSPACE_FONT : undefined,
        })
      : new TextRun({ break: 1 }),
  );
}

// Escapes and entities split text into several tokens; one run per formatting keeps the XML readable.
function mergeSpans(spans: Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of spans) {
    if ('text' in span && span.text === '') continue;
    const last = merged.at(-1);
    if (last && 'text' in last && 'text' in span && sameFormat(last.format, span.format)) {
      merged[merged.length - 1] = { text: last.text + span.text, format: last.format };
    } else {
      merged.push(span);
    }
  }
  return merged;
}

function sameFormat(a: RunFormat, b: RunFormat): boolean {
  return !a.bold === !b.bold && !a.italics === !b.italics && !a.strike === !b.strike && !a.code === !b.code;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  euro: '€',
  copy: '©',
  reg: '®',
  trade: '™',
  deg: '°',
  times: '×',
  middot: '·',
  bull: '•',
};
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

/**
 * Decodes HTML character references in a text token in one pass. marked 18 leaves them in the text as written,
 * except that a text holding a numeric reference comes back with those decoded and every bare `&` as `&amp;`.
 * Unknown names stay as typed.
 */
function decodeEntities(text: string): string {
  return text.replace(ENTITY, (match, decimal?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED_ENTITIES[name] ?? match;
    const code = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? '', 16);
    const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return valid ? String.fromCodePoint(code) : '\uFFFD';
  });
}
