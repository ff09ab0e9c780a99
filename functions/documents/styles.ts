// The proposal document's look, defined once: the Document options below plus the constants the table and
// list code share with callers, so that page geometry and colours never drift apart.
import {
  AlignmentType,
  BorderStyle,
  type INumberingOptions,
  type IStylesOptions,
  LevelFormat,
  LineRuleType,
  ShadingType,
} from 'docx';

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

/** Numbering references usable in `numbering: { reference, level }`. */
export const ListReference = { bullets: 'bullets', ordered: 'ordered' } as const;

// Sizes are in half-points, spacing in twips. Line spacing is in 240ths of a line and says so (`lineRule`):
// LibreOffice reads a line spacing without a rule as exact, which clips pictures and overlaps large text.
const heading = (size: number, before: number, outlineLevel: number) => ({
  run: { font: BODY_FONT, size, bold: true, color: ACCENT_COLOR },
  paragraph: { spacing: { before, after: 120 }, keepNext: true, keepLines: true, outlineLevel },
});

/** The `styles` option for `new Document({ styles })`. */
export const documentStyles: IStylesOptions = {
  default: {
    document: {
      run: { font: BODY_FONT, size: 22 },
      paragraph: { spacing: { after: 120, line: 276, lineRule: LineRuleType.AUTO } },
    },
    title: {
      run: { font: BODY_FONT, size: 52, bold: true, color: ACCENT_COLOR },
      paragraph: {
        spacing: { before: 1440, after: 360 },
        border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: ACCENT_COLOR, space: 12 } },
      },
    },
    heading1: heading(32, 360, 0),
    heading2: heading(28, 280, 1),
    heading3: heading(24, 240, 2),
    heading4: heading(22, 200, 3),
  },
  paragraphStyles: [
    {
      // Word's own names for its built-in styles, so that Word applies and updates them as its own.
      id: StyleId.contentsHeading,
      name: 'TOC Heading',
      basedOn: 'Normal',
      next: 'Normal',
      run: { font: BODY_FONT, size: 32, bold: true, color: ACCENT_COLOR },
      paragraph: { spacing: { before: 0, after: 160 } },
    },
    {
      id: 'TOC1',
      name: 'toc 1',
      basedOn: 'Normal',
      next: 'Normal',
      run: { bold: true },
      paragraph: { spacing: { before: 100, after: 20, line: 240, lineRule: LineRuleType.AUTO } },
    },
    {
      id: 'TOC2',
      name: 'toc 2',
      basedOn: 'Normal',
      next: 'Normal',
      paragraph: { spacing: { after: 0, line: 240, lineRule: LineRuleType.AUTO }, indent: { left: 240 } },
    },
    {
      id: StyleId.caption,
      name: 'caption',
      basedOn: 'Normal',
      next: 'Normal',
      run: { size: 18, italics: true, color: MUTED_COLOR },
      paragraph: { spacing: { before: 60, after: 240 } },
    },
    {
      id: StyleId.tableText,
      name: 'Table Text',
      basedOn: 'Normal',
      run: { size: 20 },
      paragraph: { spacing: { before: 40, after: 40, line: 240, lineRule: LineRuleType.AUTO } },
    },
    {
      id: StyleId.tableHeader,
      name: 'Table Header',
      basedOn: StyleId.tableText,
      run: { size: 20, bold: true, color: 'FFFFFF' },
    },
    {
      // Quotations and notes, such as a pending region's placeholder: set off by a bar and a tint.
      id: StyleId.quote,
      name: 'Quote',
      basedOn: 'Normal',
      run: { italics: true, color: '404040' },
      paragraph: {
        indent: { left: 567, right: 567 },
        spacing: { before: 120, after: 120 },
        border: { left: { style: BorderStyle.SINGLE, size: 24, color: ACCENT_COLOR, space: 8 } },
        shading: { type: ShadingType.CLEAR, color: 'auto', fill: ACCENT_TINT },
      },
    },
    {
      id: StyleId.codeBlock,
      name: 'Code Block',
      basedOn: 'Normal',
      run: { font: MONOSPACE_FONT, size: 18 },
      paragraph: { spacing: { line: 240, lineRule: LineRuleType.AUTO }, indent: { left: 284 } },
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
