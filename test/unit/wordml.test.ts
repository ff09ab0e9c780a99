import { DOMParser, type Document as XmlDocument, type Element as XmlElement } from '@xmldom/xmldom';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Block, ContentsBlock, Inline, ParagraphBlock, TableBlock } from '#documents/blocks.ts';
import type { Chart } from '#documents/charts.ts';
import { markdownToDocx } from '#documents/markdown-to-docx.ts';
import { attribute, escapeText, WordmlWriter, type WriterNumbers } from '#documents/wordml.ts';
import { attributesOf, paragraphsOf, textOf, WRITER_NUMBERS, WRITER_STYLES } from '../support/docx.ts';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const WP = 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing';
const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const PIC = 'http://schemas.openxmlformats.org/drawingml/2006/picture';
const ASVG = 'http://schemas.microsoft.com/office/drawing/2016/SVG/main';

function writer(numbers: Partial<WriterNumbers> = {}): WordmlWriter {
  return new WordmlWriter(WRITER_STYLES, { ...WRITER_NUMBERS, ...numbers });
}

/** Body XML in a `<w:body>` with the namespaces document.xml declares on its root. */
function inBody(xml: string): string {
  return `<w:body xmlns:w="${W}" xmlns:r="${R}">${xml}</w:body>`;
}

/**
 * A parser that collects its errors: not its warnings, such as the one for U+FFFD (which the Markdown translator
 * writes for an invalid character reference), as they don't make the XML any less well-formed.
 */
function parser(errors: string[]): DOMParser {
  return new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') errors.push(`${level}: ${message}`);
    },
  });
}

/** What the parser reports about `xml`: nothing for well-formed XML with every prefix bound. */
function parseErrors(xml: string): string[] {
  const errors: string[] = [];
  try {
    parser(errors).parseFromString(xml, 'text/xml');
  } catch (error) {
    if (errors.length === 0) errors.push(String(error));
  }
  return errors;
}

/** Parses body XML, failing the test on any parser error. */
function parseBody(xml: string): XmlDocument {
  const errors: string[] = [];
  const document = parser(errors).parseFromString(inBody(xml), 'text/xml');
  expect(errors).toEqual([]);
  return document;
}

function all(document: XmlDocument, namespace: string, name: string): XmlElement[] {
  return Array.from(document.getElementsByTagNameNS(namespace, name));
}

/** The text of the `<w:t>` elements in `element`, without field instructions. */
function textIn(element: XmlElement): string {
  return Array.from(element.getElementsByTagNameNS(W, 't'))
    .map((t) => t.textContent)
    .join('');
}

/** The characters XML 1.0 allows (its `Char` production), judged one code point at a time. */
function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

/** Whether every character of `xml` is one XML 1.0 allows (the parser doesn't check). */
function onlyXmlChars(xml: string): boolean {
  return [...xml].every((char) => isXmlChar(char.codePointAt(0) ?? 0));
}

/** The names of the child elements of the first `<name>` element, in order. */
function childNames(xml: string, name: string): string[] {
  const element = all(parseBody(xml), W, name)[0];
  return Array.from(element?.childNodes ?? [])
    .filter((node) => node.nodeType === 1)
    .map((node) => node.nodeName);
}

function paragraph(text: string, extra: Partial<ParagraphBlock> = {}): ParagraphBlock {
  return { kind: 'paragraph', inlines: [{ text, format: {} }], ...extra };
}

function chart(overrides: Partial<Chart> = {}): Chart {
  return {
    width: 640,
    height: 210,
    svg: '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="210"/>',
    png: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    description: 'Budget by RPPO: EPPO USD 120,000',
    ...overrides,
  };
}

const SPECIAL = `a < b > c & d "e" 'f' {{x}}`;

describe('WordmlWriter', () => {
  describe('escaping', () => {
    it('writes <, > and & in text as references and keeps quotes and {{x}} as they are', () => {
      // act
      const xml = writer().block(paragraph(SPECIAL));

      // assess
      expect(xml).toContain(`<w:t xml:space="preserve">a &lt; b &gt; c &amp; d "e" 'f' {{x}}</w:t>`);
      expect(textOf(xml)).toBe(SPECIAL);
      expect(all(parseBody(xml), W, 't')[0]?.textContent).toBe(SPECIAL);
    });

    it('writes <, >, & and " in attributes as references, so that the value reads back as given', () => {
      // prepare
      const name = `Chart ${SPECIAL}`;

      // act
      const xml = writer().block({ kind: 'picture', name, chart: chart({ description: SPECIAL }) });
      const styled = writer().block(paragraph('x', { style: SPECIAL }));

      // assess
      const docPr = all(parseBody(xml), WP, 'docPr')[0];
      expect(docPr?.getAttribute('name')).toBe(name);
      expect(docPr?.getAttribute('title')).toBe(name);
      expect(docPr?.getAttribute('descr')).toBe(SPECIAL);
      expect(xml).toContain('descr="a &lt; b &gt; c &amp; d &quot;e&quot; \'f\' {{x}}"');
      expect(all(parseBody(styled), W, 'pStyle')[0]?.getAttributeNS(W, 'val')).toBe(SPECIAL);
    });

    it('keeps tabs and line breaks in attribute values, which a reader would otherwise read as spaces', () => {
      // act
      const xml = writer().block({
        kind: 'picture',
        name: 'Chart',
        chart: chart({ description: 'a\tb\nc\rd' }),
      });

      // assess
      expect(all(parseBody(xml), WP, 'docPr')[0]?.getAttribute('descr')).toBe('a\tb\nc\rd');
    });

    it('escapes text and attribute values with the exported helpers', () => {
      // act
      const text = escapeText(SPECIAL);
      const value = attribute(SPECIAL);

      // assess
      expect(text).toBe(`a &lt; b &gt; c &amp; d "e" 'f' {{x}}`);
      expect(value).toBe(`a &lt; b &gt; c &amp; d &quot;e&quot; 'f' {{x}}`);
      expect(escapeText('&amp;')).toBe('&amp;amp;');
    });

    it('drops C0 control characters and U+FFFE/U+FFFF from text, keeping tab and line feed', () => {
      // prepare
      const text = 'a\u0000b\u0001c\u0008d\u000Be\u000Cf\u000Eg\u001Fh\uFFFEi\uFFFFj\tk\nl';

      // act
      const xml = writer().block(paragraph(text));

      // assess
      expect(textOf(xml)).toBe('abcdefghij\tk\nl');
      expect(onlyXmlChars(xml)).toBe(true);
    });

    it('drops lone surrogates but keeps emoji, Arabic and Chinese text', () => {
      // prepare: a high surrogate without its low half, a low one without its high half, and both reversed
      const text = 'x\uD800y\uDC00z\uDC00\uD800 🌱 حماية النباتات 植物保护 👩🏽‍🌾';

      // act
      const xml = writer().block(paragraph(text));
      const value = attribute('\uD83C名\uDF31🌱');

      // assess
      expect(textOf(xml)).toBe('xyz 🌱 حماية النباتات 植物保护 👩🏽‍🌾');
      expect(onlyXmlChars(xml)).toBe(true);
      expect(value).toBe('名🌱');
    });

    it('writes any string as text that parses back to it without the characters XML cannot hold', () => {
      // prepare: any UTF-16 code units, lone surrogates included
      const anyText = fc
        .array(fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0xd83c, 0xdf31, 0x26, 0x3c)), {
          maxLength: 40,
        })
        .map((units) => String.fromCharCode(...units));

      // act, assess
      fc.assert(
        fc.property(anyText, (text) => {
          const xml = writer().block(paragraph(text));
          const kept = [...text].filter((char) => isXmlChar(char.codePointAt(0) ?? 0)).join('');
          expect(onlyXmlChars(xml)).toBe(true);
          // A parser reads CR LF and a lone CR as a line feed; xmldom also reads NEL, U+2028 and U+2029 so.
          const read = all(parseBody(xml), W, 't')[0]?.textContent;
          expect(read).toBe(kept.replace(/\r\n|\r\u0085|[\r\u0085\u2028\u2029]/g, '\n'));
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('paragraphs and runs', () => {
    it('writes run properties in the schema order: rFonts, b, i, strike', () => {
      // prepare
      const inline: Inline = { text: 'all', format: { code: true, bold: true, italics: true, strike: true } };

      // act
      const xml = writer().block({ kind: 'paragraph', inlines: [inline] });

      // assess
      expect(childNames(xml, 'rPr')).toEqual(['w:rFonts', 'w:b', 'w:bCs', 'w:i', 'w:iCs', 'w:strike']);
      expect(attributesOf(xml, 'w:rFonts')).toEqual([
        { 'w:ascii': 'Consolas', 'w:hAnsi': 'Consolas', 'w:eastAsia': 'Consolas', 'w:cs': 'Consolas' },
      ]);
    });

    it('writes no run properties for plain text and a break for a line break', () => {
      // act
      const xml = writer().block({
        kind: 'paragraph',
        inlines: [{ text: 'one', format: {} }, { lineBreak: true }, { text: 'two', format: {} }],
      });

      // assess
      expect(xml).toBe(
        '<w:p><w:r><w:t xml:space="preserve">one</w:t></w:r><w:r><w:br/></w:r><w:r><w:t xml:space="preserve">two</w:t></w:r></w:p>',
      );
    });

    it('writes paragraph properties in the schema order', () => {
      // prepare
      const block = paragraph('x', {
        style: 'ListParagraph',
        keepNext: true,
        pageBreakBefore: true,
        list: { ordered: false, instance: 0, level: 1 },
        rule: true,
        indentLeft: 720,
        align: 'right',
      });

      // act
      const xml = writer().block(block);

      // assess
      expect(childNames(xml, 'pPr')).toEqual([
        'w:pStyle',
        'w:keepNext',
        'w:pageBreakBefore',
        'w:numPr',
        'w:pBdr',
        'w:ind',
        'w:jc',
      ]);
    });

    it('takes a heading style from the heading level rather than the block style', () => {
      // act
      const xml = writer().block(paragraph('Title', { heading: 2, style: 'Other' }));

      // assess
      expect(attributesOf(xml, 'w:pStyle')).toEqual([{ 'w:val': 'Heading2' }]);
    });

    it('puts a bookmark numbered from bookmarkOffset around the text of a heading', () => {
      // act
      const xml = writer({ bookmarkOffset: 100 }).block(paragraph('Budget', { heading: 1, bookmark: 3 }));

      // assess
      expect(attributesOf(xml, 'w:bookmarkStart')).toEqual([{ 'w:id': '103', 'w:name': '_Toc103' }]);
      expect(attributesOf(xml, 'w:bookmarkEnd')).toEqual([{ 'w:id': '103' }]);
      expect(xml).toMatch(
        /<\/w:pPr><w:bookmarkStart [^>]*\/><w:r>.*<\/w:r><w:bookmarkEnd w:id="103"\/><\/w:p>$/,
      );
    });
  });

  describe('tables', () => {
    const table = (style?: string): TableBlock => ({
      kind: 'table',
      widths: [2000, 7638],
      style,
      rows: [
        { header: true, cells: [paragraph('Item'), paragraph('Cost')] },
        { header: false, cells: [paragraph('Travel'), paragraph('12,000')] },
        { header: false, cells: [paragraph('Printing'), paragraph('3,500')] },
      ],
    });

    it('writes the column widths in the grid and on every cell, and the table width as their sum', () => {
      // act
      const xml = writer().block(table());

      // assess
      expect(attributesOf(xml, 'w:gridCol')).toEqual([{ 'w:w': '2000' }, { 'w:w': '7638' }]);
      expect(attributesOf(xml, 'w:tcW')).toEqual(
        [2000, 7638, 2000, 7638, 2000, 7638].map((width) => ({ 'w:w': String(width), 'w:type': 'dxa' })),
      );
      expect(attributesOf(xml, 'w:tblW')).toEqual([{ 'w:w': '9638', 'w:type': 'dxa' }]);
      expect(attributesOf(xml, 'w:tblLayout')).toEqual([{ 'w:type': 'fixed' }]);
    });

    it('marks only the header row to repeat on every page', () => {
      // act
      const xml = writer().block(table());

      // assess
      const rows = xml.match(/<w:tr>[\s\S]*?<\/w:tr>/g) ?? [];
      expect(rows).toHaveLength(3);
      expect(rows.map((row) => row.includes('<w:trPr><w:tblHeader/></w:trPr>'))).toEqual([
        true,
        false,
        false,
      ]);
      expect(childNames(xml, 'tr')[0]).toBe('w:trPr');
    });

    it('sets borders and header shading on a table without a style, and leaves them to the style otherwise', () => {
      // act
      const plain = writer().block(table());
      const styled = writer().block(table('ProposalTable'));

      // assess
      expect(childNames(plain, 'tblPr')).toEqual(['w:tblW', 'w:tblBorders', 'w:tblLayout', 'w:tblLook']);
      expect(childNames(plain, 'tblBorders')).toEqual([
        'w:top',
        'w:left',
        'w:bottom',
        'w:right',
        'w:insideH',
        'w:insideV',
      ]);
      expect(attributesOf(plain, 'w:shd')).toEqual([
        { 'w:val': 'clear', 'w:color': 'auto', 'w:fill': '1F4E3D' },
        { 'w:val': 'clear', 'w:color': 'auto', 'w:fill': '1F4E3D' },
      ]);
      expect(childNames(styled, 'tblPr')).toEqual(['w:tblStyle', 'w:tblW', 'w:tblLayout', 'w:tblLook']);
      expect(attributesOf(styled, 'w:tblStyle')).toEqual([{ 'w:val': 'ProposalTable' }]);
      expect(styled).not.toContain('<w:shd');
    });

    it('writes the grid before the rows and one paragraph in each cell', () => {
      // act
      const xml = writer().block(table());

      // assess
      expect(childNames(xml, 'tbl')).toEqual(['w:tblPr', 'w:tblGrid', 'w:tr', 'w:tr', 'w:tr']);
      expect(childNames(xml, 'tc')).toEqual(['w:tcPr', 'w:p']);
      expect(paragraphsOf(xml).map(textOf)).toEqual([
        'Item',
        'Cost',
        'Travel',
        '12,000',
        'Printing',
        '3,500',
      ]);
    });
  });

  describe('pictures', () => {
    it('refers to the PNG and, as its SVG extension, the SVG by relationship ids with the given prefix', () => {
      // prepare
      const pictures = writer();

      // act
      const first = pictures.block({ kind: 'picture', name: 'Budget by RPPO', chart: chart() });
      const second = pictures.block({ kind: 'picture', name: 'Second', chart: chart() });

      // assess
      const blip = all(parseBody(first), A, 'blip')[0];
      expect(blip?.getAttributeNS(R, 'embed')).toBe('rIdProposalPng1');
      expect(all(parseBody(first), ASVG, 'svgBlip')[0]?.getAttributeNS(R, 'embed')).toBe('rIdProposalSvg1');
      expect(all(parseBody(first), A, 'ext').map((ext) => ext.getAttribute('uri'))).toContain(
        '{96DAC541-7B7A-43D3-8B79-37D633B846F1}',
      );
      expect(all(parseBody(second), A, 'blip')[0]?.getAttributeNS(R, 'embed')).toBe('rIdProposalPng2');
      expect(all(parseBody(second), ASVG, 'svgBlip')[0]?.getAttributeNS(R, 'embed')).toBe('rIdProposalSvg2');
    });

    it('keeps the parts of each picture to add to the package, under the ids the body uses', () => {
      // prepare
      const pictures = writer();
      const drawn = chart({ svg: '<svg xmlns="http://www.w3.org/2000/svg">é</svg>' });

      // act
      pictures.block({ kind: 'picture', name: 'One', chart: drawn });
      pictures.block({ kind: 'picture', name: 'Two', chart: chart() });

      // assess
      expect(pictures.pictures.map((picture) => [picture.png.relationshipId, picture.png.path])).toEqual([
        ['rIdProposalPng1', 'media/proposal-chart1.png'],
        ['rIdProposalPng2', 'media/proposal-chart2.png'],
      ]);
      expect(pictures.pictures.map((picture) => [picture.svg.relationshipId, picture.svg.path])).toEqual([
        ['rIdProposalSvg1', 'media/proposal-chart1.svg'],
        ['rIdProposalSvg2', 'media/proposal-chart2.svg'],
      ]);
      expect(pictures.pictures[0]?.png.bytes).toEqual(drawn.png);
      expect(pictures.pictures[0]?.svg.bytes.toString('utf8')).toBe(drawn.svg);
    });

    it('numbers the drawings from firstDrawingId', () => {
      // prepare
      const pictures = writer({ firstDrawingId: 7 });

      // act
      const xml = [1, 2]
        .map(() => pictures.block({ kind: 'picture', name: 'Chart', chart: chart() }))
        .join('');

      // assess
      const document = parseBody(xml);
      expect(all(document, WP, 'docPr').map((docPr) => docPr.getAttribute('id'))).toEqual(['7', '8']);
      expect(all(document, PIC, 'cNvPr').map((cNvPr) => cNvPr.getAttribute('id'))).toEqual(['7', '8']);
    });

    it('sizes the picture in EMU, 9525 to a pixel, in the extent and the shape', () => {
      // act
      const xml = writer().block({
        kind: 'picture',
        name: 'Chart',
        chart: chart({ width: 640, height: 210 }),
      });

      // assess
      const document = parseBody(xml);
      const size = (element: XmlElement | undefined) => [
        element?.getAttribute('cx'),
        element?.getAttribute('cy'),
      ];
      expect(size(all(document, WP, 'extent')[0])).toEqual([String(640 * 9525), String(210 * 9525)]);
      expect(size(all(document, A, 'ext').find((ext) => ext.parentNode?.nodeName === 'a:xfrm'))).toEqual([
        '6096000',
        '2000250',
      ]);
    });

    it('centres the picture and keeps it with the paragraph after it', () => {
      // act
      const xml = writer().block({ kind: 'picture', name: 'Chart', chart: chart() });

      // assess
      expect(childNames(xml, 'pPr')).toEqual(['w:keepNext', 'w:jc']);
      expect(attributesOf(xml, 'w:jc')).toEqual([{ 'w:val': 'center' }]);
    });
  });

  describe('numbering', () => {
    const item = (text: string, ordered: boolean, instance: number, level = 0) =>
      paragraph(text, { list: { ordered, instance, level } });

    it('defines nothing when no list was written', () => {
      // prepare
      const lists = writer();

      // act
      lists.block(paragraph('no list'));

      // assess
      expect(lists.usesLists).toBe(false);
      expect(lists.numbering(1)).toEqual({ abstracts: '', instances: '' });
    });

    it('puts every bullet list on one instance without restarts', () => {
      // prepare
      const lists = writer({ firstNumId: 5 });

      // act
      const xml = [item('a', false, 0), paragraph('between'), item('b', false, 0, 2)].map((b) =>
        lists.block(b),
      );
      const { abstracts, instances } = lists.numbering(3);

      // assess
      expect(lists.usesLists).toBe(true);
      expect(xml.map((p) => attributesOf(p, 'w:numId')[0]?.['w:val'])).toEqual(['5', undefined, '5']);
      expect(attributesOf(xml[2] ?? '', 'w:ilvl')).toEqual([{ 'w:val': '2' }]);
      expect(attributesOf(abstracts, 'w:abstractNum')).toEqual([{ 'w:abstractNumId': '3' }]);
      expect(attributesOf(abstracts, 'w:numFmt').map((format) => format['w:val'])).toEqual([
        'bullet',
        'bullet',
        'bullet',
      ]);
      expect(attributesOf(abstracts, 'w:lvlText').map((text) => text['w:val'])).toEqual(['•', '◦', '▪']);
      expect(instances).toBe('<w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>');
    });

    it('gives each ordered list an instance of its own that starts every level at 1 again', () => {
      // prepare
      const lists = writer({ firstNumId: 5 });

      // act
      const xml = [
        item('one', true, 1),
        item('bullet', false, 0),
        item('two', true, 1),
        item('again', true, 2),
        item('nested', true, 3, 1),
      ].map((b) => lists.block(b));
      const { abstracts, instances } = lists.numbering(3);

      // assess
      expect(xml.map((p) => attributesOf(p, 'w:numId')[0]?.['w:val'])).toEqual(['5', '6', '5', '7', '8']);
      expect(attributesOf(abstracts, 'w:abstractNum')).toEqual([
        { 'w:abstractNumId': '3' },
        { 'w:abstractNumId': '4' },
      ]);
      const ordered = abstracts.slice(abstracts.indexOf('w:abstractNumId="4"'));
      expect(attributesOf(ordered, 'w:numFmt').map((format) => format['w:val'])).toEqual([
        'decimal',
        'lowerLetter',
        'lowerRoman',
      ]);
      expect(attributesOf(ordered, 'w:lvlText').map((text) => text['w:val'])).toEqual(['%1.', '%2.', '%3.']);
      const restart = [0, 1, 2]
        .map((level) => `<w:lvlOverride w:ilvl="${level}"><w:startOverride w:val="1"/></w:lvlOverride>`)
        .join('');
      expect(instances).toBe(
        '<w:num w:numId="6"><w:abstractNumId w:val="3"/></w:num>' +
          `<w:num w:numId="5"><w:abstractNumId w:val="4"/>${restart}</w:num>` +
          `<w:num w:numId="7"><w:abstractNumId w:val="4"/>${restart}</w:num>` +
          `<w:num w:numId="8"><w:abstractNumId w:val="4"/>${restart}</w:num>`,
      );
    });

    it('writes list levels that indent 720 twips a level with the marker hanging 360', () => {
      // prepare
      const lists = writer();
      lists.block(item('a', true, 1));

      // act
      const { abstracts } = lists.numbering(1);

      // assess
      expect(attributesOf(abstracts, 'w:ind')).toEqual([
        { 'w:left': '720', 'w:hanging': '360' },
        { 'w:left': '1440', 'w:hanging': '360' },
        { 'w:left': '2160', 'w:hanging': '360' },
      ]);
      expect(childNames(`<w:numbering xmlns:w="${W}">${abstracts}</w:numbering>`, 'lvl')).toEqual([
        'w:start',
        'w:numFmt',
        'w:lvlText',
        'w:lvlJc',
        'w:pPr',
      ]);
    });

    it('writes numbering that parses, with the definitions before the instances', () => {
      // prepare
      const lists = writer();
      for (const block of markdownToDocx('- a\n  - b\n\n1. c\n   1. d\n\ntext\n\n1. e')) {
        if (block.kind !== 'contents') lists.block(block);
      }

      // act
      const { abstracts, instances } = lists.numbering(1);

      // assess
      const xml = `<w:numbering xmlns:w="${W}">${abstracts}${instances}</w:numbering>`;
      expect(parseErrors(xml)).toEqual([]);
      expect(xml.lastIndexOf('<w:abstractNum ')).toBeLessThan(xml.indexOf('<w:num '));
      expect(attributesOf(instances, 'w:num')).toHaveLength(4);
    });
  });

  describe('table of contents', () => {
    const contents: ContentsBlock = {
      kind: 'contents',
      entries: [
        { title: 'Budget & <plan>', level: 1, bookmark: 1 },
        { title: 'Travel', level: 2, bookmark: 2 },
      ],
    };

    it('links each entry to its heading bookmark, offset by bookmarkOffset, with the page pageOf gives', () => {
      // act
      const xml = writer({ bookmarkOffset: 40 }).contents(contents, (bookmark) => (bookmark === 1 ? 4 : 9));

      // assess
      const document = parseBody(xml);
      const links = all(document, W, 'hyperlink');
      expect(links.map((link) => link.getAttributeNS(W, 'anchor'))).toEqual(['_Toc41', '_Toc42']);
      expect(all(document, W, 'instrText').map((field) => field.textContent?.trim())).toEqual([
        expect.stringMatching(/^TOC /),
        'PAGEREF _Toc41 \\h',
        'PAGEREF _Toc42 \\h',
      ]);
      expect(links.map((link) => textIn(link))).toEqual(['Budget & <plan>4', 'Travel9']);
      expect(all(document, W, 'pStyle').map((style) => style.getAttributeNS(W, 'val'))).toEqual([
        'TOC1',
        'TOC2',
      ]);
    });

    it('writes a TOC field of the levels listed, in a table-of-contents content control', () => {
      // act
      const xml = writer().contents(contents, () => undefined);

      // assess
      const document = parseBody(xml);
      const [instruction = ''] = all(document, W, 'instrText').map((field) => field.textContent ?? '');
      expect(instruction.trim().split(/\s+/).sort()).toEqual(['"1-2"', 'TOC', '\\h', '\\o'].sort());
      expect(instruction).toMatch(/\\o "1-2"/);
      expect(all(document, W, 'docPartGallery')[0]?.getAttributeNS(W, 'val')).toBe('Table of Contents');
      const kinds = all(document, W, 'fldChar').map((field) => field.getAttributeNS(W, 'fldCharType'));
      expect(kinds).toEqual([
        'begin',
        'separate',
        ...['begin', 'separate', 'end', 'begin', 'separate', 'end'],
        'end',
      ]);
    });

    it('leaves the page blank when pageOf does not know it', () => {
      // act
      const xml = writer().contents(contents, () => undefined);

      // assess
      const links = all(parseBody(xml), W, 'hyperlink');
      expect(links.map((link) => textIn(link))).toEqual(['Budget & <plan>', 'Travel']);
    });

    it('lists only level 1 in the TOC field when there are only level 1 headings', () => {
      // act
      const xml = writer().contents(
        { kind: 'contents', entries: [{ title: 'A', level: 1, bookmark: 1 }] },
        () => 1,
      );

      // assess
      const [instruction] = all(parseBody(xml), W, 'instrText').map((field) => field.textContent ?? '');
      expect(instruction).toMatch(/\\o "1-1"/);
    });
  });

  describe('the whole body', () => {
    const markdown = [
      '% The <title> & "more"',
      '<!-- table-of-contents: Contents -->',
      '<!-- page-break -->',
      '# One & {{x}}',
      'Text with **bold**, *italics*, ~~strike~~, `code <x>` and a break  \nhere. 🌱 حماية 植物',
      '- a\n  - b\n    - c',
      '1. first\n2. second',
      '> A "quote" \'here\'',
      '## Two',
      '| Item | Cost |\n|---|---:|\n| <b>x</b> & y | 1 |',
      '<!-- chart: budget -->',
      '---',
      '```\nif (a < b && c) {}\n```',
      '### Three',
      '1. again',
    ].join('\n\n');

    function wholeBody(): { xml: string; writer: WordmlWriter } {
      const bodyWriter = writer();
      const charts = {
        budget: (): Block[] => [{ kind: 'picture', name: 'Budget by "RPPO"', chart: chart() }],
      };
      const xml = markdownToDocx(markdown, { charts })
        .map((block) =>
          block.kind === 'contents'
            ? bodyWriter.contents(block, (bookmark) => bookmark + 1)
            : bodyWriter.block(block),
        )
        .join('');
      return { xml, writer: bodyWriter };
    }

    it('parses as well-formed XML in a <w:body> with the namespaces of document.xml', () => {
      // act
      const { xml } = wholeBody();

      // assess
      expect(parseErrors(inBody(xml))).toEqual([]);
      expect(onlyXmlChars(xml)).toBe(true);
    });

    it('fails the same check for XML that is not well-formed or uses an unbound prefix', () => {
      // act
      const unclosed = parseErrors(inBody('<w:p><w:r></w:p>'));
      const unbound = parseErrors(
        `<w:body xmlns:w="${W}"><w:p><w:r><a:blip r:embed="x"/></w:r></w:p></w:body>`,
      );

      // assess
      expect(unclosed).not.toEqual([]);
      expect(unbound).not.toEqual([]);
    });

    it('keeps the text of the Markdown, escaped and read back as written', () => {
      // act
      const { xml, writer: bodyWriter } = wholeBody();

      // assess
      const text = all(parseBody(xml), W, 't')
        .map((t) => t.textContent)
        .join('');
      expect(text).toContain('The <title> & "more"');
      expect(text).toContain('One & {{x}}');
      expect(text).toContain('code <x>');
      expect(text).toContain('🌱 حماية 植物');
      expect(text).toContain('<b>x</b> & y');
      expect(text).toContain('if (a < b && c) {}');
      expect(bodyWriter.pictures).toHaveLength(1);
      expect(bodyWriter.usesLists).toBe(true);
    });
  });
});
