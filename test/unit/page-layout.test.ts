import { describe, expect, it } from 'vitest';
import type { Block, ParagraphBlock } from '#documents/blocks.ts';
import {
  DEFAULT_PARAGRAPH_METRICS,
  type LayoutStyles,
  PageLayout,
  type ParagraphMetrics,
} from '#documents/page-layout.ts';

// Lines of 12 pt text with single spacing: 12 × 2,500/2,048 × 20 ≈ 293 twips each.
const LINE = (12 * 2500 * 20) / 2048;
const BODY: ParagraphMetrics = { ...DEFAULT_PARAGRAPH_METRICS, fontSize: 12 };

function stylesWith(extra: Record<string, Partial<ParagraphMetrics>> = {}): LayoutStyles {
  return {
    paragraph: (id) => ({ ...BODY, ...(id ? extra[id] : {}) }),
    headings: ['Heading1', 'Heading2', 'Heading3', 'Heading4'],
    contents1: 'TOC1',
    contents2: 'TOC2',
  };
}

/** A page exactly `lines` lines of body text high, 10,000 twips wide. */
function layout(lines: number, extra: Record<string, Partial<ParagraphMetrics>> = {}) {
  return new PageLayout(stylesWith(extra), { bodyHeight: lines * LINE, contentWidth: 10_000, firstPage: 2 });
}

function text(words: string, more: Partial<ParagraphBlock> = {}): ParagraphBlock {
  return { kind: 'paragraph', inlines: [{ text: words, format: {} }], ...more };
}

const oneLine = () => text('A short line.');
const heading = (bookmark: number) => text(`Heading ${bookmark}`, { heading: 1, bookmark, keepNext: true });

function addAll(target: PageLayout, blocks: readonly Block[]) {
  for (const block of blocks) target.add(block);
  target.finish();
}

describe('PageLayout', () => {
  it('starts on the first page it is given and turns the page when the lines fill it', () => {
    // prepare
    const pages = layout(10);

    // act: nine lines, then a heading and its paragraph, which need two more
    addAll(pages, [
      text('Before', { bookmark: 1 }),
      ...Array.from({ length: 8 }, oneLine),
      heading(2),
      oneLine(),
    ]);

    // assess
    expect(pages.pageOf(1)).toBe(2);
    expect(pages.pageOf(2)).toBe(3);
  });

  it('wraps a long paragraph at the width of the page, over as many pages as it needs', () => {
    // prepare: 200 words of 12 pt text are more than ten lines of 10,000 twips
    const long = text(Array.from({ length: 200 }, () => 'word').join(' '));
    const [short, wrapped, spanning] = [layout(10), layout(10), layout(10)];

    // act
    addAll(short, [...Array.from({ length: 8 }, oneLine), oneLine(), text('end', { bookmark: 1 })]);
    addAll(wrapped, [
      ...Array.from({ length: 8 }, oneLine),
      text('word '.repeat(40)),
      text('end', { bookmark: 1 }),
    ]);
    addAll(spanning, [long, text('end', { bookmark: 1 })]);

    // assess: a line more than one long pushes the last line over; a paragraph longer than a page runs on
    expect(short.pageOf(1)).toBe(2);
    expect(wrapped.pageOf(1)).toBe(3);
    expect(spanning.pageOf(1)).toBe(3);
  });

  it('keeps a heading with the first two lines of a longer paragraph after it', () => {
    // prepare
    const pages = layout(10);
    const twoLines = {
      kind: 'paragraph',
      inlines: [{ text: 'one', format: {} }, { lineBreak: true }, { text: 'two', format: {} }],
    } as const;

    // act: eight lines leave room for the heading and one line only
    addAll(pages, [...Array.from({ length: 8 }, oneLine), heading(1), twoLines]);

    // assess
    expect(pages.pageOf(1)).toBe(3);
  });

  it('spaces paragraphs by the larger of the space after and the space before, as Word does', () => {
    // prepare: lines with 0.5 line after, and paragraphs with 1 line before
    const pages = layout(10, { After: { spaceAfter: LINE / 2 }, Before: { spaceBefore: LINE } });

    // act: five pairs take 5 × (1 + max(0.5, 1) + 1) = 15 lines if spacing is the larger, 17.5 if summed
    addAll(pages, [
      ...Array.from({ length: 3 }, () => [
        text('a', { style: 'After' }),
        text('b', { style: 'Before' }),
      ]).flat(),
      text('end', { bookmark: 1 }),
    ]);

    // assess: 3 × 3 lines = 9, and the last line fits on the first page only if the spaces were not summed
    expect(pages.pageOf(1)).toBe(2);
  });

  it('drops the space before a paragraph the text flowed onto a new page, and keeps it after a page break', () => {
    // prepare: paragraphs with one line of space before
    const flowed = layout(4, { Spaced: { spaceBefore: LINE } });
    const broken = layout(4, { Spaced: { spaceBefore: LINE } });

    // act
    addAll(flowed, [
      ...Array.from({ length: 3 }, oneLine),
      // kept with the next line, it moves to the next page rather than stay alone at the bottom
      text('flowed', { style: 'Spaced', keepNext: true }),
      ...Array.from({ length: 2 }, oneLine),
      text('end', { bookmark: 1 }),
    ]);
    addAll(broken, [
      oneLine(),
      text('broken', { style: 'Spaced', pageBreakBefore: true }),
      ...Array.from({ length: 2 }, oneLine),
      text('end', { bookmark: 1 }),
    ]);

    // assess: on the page the text flowed onto, four lines fit; after the break the space before pushes one over
    expect(flowed.pageOf(1)).toBe(3);
    expect(broken.pageOf(1)).toBe(4);
  });

  it('leaves no space between paragraphs of a style with contextual spacing', () => {
    // prepare: list items with half a line after, but contextual spacing
    const pages = layout(10, { List: { spaceAfter: LINE / 2, contextualSpacing: true } });

    // act: ten items fit in ten lines only if no space is left between them
    addAll(
      pages,
      Array.from({ length: 10 }, (_, index) => text(`item ${index}`, { style: 'List', bookmark: index + 1 })),
    );

    // assess
    expect(pages.pageOf(10)).toBe(2);
  });

  it('breaks a long table between rows and repeats its header row on the next page', () => {
    // prepare: rows of one 12 pt line (with the cell's borders, a little over a line)
    const pages = layout(10);
    const row = (label: string, header = false) => ({ header, cells: [text(label)] });

    // act: a header and twelve rows cannot fit on one page of ten lines
    addAll(pages, [
      {
        kind: 'table',
        widths: [10_000],
        rows: [row('Header', true), ...Array.from({ length: 12 }, (_, i) => row(`${i}`))],
      },
      text('after', { bookmark: 1 }),
    ]);

    // assess: the rest of the rows and the header again on page 3, then the paragraph
    expect(pages.pageOf(1)).toBe(3);
  });
});
