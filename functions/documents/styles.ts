// The proposal document's look, defined once: page geometry, colours, fonts and style ids shared by the house
// template's maker (local/house-styles.ts) and the body writer, so they never drift apart.

/** A4 portrait page width in twips (DXA). */
export const A4_PAGE_WIDTH = 11906;
/** A4 portrait page height in twips (DXA). */
export const A4_PAGE_HEIGHT = 16838;
/** 2 cm page margin in twips: 2 / 2.54 inch × 1440. */
export const PAGE_MARGIN = Math.round((2 / 2.54) * 1440);
/** Usable width between the left and right margins in twips; tables span exactly this. */
export const PAGE_CONTENT_WIDTH = A4_PAGE_WIDTH - 2 * PAGE_MARGIN;

/** Dark green used for headings and the table header fill. */
export const ACCENT_COLOR = '1F4E3D';
/** Background of table header rows. */
export const TABLE_HEADER_FILL = ACCENT_COLOR;
/** Colour of table cell borders and horizontal rules. */
export const TABLE_BORDER_COLOR = 'A6B8B0';
/** Light tint of the accent colour: the background of notes such as a pending region's placeholder. */
export const ACCENT_TINT = 'E8F0EC';
/** Grey of secondary text: page header and footer, captions. */
export const MUTED_COLOR = '595959';

export const BODY_FONT = 'Calibri';
export const MONOSPACE_FONT = 'Consolas';

/** Ids of the custom paragraph styles, for callers and the Markdown translator. */
export const StyleId = {
  title: 'Title',
  contentsHeading: 'TOCHeading',
  caption: 'Caption',
  tableText: 'TableText',
  tableHeader: 'TableHeader',
  quote: 'Quote',
  codeBlock: 'CodeBlock',
} as const;

/** Deepest list level the numbering defines (0-based). */
export const MAX_LIST_LEVEL = 2;
