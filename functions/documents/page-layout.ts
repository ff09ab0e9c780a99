// Lays the body's blocks out on pages, approximately as Word and LibreOffice do, to write the page numbers of the
// table of contents when the document is made: lines are wrapped with the widths of Calibri (Carlito's), paragraphs
// take their style's font size, spacing and indents, table rows the height of their tallest cell, headings stay with
// what follows them, and paragraphs and rows break across pages with widow and orphan control. It reads blocks one
// at a time and keeps only the page of each bookmark, so it costs a few milliseconds and no memory to speak of.
// Readers lay pages out with their own rules: an entry may differ from theirs by a page in a long document.
import type { Block, Inline, ParagraphBlock, TableBlock } from './blocks.ts';
import { textUnits } from './font-metrics.ts';

/** How a paragraph style lays out. Lengths in twips, font size in points. */
export type ParagraphMetrics = {
  readonly fontSize: number;
  readonly bold: boolean;
  readonly spaceBefore: number;
  readonly spaceAfter: number;
  /** Line spacing: in 240ths of a line (`auto`), or a height in twips (`exact`, `atLeast`). */
  readonly line: number;
  readonly lineRule: 'auto' | 'exact' | 'atLeast';
  readonly indentLeft: number;
  readonly indentRight: number;
  readonly keepNext: boolean;
  readonly keepLines: boolean;
  /** No space between paragraphs of the same style. */
  readonly contextualSpacing: boolean;
};

/** How a paragraph lays out when a styles part says nothing: WordprocessingML's defaults (10 pt, single spacing). */
export const DEFAULT_PARAGRAPH_METRICS: ParagraphMetrics = {
  fontSize: 10,
  bold: false,
  spaceBefore: 0,
  spaceAfter: 0,
  line: 240,
  lineRule: 'auto',
  indentLeft: 0,
  indentRight: 0,
  keepNext: false,
  keepLines: false,
  contextualSpacing: false,
};

export type PageGeometry = {
  /** Height between the top and bottom margins, in twips. */
  readonly bodyHeight: number;
  /** Width between the left and right margins, in twips. */
  readonly contentWidth: number;
  /** The page the body starts on, at its top. */
  readonly firstPage: number;
};

export type LayoutStyles = {
  /** The metrics of a paragraph style by id; `undefined` for the default paragraph style. */
  readonly paragraph: (styleId: string | undefined) => ParagraphMetrics;
  /** Style ids of Heading1… by level − 1, and of the table of contents' entries. */
  readonly headings: readonly string[];
  readonly contents1: string;
  readonly contents2: string;
};

// Calibri's (and Carlito's) line height: ascent and descent, 2,500 of 2,048 units per em.
const LINE_HEIGHT_PER_POINT = (2500 / 2048) * 20;
const BOLD_WIDTH = 1.05;
const SPACE_UNITS = textUnits(' ');
// Word's default cell margins, left and right, and the borders above and below a row.
const CELL_MARGINS = 2 * 108;
const ROW_BORDERS = 10;
const PIXEL_TWIPS = 15;
// Lines a paragraph keeps together at the bottom and top of a page (widow and orphan control).
const MIN_LINES = 2;

type Measured = {
  readonly style: string | undefined;
  readonly metrics: ParagraphMetrics;
  readonly lineHeight: number;
  readonly lines: number;
  readonly bookmark?: number;
  readonly pageBreakBefore: boolean;
  readonly keepNext: boolean;
};

/** Lays blocks out one by one with `add`; `pageOf` then gives the page each bookmark starts on. */
export class PageLayout {
  #page: number;
  // Height used on the current page, in twips; 0 at its top.
  #used = 0;
  readonly #bookmarks = new Map<number, number>();
  // Paragraphs that keep with the next block, waiting for it.
  #kept: Measured[] = [];
  // The paragraph placed last on this page, for the spacing between paragraphs: its style and the space after it.
  #last: { style: string | undefined; spaceAfter: number } | undefined;
  // Whether the current page is one the text flowed onto (rather than one a page break started).
  #flowedOnto = false;

  constructor(
    private readonly styles: LayoutStyles,
    private readonly geometry: PageGeometry,
  ) {
    this.#page = geometry.firstPage;
  }

  /** The page the bookmark's heading starts on, once laid out. */
  pageOf(bookmark: number): number | undefined {
    return this.#bookmarks.get(bookmark);
  }

  add(block: Block): void {
    switch (block.kind) {
      case 'paragraph': {
        const measured = this.measure(block, this.geometry.contentWidth);
        if (measured.keepNext) this.#kept.push(measured);
        // With orphan control, the first two lines of a longer paragraph go together.
        else
          this.placeWithKept(
            Math.min(measured.lines, MIN_LINES) * measured.lineHeight + measured.metrics.spaceBefore,
            () => this.placeParagraph(measured),
          );
        return;
      }
      case 'table':
        this.placeWithKept(this.firstRowHeight(block), () => this.placeTable(block));
        return;
      case 'picture': {
        const height = block.chart.height * PIXEL_TWIPS;
        const metrics = this.styles.paragraph(undefined);
        this.#kept.push({
          style: undefined,
          metrics: { ...metrics, keepLines: true },
          lineHeight: height,
          lines: 1,
          pageBreakBefore: false,
          keepNext: true,
        });
        return;
      }
      case 'contents':
        for (const entry of block.entries) {
          const style = entry.level <= 1 ? this.styles.contents1 : this.styles.contents2;
          this.add({ kind: 'paragraph', style, inlines: [{ text: `${entry.title} 000`, format: {} }] });
        }
        // The paragraph that ends the field.
        this.add({ kind: 'paragraph', inlines: [] });
        return;
    }
  }

  /** Lays out what still waits for a block to keep with, at the end of the document. */
  finish(): void {
    this.placeWithKept(0, () => {});
  }

  // Places the paragraphs kept with the next block, and the block: together on a new page when they don't fit at the
  // bottom of this one, with the next block's first line (`firstLine` twips).
  private placeWithKept(firstLine: number, place: () => void): void {
    const kept = this.#kept;
    this.#kept = [];
    if (kept.length > 0) {
      const first = kept[0] as Measured;
      if (first.pageBreakBefore && this.#used > 0) this.newPage(false);
      const together =
        kept.reduce((sum, paragraph) => sum + this.height(paragraph), 0) -
        (kept.at(-1)?.metrics.spaceAfter ?? 0) +
        firstLine;
      if (this.#used > 0 && this.#used + together > this.geometry.bodyHeight) this.newPage(true);
      for (const paragraph of kept) this.placeParagraph(paragraph);
    }
    place();
  }

  /** Starts a new page: one the text `flowed` onto, or one a page break started. */
  private newPage(flowed: boolean): void {
    this.#page += 1;
    this.#used = 0;
    this.#last = undefined;
    this.#flowedOnto = flowed;
  }

  private height({ metrics, lines, lineHeight }: Measured): number {
    return metrics.spaceBefore + lines * lineHeight + metrics.spaceAfter;
  }

  private placeParagraph(paragraph: Measured): void {
    const { bodyHeight } = this.geometry;
    const { lineHeight, metrics } = paragraph;
    if (paragraph.pageBreakBefore && this.#used > 0) this.newPage(false);
    const before = this.spaceBefore(paragraph);
    let height = before + paragraph.lines * lineHeight;
    if (this.#used > 0 && this.#used + height > bodyHeight) {
      const room = Math.floor((bodyHeight - this.#used - before) / lineHeight);
      // The lines that stay on this page: none when the paragraph keeps its lines together, or when fewer than two
      // would stay or go.
      const stay = metrics.keepLines ? 0 : Math.min(room, paragraph.lines - MIN_LINES);
      if (stay >= MIN_LINES) this.mark(paragraph);
      // Carried over to a new page by the flow of the text, its space before is dropped.
      height = (paragraph.lines - (stay >= MIN_LINES ? stay : 0)) * lineHeight;
      this.newPage(true);
    }
    this.mark(paragraph);
    this.#used += height;
    // A paragraph longer than a page runs on over as many pages as it needs.
    while (this.#used > bodyHeight) {
      this.#used -= bodyHeight;
      this.#page += 1;
    }
    const after = Math.min(metrics.spaceAfter, bodyHeight - this.#used);
    this.#used += after;
    this.#last = { style: paragraph.style, spaceAfter: after };
  }

  /**
   * The space a paragraph adds above itself, as Word (and LibreOffice, for Word's documents) spaces paragraphs: the
   * larger of its space before and the space after the paragraph above, not their sum; none between paragraphs of a
   * style with contextual spacing; none at the top of a page the text flowed onto, but kept after a page break.
   */
  private spaceBefore(paragraph: Measured): number {
    const last = this.#last;
    if (last && paragraph.metrics.contextualSpacing && last.style === paragraph.style) {
      this.#used -= last.spaceAfter;
      this.#last = { ...last, spaceAfter: 0 };
      return 0;
    }
    if (last) return Math.max(0, paragraph.metrics.spaceBefore - last.spaceAfter);
    return this.#used === 0 && this.#flowedOnto ? 0 : paragraph.metrics.spaceBefore;
  }

  // Records the page a bookmarked paragraph starts on: the first time only, as a paragraph may go on over a page.
  private mark(paragraph: Measured): void {
    if (paragraph.bookmark !== undefined && !this.#bookmarks.has(paragraph.bookmark)) {
      this.#bookmarks.set(paragraph.bookmark, this.#page);
    }
  }

  private placeTable(table: TableBlock): void {
    const { bodyHeight } = this.geometry;
    this.#last = undefined;
    const heights = table.rows.map((row) => this.rowHeight(table, row.cells));
    const header = table.rows[0]?.header ? (heights[0] ?? 0) : 0;
    table.rows.forEach((row, index) => {
      let height = heights[index] ?? 0;
      if (this.#used + height <= bodyHeight) {
        this.#used += height;
        return;
      }
      // The row breaks across the page at a line of its tallest cell, unless it is the header or only a line or two.
      const line = this.rowLineHeight(table, row.cells);
      const room = Math.floor((bodyHeight - this.#used - ROW_BORDERS) / line) * line;
      if (!row.header && room >= MIN_LINES * line && height - room >= MIN_LINES * line) height -= room;
      this.newPage(true);
      this.#used = (row.header ? 0 : header) + height;
    });
  }

  private firstRowHeight(table: TableBlock): number {
    const [first, second] = table.rows;
    const height = (row: typeof first) => (row ? this.rowHeight(table, row.cells) : 0);
    return height(first) + (first?.header ? height(second) : 0);
  }

  private rowHeight(table: TableBlock, cells: readonly ParagraphBlock[]): number {
    return (
      ROW_BORDERS +
      Math.max(
        0,
        ...cells.map((cell, column) => {
          const measured = this.measure(cell, (table.widths[column] ?? 0) - CELL_MARGINS);
          return this.height(measured);
        }),
      )
    );
  }

  private rowLineHeight(table: TableBlock, cells: readonly ParagraphBlock[]): number {
    const cell = cells[0];
    return cell ? this.measure(cell, table.widths[0] ?? 0).lineHeight : 1;
  }

  private measure(block: ParagraphBlock, width: number): Measured {
    const style = block.heading ? this.styles.headings[block.heading - 1] : block.style;
    const metrics = this.styles.paragraph(style);
    const listIndent = block.list ? 720 * (block.list.level + 1) : (block.indentLeft ?? 0);
    const available = Math.max(1, width - metrics.indentLeft - metrics.indentRight - listIndent);
    const lineHeight = lineHeightOf(metrics);
    return {
      style,
      metrics,
      lineHeight,
      lines: countLines(block.inlines, available, metrics),
      bookmark: block.bookmark,
      pageBreakBefore: block.pageBreakBefore === true,
      keepNext: block.keepNext === true || metrics.keepNext,
    };
  }
}

function lineHeightOf(metrics: ParagraphMetrics): number {
  const natural = metrics.fontSize * LINE_HEIGHT_PER_POINT;
  if (metrics.lineRule === 'exact') return metrics.line;
  if (metrics.lineRule === 'atLeast') return Math.max(metrics.line, natural);
  return (natural * metrics.line) / 240;
}

/** The number of lines the text takes in `width` twips, wrapped at spaces (a word longer than a line is cut). */
function countLines(inlines: readonly Inline[], width: number, metrics: ParagraphMetrics): number {
  // Font units (1,000 per em) to twips: a point is 20 twips.
  const scale = (metrics.fontSize * 20 * (metrics.bold ? BOLD_WIDTH : 1)) / 1000;
  const space = SPACE_UNITS * scale;
  let lines = 1;
  let x = 0;
  for (const inline of inlines) {
    if (!('text' in inline)) {
      lines += 1;
      x = 0;
      continue;
    }
    const boldScale = inline.format.bold && !metrics.bold ? BOLD_WIDTH : 1;
    const words = inline.text.split(' ');
    words.forEach((word, index) => {
      if (index > 0) x += space;
      const wordWidth = textUnits(word) * scale * boldScale;
      if (x + wordWidth <= width || x === 0) {
        x += wordWidth;
        if (x > width) {
          // A word wider than the line is broken over as many lines as it needs.
          lines += Math.floor(x / width);
          x %= width;
        }
        return;
      }
      lines += 1;
      x = wordWidth;
      if (x > width) {
        lines += Math.floor(x / width);
        x %= width;
      }
    });
  }
  return lines;
}
