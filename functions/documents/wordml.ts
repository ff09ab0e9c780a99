// Writes the blocks of blocks.ts as WordprocessingML, one block at a time, as strings: the body of a long proposal
// goes straight from Markdown tokens to compressed XML without a tree of objects for the whole document. The XML is
// what Word itself writes for these elements, with child elements in the schema's order.
import type {
  Block,
  ContentsBlock,
  Inline,
  ListPlacement,
  ParagraphBlock,
  PictureBlock,
  TableBlock,
} from './blocks.ts';
import {
  MAX_LIST_LEVEL,
  MONOSPACE_FONT,
  PAGE_CONTENT_WIDTH,
  TABLE_BORDER_COLOR,
  TABLE_HEADER_FILL,
} from './styles.ts';

/** The style ids the writer refers to, as the house template names them. */
export type WriterStyles = {
  /** `Heading1`… `Heading4`, by level − 1. */
  readonly headings: readonly string[];
  readonly contents1: string;
  readonly contents2: string;
};

/** Where the writer's numbers start, so they don't collide with the template's own. */
export type WriterNumbers = {
  /** The first list (`w:num`) id to use. */
  readonly firstNumId: number;
  /** The first drawing id (`wp:docPr`). */
  readonly firstDrawingId: number;
  /** Added to a heading's bookmark number to give its bookmark id and `_Toc` name. */
  readonly bookmarkOffset: number;
  /** Prefix of the relationship ids of the pictures, unused by the template. */
  readonly relationshipPrefix: string;
};

/** A picture the body refers to: the parts to add to the package, under the relationship ids the body uses. */
export type EmbeddedPicture = {
  readonly svg: { readonly relationshipId: string; readonly path: string; readonly bytes: Buffer };
  readonly png: { readonly relationshipId: string; readonly path: string; readonly bytes: Buffer };
};

const EMU_PER_PIXEL = 9525;
const BULLETS = ['•', '◦', '▪'];
const ORDERED_FORMATS = ['decimal', 'lowerLetter', 'lowerRoman'];
// Each level indents a further 1.27 cm (720 twips), with the marker hanging in front of the text.
const LEVEL_INDENT = 720;
const HANGING = 360;

/**
 * Writes blocks as body XML, and keeps what the rest of the package needs to match: the lists used (for
 * numbering.xml) and the pictures (for the media parts and relationships).
 */
export class WordmlWriter {
  readonly pictures: EmbeddedPicture[] = [];
  #bulletsNumId: number | undefined;
  readonly #orderedNumIds = new Map<number, number>();
  #nextNumId: number;

  constructor(
    private readonly styles: WriterStyles,
    private readonly numbers: WriterNumbers,
  ) {
    this.#nextNumId = numbers.firstNumId;
  }

  /** The XML of a block; a table of contents is written by `contents`, once its pages are known. */
  block(block: Exclude<Block, ContentsBlock>): string {
    switch (block.kind) {
      case 'paragraph':
        return this.paragraph(block);
      case 'table':
        return this.table(block);
      case 'picture':
        return this.picture(block);
    }
  }

  /**
   * The table of contents: a TOC field whose result already lists the headings, each linked to its bookmark, with
   * the page from `pageOf` (blank when unknown), so the list shows when the document opens and Word can update it.
   */
  contents(block: ContentsBlock, pageOf: (bookmark: number) => number | undefined): string {
    // The field starts in the first entry's paragraph and ends in a paragraph of its own, as Word writes it.
    const begin =
      '<w:r><w:fldChar w:fldCharType="begin"/></w:r>' +
      `<w:r><w:instrText xml:space="preserve"> TOC \\h \\o &quot;1-${maxLevel(block)}&quot; </w:instrText></w:r>` +
      '<w:r><w:fldChar w:fldCharType="separate"/></w:r>';
    const entries = block.entries.map((entry, index) => {
      const name = this.bookmarkName(entry.bookmark);
      const page = pageOf(entry.bookmark);
      const style = entry.level <= 1 ? this.styles.contents1 : this.styles.contents2;
      return (
        `<w:p><w:pPr><w:pStyle w:val="${attribute(style)}"/><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="${PAGE_CONTENT_WIDTH}"/></w:tabs></w:pPr>` +
        (index === 0 ? begin : '') +
        `<w:hyperlink w:anchor="${name}" w:history="1">${textRun(entry.title)}<w:r><w:tab/></w:r>` +
        `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGEREF ${name} \\h </w:instrText></w:r>` +
        `<w:r><w:fldChar w:fldCharType="separate"/></w:r>${page === undefined ? '' : textRun(String(page))}<w:r><w:fldChar w:fldCharType="end"/></w:r>` +
        '</w:hyperlink></w:p>'
      );
    });
    return (
      '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>' +
      (entries.length > 0 ? entries.join('') : `<w:p>${begin}</w:p>`) +
      '<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:sdtContent></w:sdt>'
    );
  }

  /**
   * The list definitions and list instances the written blocks use, to add to numbering.xml: abstract definitions
   * numbered from `firstAbstractId` (they go before the template's `w:num` elements), and the instances.
   */
  numbering(firstAbstractId: number): { readonly abstracts: string; readonly instances: string } {
    const bulletsId = firstAbstractId;
    const orderedId = firstAbstractId + 1;
    const levels = (text: (level: number) => string, format: (level: number) => string) =>
      Array.from(
        { length: MAX_LIST_LEVEL + 1 },
        (_, level) =>
          `<w:lvl w:ilvl="${level}"><w:start w:val="1"/><w:numFmt w:val="${format(level)}"/><w:lvlText w:val="${text(level)}"/><w:lvlJc w:val="left"/>` +
          `<w:pPr><w:ind w:left="${LEVEL_INDENT * (level + 1)}" w:hanging="${HANGING}"/></w:pPr></w:lvl>`,
      ).join('');
    const abstracts = [
      this.#bulletsNumId === undefined
        ? ''
        : `<w:abstractNum w:abstractNumId="${bulletsId}"><w:multiLevelType w:val="hybridMultilevel"/>${levels(
            (level) => BULLETS[level] ?? '•',
            () => 'bullet',
          )}</w:abstractNum>`,
      this.#orderedNumIds.size === 0
        ? ''
        : `<w:abstractNum w:abstractNumId="${orderedId}"><w:multiLevelType w:val="hybridMultilevel"/>${levels(
            (level) => `%${level + 1}.`,
            (level) => ORDERED_FORMATS[level] ?? 'decimal',
          )}</w:abstractNum>`,
    ].join('');
    const restart = Array.from(
      { length: MAX_LIST_LEVEL + 1 },
      (_, level) => `<w:lvlOverride w:ilvl="${level}"><w:startOverride w:val="1"/></w:lvlOverride>`,
    ).join('');
    const instances = [
      this.#bulletsNumId === undefined
        ? ''
        : `<w:num w:numId="${this.#bulletsNumId}"><w:abstractNumId w:val="${bulletsId}"/></w:num>`,
      ...[...this.#orderedNumIds.values()].map(
        (numId) => `<w:num w:numId="${numId}"><w:abstractNumId w:val="${orderedId}"/>${restart}</w:num>`,
      ),
    ].join('');
    return { abstracts, instances };
  }

  /** Whether any block written so far is in a list. */
  get usesLists(): boolean {
    return this.#bulletsNumId !== undefined || this.#orderedNumIds.size > 0;
  }

  private bookmarkName(bookmark: number): string {
    return `_Toc${this.numbers.bookmarkOffset + bookmark}`;
  }

  private numId(list: ListPlacement): number {
    if (!list.ordered) {
      this.#bulletsNumId ??= this.#nextNumId++;
      return this.#bulletsNumId;
    }
    let numId = this.#orderedNumIds.get(list.instance);
    if (numId === undefined) {
      numId = this.#nextNumId++;
      this.#orderedNumIds.set(list.instance, numId);
    }
    return numId;
  }

  private paragraph(block: ParagraphBlock): string {
    const style = block.heading ? this.styles.headings[block.heading - 1] : block.style;
    const properties =
      (style ? `<w:pStyle w:val="${attribute(style)}"/>` : '') +
      (block.keepNext ? '<w:keepNext/>' : '') +
      (block.pageBreakBefore ? '<w:pageBreakBefore/>' : '') +
      (block.list
        ? `<w:numPr><w:ilvl w:val="${block.list.level}"/><w:numId w:val="${this.numId(block.list)}"/></w:numPr>`
        : '') +
      (block.rule
        ? `<w:pBdr><w:bottom w:val="single" w:color="${TABLE_BORDER_COLOR}" w:sz="6" w:space="1"/></w:pBdr>`
        : '') +
      (block.indentLeft ? `<w:ind w:left="${block.indentLeft}"/>` : '') +
      (block.align && block.align !== 'left' ? `<w:jc w:val="${block.align}"/>` : '');
    const runs = block.inlines.map(inlineXml).join('');
    if (block.bookmark === undefined) {
      return `<w:p>${properties ? `<w:pPr>${properties}</w:pPr>` : ''}${runs}</w:p>`;
    }
    const id = this.numbers.bookmarkOffset + block.bookmark;
    return (
      `<w:p>${properties ? `<w:pPr>${properties}</w:pPr>` : ''}` +
      `<w:bookmarkStart w:name="${this.bookmarkName(block.bookmark)}" w:id="${id}"/>${runs}<w:bookmarkEnd w:id="${id}"/></w:p>`
    );
  }

  private table(block: TableBlock): string {
    const styled = block.style !== undefined;
    const border = `w:val="single" w:color="${TABLE_BORDER_COLOR}" w:sz="4" w:space="0"`;
    const borders = styled
      ? ''
      : `<w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV']
          .map((side) => `<w:${side} ${border}/>`)
          .join('')}</w:tblBorders>`;
    const rows = block.rows.map((row) => {
      const cells = row.cells.map((cell, column) => {
        // Word reads the grid, LibreOffice and Google Docs read the cell widths: give both.
        const shading =
          row.header && !styled ? `<w:shd w:val="clear" w:color="auto" w:fill="${TABLE_HEADER_FILL}"/>` : '';
        return `<w:tc><w:tcPr><w:tcW w:w="${block.widths[column] ?? 0}" w:type="dxa"/>${shading}</w:tcPr>${this.paragraph(cell)}</w:tc>`;
      });
      // Repeats the header on every page.
      return `<w:tr>${row.header ? '<w:trPr><w:tblHeader/></w:trPr>' : ''}${cells.join('')}</w:tr>`;
    });
    const width = block.widths.reduce((sum, column) => sum + column, 0);
    return (
      `<w:tbl><w:tblPr>${styled ? `<w:tblStyle w:val="${attribute(block.style ?? '')}"/>` : ''}<w:tblW w:w="${width}" w:type="dxa"/>` +
      `${borders}<w:tblLayout w:type="fixed"/><w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>` +
      `<w:tblGrid>${block.widths.map((column) => `<w:gridCol w:w="${column}"/>`).join('')}</w:tblGrid>${rows.join('')}</w:tbl>`
    );
  }

  // A centred paragraph holding the chart: SVG, which Word shows, with the PNG as the fallback other readers show.
  private picture(block: PictureBlock): string {
    const index = this.pictures.length + 1;
    const id = this.numbers.firstDrawingId + index - 1;
    const relationship = (kind: string) => `${this.numbers.relationshipPrefix}${kind}${index}`;
    const picture: EmbeddedPicture = {
      svg: {
        relationshipId: relationship('Svg'),
        path: `media/proposal-chart${index}.svg`,
        bytes: Buffer.from(block.chart.svg, 'utf8'),
      },
      png: {
        relationshipId: relationship('Png'),
        path: `media/proposal-chart${index}.png`,
        bytes: block.chart.png,
      },
    };
    this.pictures.push(picture);
    const cx = block.chart.width * EMU_PER_PIXEL;
    const cy = block.chart.height * EMU_PER_PIXEL;
    const name = attribute(block.name);
    return (
      '<w:p><w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr><w:r><w:drawing>' +
      `<wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" distT="0" distB="0" distL="0" distR="0"><wp:extent cx="${cx}" cy="${cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>` +
      `<wp:docPr id="${id}" name="${name}" title="${name}" descr="${attribute(block.chart.description)}"/>` +
      '<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/></wp:cNvGraphicFramePr>' +
      '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">' +
      `<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="${id}" name="${name}"/><pic:cNvPicPr><a:picLocks noChangeAspect="1"/></pic:cNvPicPr></pic:nvPicPr>` +
      `<pic:blipFill><a:blip r:embed="${picture.png.relationshipId}"><a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}">` +
      `<asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="${picture.svg.relationshipId}"/></a:ext></a:extLst></a:blip>` +
      '<a:stretch><a:fillRect/></a:stretch></pic:blipFill>' +
      `<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>` +
      '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>'
    );
  }
}

function maxLevel(block: ContentsBlock): number {
  return Math.max(1, ...block.entries.map((entry) => entry.level));
}

function inlineXml(inline: Inline): string {
  if (!('text' in inline)) return '<w:r><w:br/></w:r>';
  const { format } = inline;
  const properties =
    (format.code
      ? `<w:rFonts w:ascii="${MONOSPACE_FONT}" w:hAnsi="${MONOSPACE_FONT}" w:eastAsia="${MONOSPACE_FONT}" w:cs="${MONOSPACE_FONT}"/>`
      : '') +
    (format.bold ? '<w:b/><w:bCs/>' : '') +
    (format.italics ? '<w:i/><w:iCs/>' : '') +
    (format.strike ? '<w:strike/>' : '');
  return textRun(inline.text, properties);
}

/** A run of text, with its run properties' XML. */
function textRun(text: string, properties = ''): string {
  return `<w:r>${properties ? `<w:rPr>${properties}</w:rPr>` : ''}<w:t xml:space="preserve">${escapeText(text)}</w:t></w:r>`;
}

// Characters XML 1.0 can't hold at all (C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF;
// lone surrogates): dropped, as no reader would open the file otherwise.
// biome-ignore lint/complexity/useRegexLiterals: as a literal, the lint would read its escapes as control characters.
const NOT_XML = new RegExp(
  '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]',
  'g',
);
const TEXT_SPECIAL = /[&<>]/g;
const ATTRIBUTE_SPECIAL = /[&<>"\t\n\r]/g;
// In an attribute, a reader turns a tab or a line break into a space unless it is a character reference.
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Text as XML character data. */
export function escapeText(text: string): string {
  return text.replace(NOT_XML, '').replace(TEXT_SPECIAL, (char) => ENTITIES[char] ?? char);
}

/** Text as an XML attribute value (in double quotes), tabs and line breaks kept. */
export function attribute(text: string): string {
  return text.replace(NOT_XML, '').replace(ATTRIBUTE_SPECIAL, (char) => ENTITIES[char] ?? char);
}
