// The body of a proposal as plain data: what markdown-to-docx.ts translates the Markdown into, what wordml.ts writes
// as WordprocessingML and what page-layout.ts lays out to number the pages of the table of contents. Blocks are
// made, written and dropped one at a time, so a long document never has all of them in memory at once.
import type { Chart } from './charts.ts';

export type RunFormat = {
  readonly bold?: boolean;
  readonly italics?: boolean;
  readonly strike?: boolean;
  readonly code?: boolean;
};

/** A piece of text with its formatting, or a line break. */
export type Inline = { readonly text: string; readonly format: RunFormat } | { readonly lineBreak: true };

export type Alignment = 'left' | 'center' | 'right';

/** Where a list paragraph is: which list (a bullet list, or the `instance`-th ordered list) and how deep. */
export type ListPlacement = {
  readonly ordered: boolean;
  /** Ordered lists only: each instance counts from 1 again. */
  readonly instance: number;
  readonly level: number;
};

export type ParagraphBlock = {
  readonly kind: 'paragraph';
  /** Style id, as the house template defines it; none for the document's default paragraph style. */
  readonly style?: string;
  /** Heading level (1–4) for `Heading1`… styles; the style is then the heading's. */
  readonly heading?: number;
  readonly inlines: readonly Inline[];
  readonly pageBreakBefore?: boolean;
  readonly keepNext?: boolean;
  readonly align?: Alignment;
  readonly list?: ListPlacement;
  /** Left indent in twips, for later paragraphs of a list item, which line up with its text. */
  readonly indentLeft?: number;
  /** A horizontal rule: a bottom border. */
  readonly rule?: boolean;
  /** The number of the bookmark (`_Toc<n>`) a table of contents links to. */
  readonly bookmark?: number;
};

export type TableRow = { readonly header: boolean; readonly cells: readonly ParagraphBlock[] };

export type TableBlock = {
  readonly kind: 'table';
  /** Column widths in twips; they add up to the page's content width. */
  readonly widths: readonly number[];
  /** The table style; without one, borders and header shading are set on the table itself. */
  readonly style?: string;
  readonly rows: readonly TableRow[];
};

export type PictureBlock = {
  readonly kind: 'picture';
  readonly name: string;
  readonly chart: Chart;
};

/** A heading that a table of contents lists: its text, level (1 for `#`) and bookmark number. */
export type HeadingEntry = { readonly title: string; readonly level: number; readonly bookmark: number };

export type ContentsBlock = { readonly kind: 'contents'; readonly entries: readonly HeadingEntry[] };

export type Block = ParagraphBlock | TableBlock | PictureBlock | ContentsBlock;
