// The paragraph styles of the house template, as docx's Document options: local/make-house-style.ts writes them
// into templates/proposal/house-style.docx, from which the Secretariat restyles the proposal in Word.
import { BorderStyle, type IStylesOptions, LineRuleType, ShadingType } from 'docx';
import {
  ACCENT_COLOR,
  ACCENT_TINT,
  BODY_FONT,
  MONOSPACE_FONT,
  MUTED_COLOR,
  StyleId,
} from '#documents/styles.ts';

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
