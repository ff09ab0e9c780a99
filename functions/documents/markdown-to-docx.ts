// Translates the Markdown that the proposal templates render into the blocks of blocks.ts: paragraphs, tables,
// pictures and the table of contents. Text always reaches the document as text: inline HTML, entities and backslash
// escapes never turn into formatting.
import { getDefaults, Lexer, type MarkedToken, type Token, type Tokens } from 'marked';
import type {
  Alignment,
  Block,
  HeadingEntry,
  Inline,
  ListPlacement,
  ParagraphBlock,
  RunFormat,
  TableBlock,
} from './blocks.ts';
import { textUnits } from './font-metrics.ts';
import { MAX_LIST_LEVEL, PAGE_CONTENT_WIDTH, StyleId } from './styles.ts';

export type MarkdownToDocxOptions = {
  /** What a `<!-- chart: name -->` line shows, by name. A name not given here is an error. */
  readonly charts?: Readonly<Record<string, () => Block[]>>;
  /**
   * The ids of the styles to use, as a Word template defines them (house-template.ts). With a `table` style, tables
   * take their borders and header shading from it; with a `listParagraph` style, list items are in it. Default: the
   * ids of styles.ts, and tables formatted directly.
   */
  readonly styles?: Partial<MarkdownStyles>;
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
const CONTENTS_DEPTH = 2;
/** Deepest heading style the document has: deeper Markdown headings use it. */
const DEEPEST_HEADING = 4;

/** Translates GFM Markdown into the blocks of a document, all at once (for tests and small texts). */
export function markdownToDocx(markdown: string, options: MarkdownToDocxOptions = {}): Block[] {
  return [...markdownBlocks(markdown, options)];
}

/**
 * The blocks of `markdownToDocx` one by one, translated as they are asked for. The text is lexed a piece at a time
 * (`piecesOf`), so a long document never has all of its Markdown tokens in memory at once. Each heading the table of
 * contents lists carries a bookmark, numbered 1, 2… in order, that its entry links to; a contents block's entries
 * are those headings, and so are complete once every block has been read.
 */
export function* markdownBlocks(markdown: string, options: MarkdownToDocxOptions = {}): Generator<Block> {
  // Fresh defaults, so extensions registered elsewhere with marked.use() don't apply here.
  const lexerOptions = { ...getDefaults(), gfm: true };
  const context: Context = {
    pageBreak: false,
    nextListInstance: 1,
    charts: options.charts ?? {},
    styles: { ...DEFAULT_STYLES, ...options.styles },
    headings: [],
  };
  for (const piece of piecesOf(markdown)) {
    // A lexer per piece: one keeps the tokens of every text it has lexed.
    for (const token of new Lexer(lexerOptions).lex(piece)) {
      const out = isListed(token)
        ? [listedHeading(token as Tokens.Heading, context)]
        : block(token as MarkedToken, context);
      // A block that couldn't take the page break itself (a table, a list) gets an empty paragraph that does.
      if (out.length > 0 && out[0]?.kind !== 'paragraph' && takePageBreak(context)) {
        yield { kind: 'paragraph', inlines: [], pageBreakBefore: true };
      }
      yield* out;
    }
  }
}

// A line that starts a top-level heading (`#` or `##`), an opening or closing code fence, an HTML comment.
const TOP_HEADING_LINE = /^#{1,2}(?:[ \t]|$)/;
const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})/;
const COMMENT_START = '<!--';
const COMMENT_END = '-->';
// The first characters of those lines (a fence may be indented).
const STATE_LINE_STARTS = '#`~ <';

/**
 * The Markdown cut before each top-level heading line that is not inside a code fence or an HTML comment. Such a
 * line always starts a new block (it ends a paragraph, a list, a table or a quote before it), so each piece lexes
 * as it would within the whole text; the proposal has one per region outline and annex section.
 */
export function* piecesOf(markdown: string): Generator<string> {
  let pieceStart = 0;
  let fence: string | undefined;
  let inComment = false;
  for (let lineStart = 0; lineStart < markdown.length; ) {
    const newline = markdown.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? markdown.length : newline;
    const first = markdown[lineStart] ?? '';
    // Only lines that could change the state are looked at whole: most lines start with none of these.
    if (inComment || fence !== undefined || STATE_LINE_STARTS.includes(first)) {
      const line = markdown.slice(lineStart, lineEnd);
      const marker = FENCE_LINE.exec(line)?.[1];
      if (inComment) {
        inComment = !line.includes(COMMENT_END);
      } else if (fence !== undefined) {
        const closes =
          marker?.[0] === fence[0] && (marker?.length ?? 0) >= fence.length && line.trim() === marker;
        if (closes) fence = undefined;
      } else if (marker !== undefined) {
        fence = marker;
      } else if (line.trimStart().startsWith(COMMENT_START)) {
        inComment = !line.includes(COMMENT_END, line.indexOf(COMMENT_START) + COMMENT_START.length);
      } else if (TOP_HEADING_LINE.test(line) && lineStart > pieceStart) {
        yield markdown.slice(pieceStart, lineStart);
        pieceStart = lineStart;
      }
    }
    lineStart = lineEnd + 1;
  }
  if (pieceStart < markdown.length) yield markdown.slice(pieceStart);
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

/** A heading of level 1 or 2, bookmarked for the table of contents, which lists it. */
function listedHeading(token: Tokens.Heading, context: Context): ParagraphBlock {
  const entry = { title: headingText(token), level: token.depth, bookmark: context.headings.length + 1 };
  context.headings.push(entry);
  return headingBlock(token, context, entry);
}

function isListed(token: Token): boolean {
  return token.type === 'heading' && token.depth <= CONTENTS_DEPTH;
}

/** A heading's paragraph; one the table of contents lists carries its entry's text and bookmark. */
function headingBlock(token: Tokens.Heading, context: Context, listed?: HeadingEntry): ParagraphBlock {
  return {
    kind: 'paragraph',
    heading: Math.min(token.depth, DEEPEST_HEADING),
    inlines: [{ text: listed?.title ?? headingText(token), format: {} }],
    pageBreakBefore: takePageBreak(context),
    bookmark: listed?.bookmark,
  };
}

type Context = {
  /** A page break is waiting for the next paragraph. */
  pageBreak: boolean;
  nextListInstance: number;
  readonly charts: Readonly<Record<string, () => Block[]>>;
  readonly styles: MarkdownStyles;
  /** The listed headings so far: the table of contents' entries, complete at the end of the text. */
  readonly headings: HeadingEntry[];
};

const PAGE_BREAK = /^\s*<!--\s*page-break\s*-->\s*$/i;
const CONTENTS = /^\s*<!--\s*table-of-contents(?:\s*:\s*([^\n]*?))?\s*-->\s*$/i;
const CHART = /^\s*<!--\s*chart\s*:\s*([\w-]+)\s*-->\s*$/i;
// A paragraph starting with `% ` is the document's title, as in a pandoc title block.
const TITLE_MARK = /^% /;
const HTML_COMMENT = /<!--[\s\S]*?-->/g;
const BR_TAG = /^<br\s*\/?>$/i;
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
// Later paragraphs of a list item line up with its text: one list indent (720 twips) per level.
const LIST_INDENT = 720;

function blocks(tokens: Token[], context: Context, paragraphStyle?: string): Block[] {
  return tokens.flatMap((token) => block(token as MarkedToken, context, paragraphStyle));
}

function block(token: MarkedToken, context: Context, paragraphStyle?: string): Block[] {
  switch (token.type) {
    case 'heading':
      return [headingBlock(token, context)];
    case 'paragraph':
      if (TITLE_MARK.test(token.raw) && !paragraphStyle) return [titleParagraph(token, context)];
      return [
        {
          kind: 'paragraph',
          style: paragraphStyle,
          pageBreakBefore: takePageBreak(context),
          inlines: inlineRuns(token.tokens),
        },
      ];
    case 'text':
      return [{ kind: 'paragraph', style: paragraphStyle, inlines: inlineRuns(token.tokens ?? [token]) }];
    case 'list':
      return list(token, 0, context);
    case 'table':
      // An empty paragraph keeps the next text (or the next table) from touching the table.
      return [
        table(token, context.styles),
        { kind: 'paragraph', style: context.styles.tableText, inlines: [] },
      ];
    case 'blockquote':
      return blocks(token.tokens, context, context.styles.note);
    case 'code':
      return [linesParagraph(token.text, context.styles.codeBlock)];
    case 'hr':
      return [{ kind: 'paragraph', inlines: [], rule: true }];
    case 'html':
      return htmlBlock(token.text, context);
    case 'space':
    case 'def':
      return [];
    default:
      return [linesParagraph(token.raw, paragraphStyle)];
  }
}

function htmlBlock(html: string, context: Context): Block[] {
  if (PAGE_BREAK.test(html)) {
    context.pageBreak = true;
    return [];
  }
  const contents = CONTENTS.exec(html);
  if (contents) {
    const title: Block[] = contents[1]
      ? [
          {
            kind: 'paragraph',
            style: context.styles.contentsHeading,
            inlines: [{ text: contents[1], format: {} }],
            pageBreakBefore: takePageBreak(context),
          },
        ]
      : [];
    return [...title, { kind: 'contents', entries: context.headings }];
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
function titleParagraph(token: Tokens.Paragraph, context: Context): ParagraphBlock {
  const [first, ...rest] = token.tokens;
  const unmarked =
    first?.type === 'text' ? [{ ...first, text: first.text.replace(TITLE_MARK, ''), tokens: undefined }] : [];
  return {
    kind: 'paragraph',
    style: context.styles.title,
    pageBreakBefore: takePageBreak(context),
    inlines: inlineRuns([...unmarked, ...rest]),
  };
}

function linesParagraph(text: string, style?: string): ParagraphBlock {
  const inlines = text
    .split('\n')
    .flatMap((line, index): Inline[] => [
      ...(index > 0 ? [{ lineBreak: true } as const] : []),
      { text: line, format: {} },
    ]);
  return { kind: 'paragraph', style, inlines: mergeInlines(inlines) };
}

function list(token: Tokens.List, depth: number, context: Context): Block[] {
  const level = Math.min(depth, MAX_LIST_LEVEL);
  // A new instance per ordered list makes each one count from 1 again.
  const placement: ListPlacement = {
    ordered: token.ordered,
    instance: token.ordered ? context.nextListInstance++ : 0,
    level,
  };
  return token.items.flatMap((item) => listItem(item, placement, depth, context));
}

function listItem(item: Tokens.ListItem, placement: ListPlacement, depth: number, context: Context): Block[] {
  const out: Block[] = [];
  let numbered = false;
  // A tight task item has its checkbox before its text, at block level.
  let pending: Token[] = [];
  for (const child of item.tokens as MarkedToken[]) {
    if (child.type === 'checkbox') {
      pending.push(child);
    } else if (child.type === 'text' || child.type === 'paragraph') {
      const inlines = inlineRuns([...pending, ...(child.tokens ?? [child])]);
      // The item's first paragraph carries the marker; later ones line up with its text.
      const where = numbered ? { indentLeft: LIST_INDENT * (placement.level + 1) } : { list: placement };
      out.push({ kind: 'paragraph', style: context.styles.listParagraph, inlines, ...where });
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

function table(token: Tokens.Table, styles: MarkdownStyles): TableBlock {
  const cells = [token.header, ...token.rows].map((row) => row.map((cell) => inlineRuns(cell.tokens)));
  const widths = columnWidths(cells.map((row) => row.map(textOfInlines)));
  return {
    kind: 'table',
    widths,
    style: styles.table,
    rows: cells.map((row, index) => ({
      header: index === 0,
      cells: row.map(
        (inlines, column): ParagraphBlock => ({
          kind: 'paragraph',
          style: index === 0 ? styles.tableHeader : styles.tableText,
          align: cellAlignment(token.align[column]),
          inlines,
        }),
      ),
    })),
  };
}

function cellAlignment(align: Tokens.TableCell['align'] | undefined): Alignment | undefined {
  return align === 'right' || align === 'center' ? align : undefined;
}

// Widths in twips, as in HTML's automatic table layout: each column gets at least what its longest word needs,
// then the rest of the content width goes to the columns in proportion to what their longest line still lacks.
function columnWidths(rows: readonly (readonly string[])[]): number[] {
  const columns = rows[0]?.length ?? 0;
  const need = (chars: number) => Math.ceil(chars * CHAR_TWIPS) + CELL_PADDING;
  const widest = (measure: (text: string) => number) =>
    Array.from({ length: columns }, (_, column) =>
      Math.max(...rows.map((cells, row) => measure(cells[column] ?? '') * (row === 0 ? BOLD_WIDTH : 1))),
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

function longestWord(text: string): number {
  return Math.max(0, ...text.split(/\s+/).map(chars));
}

function longestLine(text: string): number {
  return Math.max(...text.split('\n').map((line) => chars(line.trim())));
}

function inlineRuns(tokens: Token[]): Inline[] {
  return mergeInlines(inlinesOf(tokens, {}));
}

function plainText(tokens: Token[]): string {
  return textOfInlines(inlinesOf(tokens, {}));
}

/** The text of inlines as it reads, a line break as `\n`. */
function textOfInlines(inlines: readonly Inline[]): string {
  return inlines.map((inline) => ('text' in inline ? inline.text : '\n')).join('');
}

function inlinesOf(tokens: Token[], format: RunFormat): Inline[] {
  return tokens.flatMap((token) => inlinesOfToken(token as MarkedToken, format));
}

function inlinesOfToken(token: MarkedToken, format: RunFormat): Inline[] {
  switch (token.type) {
    case 'text':
      // Block-level text in list items nests its inline tokens; inline text holds the characters.
      return token.tokens
        ? inlinesOf(token.tokens, format)
        : [{ text: softBreaks(token.text.includes('&') ? decodeEntities(token.text) : token.text), format }];
    case 'escape':
      return [{ text: token.text, format }];
    case 'strong':
      return inlinesOf(token.tokens, { ...format, bold: true });
    case 'em':
      return inlinesOf(token.tokens, { ...format, italics: true });
    case 'del':
      return inlinesOf(token.tokens, { ...format, strike: true });
    case 'codespan':
      return [{ text: softBreaks(token.text), format: { ...format, code: true } }];
    case 'br':
      return [{ lineBreak: true }];
    case 'html':
      if (BR_TAG.test(token.text)) return [{ lineBreak: true }];
      return [{ text: token.text.replace(HTML_COMMENT, ''), format }];
    case 'link':
      return linkInlines(token, format);
    case 'image':
      return inlinesOf(token.tokens, format);
    case 'checkbox':
      return [{ text: token.checked ? '☒ ' : '☐ ', format }];
    default:
      return [{ text: token.raw, format }];
  }
}

// Printed documents can't be clicked, so a link shows its target after its text.
function linkInlines(token: Tokens.Link, format: RunFormat): Inline[] {
  const text = inlinesOf(token.tokens, format);
  // Autolinks are literal; marked leaves character references in other link destinations undecoded.
  if (token.autolink) return text;
  const href = decodeEntities(token.href);
  return plainText(token.tokens) === href ? text : [...text, { text: ` (${href})`, format }];
}

// A soft line break inside a paragraph is a space.
function softBreaks(text: string): string {
  if (!text.includes('\n')) return text;
  return text.replace(/[ \t]*\n[ \t]*/g, ' ');
}

// Escapes and entities split text into several tokens; one run per formatting keeps the XML readable.
function mergeInlines(inlines: Inline[]): Inline[] {
  const merged: Inline[] = [];
  for (const inline of inlines) {
    if ('text' in inline && inline.text === '') continue;
    const last = merged.at(-1);
    if (last && 'text' in last && 'text' in inline && sameFormat(last.format, inline.format)) {
      merged[merged.length - 1] = { text: last.text + inline.text, format: last.format };
    } else {
      merged.push(inline);
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
