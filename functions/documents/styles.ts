// The proposal document's look, defined once: the Document options below plus the constants the table and
// list code share with callers, so that page geometry and colours never drift apart.
import { AlignmentType, type INumberingOptions, type IStylesOptions, LevelFormat } from 'docx';

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

export const BODY_FONT = 'Calibri';
export const MONOSPACE_FONT = 'Consolas';

/** Ids of the custom paragraph styles, for callers and the Markdown translator. */
export const StyleId = {
  title: 'Title',
  tableText: 'TableText',
  tableHeader: 'TableHeader',
  quote: 'Quote',
  codeBlock: 'CodeBlock',
} as const;

/** Numbering references usable in `numbering: { reference, level }`. */
export const ListReference = { bullets: 'bullets', ordered: 'ordered' } as const;

// Sizes are in half-points, spacing in twips.
const heading = (size: number, before: number, outlineLevel: number) => ({
  run: { font: BODY_FONT, size, bold: true, color: ACCENT_COLOR },
  paragraph: { spacing: { before, after: 120 }, keepNext: true, keepLines: true, outlineLevel },
});

/** The `styles` option for `new Document({ styles })`. */
export const documentStyles: IStylesOptions = {
  default: {
    document: {
      run: { font: BODY_FONT, size: 22 },
      paragraph: { spacing: { after: 120, line: 276 } },
    },
    title: {
      run: { font: BODY_FONT, size: 48, bold: true, color: ACCENT_COLOR },
      paragraph: { spacing: { after: 240 } },
    },
    heading1: heading(32, 360, 0),
    heading2: heading(28, 280, 1),
    heading3: heading(24, 240, 2),
    heading4: heading(22, 200, 3),
  },
  paragraphStyles: [
    {
      id: StyleId.tableText,
      name: 'Table Text',
      basedOn: 'Normal',
      run: { size: 20 },
      paragraph: { spacing: { before: 40, after: 40, line: 240 } },
    },
    {
      id: StyleId.tableHeader,
      name: 'Table Header',
      basedOn: StyleId.tableText,
      run: { size: 20, bold: true, color: 'FFFFFF' },
    },
    {
      id: StyleId.quote,
      name: 'Quote',
      basedOn: 'Normal',
      run: { italics: true, color: '404040' },
      paragraph: { indent: { left: 567, right: 567 } },
    },
    {
      id: StyleId.codeBlock,
      name: 'Code Block',
      basedOn: 'Normal',
      run: { font: MONOSPACE_FONT, size: 18 },
      paragraph: { spacing: { line: 240 }, indent: { left: 284 } },
    },
  ],
};

const bulletSymbols = ['•', '◦', '▪'];
const orderedFormats = [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN];

// Each level indents a further 1.27 cm (720 twips), with the marker hanging in front of the text.
const levelIndent = (level: number) => ({ indent: { left: 720 * (level + 1), hanging: 360 } });

/** The `numbering` option for `new Document({ numbering })`: bullets and ordered lists, levels 0–2. */
export const numbering: INumberingOptions = {
  config: [
    {
      reference: ListReference.bullets,
      levels: bulletSymbols.map((text, level) => ({
        level,
        format: LevelFormat.BULLET,
        text,
        alignment: AlignmentType.LEFT,
        style: { paragraph: levelIndent(level) },
      })),
    },
    {
      reference: ListReference.ordered,
      levels: orderedFormats.map((format, level) => ({
        level,
        format,
        text: `%${level + 1}.`,
        alignment: AlignmentType.LEFT,
        style: { paragraph: levelIndent(level) },
      })),
    },
  ],
};

/** Deepest list level the numbering defines (0-based). */
export const MAX_LIST_LEVEL = 2;
