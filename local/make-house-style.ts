// Writes templates/proposal/house-style.docx, the Word template that gives the proposal its look: the styles that
// styles.ts defines, a table style, the header with a logo, the footer with page numbers, the cover page with its
// placeholders and the {{body}} placeholder where the generated parts go. Run once (`npm run house-style`); from
// then on the Secretariat edits the .docx in Word or LibreOffice. Tests build variants with `houseStyleTemplate`.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  ImageRun,
  type IParagraphStyleOptions,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  PageOrientation,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
} from 'docx';
import { coreProperties, type PackageProperties, packageDate, rewriteZip } from '#documents/docx-package.ts';
import { encodePng } from '#documents/png.ts';
import {
  A4_PAGE_HEIGHT,
  A4_PAGE_WIDTH,
  ACCENT_COLOR,
  BODY_FONT,
  MUTED_COLOR,
  PAGE_CONTENT_WIDTH,
  PAGE_MARGIN,
  StyleId,
  TABLE_BORDER_COLOR,
  TABLE_HEADER_FILL,
} from '#documents/styles.ts';
import { documentStyles } from './house-styles.ts';

export interface HouseStyleOptions {
  /**
   * Colour of the headings and the title (RGB hex).
   * @default ACCENT_COLOR
   */
  readonly headingColor?: string;
  /**
   * Name of the table style the generated tables use (its id is the name without spaces).
   * @default 'Proposal Table'
   */
  readonly tableStyleName?: string;
  /**
   * Fill of the table style's header row (RGB hex).
   * @default TABLE_HEADER_FILL
   */
  readonly tableHeaderFill?: string;
  /** Paragraphs and tables of the first page, instead of the cover below. */
  readonly cover?: readonly (Paragraph | Table)[];
  /**
   * The text of the paragraph the generated parts take the place of.
   * @default '{{body}}'
   */
  readonly bodyParagraph?: string;
  /** Leave these style ids out, to make a template that lacks them. */
  readonly omitStyles?: readonly string[];
}

const WORD_DATE = '2027-01-01T00:00:00.000Z';

/** The house template as .docx bytes. */
export async function houseStyleTemplate(options: HouseStyleOptions = {}): Promise<Buffer> {
  const color = options.headingColor ?? ACCENT_COLOR;
  const tableStyleName = options.tableStyleName ?? 'Proposal Table';
  const omitted = new Set(options.omitStyles ?? []);
  const defaults = documentStyles.default ?? {};
  const recolour = <T extends { run?: object }>(style: T | undefined): T | undefined =>
    style && { ...style, run: { ...style.run, color } };
  const paragraphStyles: IParagraphStyleOptions[] = [
    ...(documentStyles.paragraphStyles ?? []),
    {
      id: 'TOC3',
      name: 'toc 3',
      basedOn: 'Normal',
      next: 'Normal',
      paragraph: { spacing: { after: 0, line: 240, lineRule: LineRuleType.AUTO }, indent: { left: 480 } },
    },
    {
      id: 'ListParagraph',
      name: 'List Paragraph',
      basedOn: 'Normal',
      paragraph: { spacing: { after: 60 }, contextualSpacing: true },
    },
  ].filter((style) => !omitted.has(style.id));
  const document = new Document({
    creator: 'IPPC Secretariat',
    title: 'IPPC proposal house style',
    styles: {
      default: {
        ...defaults,
        title: recolour(defaults.title),
        heading1: recolour(defaults.heading1),
        heading2: recolour(defaults.heading2),
        heading3: recolour(defaults.heading3),
        heading4: recolour(defaults.heading4),
      },
      paragraphStyles,
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: A4_PAGE_WIDTH, height: A4_PAGE_HEIGHT, orientation: PageOrientation.PORTRAIT },
            margin: { top: PAGE_MARGIN, right: PAGE_MARGIN, bottom: PAGE_MARGIN, left: PAGE_MARGIN },
          },
        },
        headers: { default: pageHeader(), first: new Header({ children: [new Paragraph({})] }) },
        footers: { default: pageFooter(), first: new Footer({ children: [new Paragraph({})] }) },
        children: [
          ...(options.cover ?? coverPage(tableStyleName.replace(/\s/g, ''))),
          // A page break, as Word's Insert > Page Break writes it: the generated parts start on page 2. (The body's
          // paragraph itself can't carry it: the generated parts take the place of the whole paragraph.)
          new Paragraph({ children: [new PageBreak()] }),
          new Paragraph({ children: [new TextRun(options.bodyParagraph ?? '{{body}}')] }),
        ],
      },
    ],
  });
  const packed = await packDocument(document, {
    title: 'IPPC proposal house style',
    creator: 'IPPC Secretariat',
    description: 'The look of the assembled proposal: styles, header, footer and cover page',
    date: WORD_DATE,
  });
  if (omitted.has(tableStyleName.replace(/\s/g, ''))) return packed;
  const fill = options.tableHeaderFill ?? TABLE_HEADER_FILL;
  return rewriteZip(packed, new Date(WORD_DATE), {
    'word/styles.xml': (xml) => withTableStyle(xml, tableStyleName, fill),
  });
}

/**
 * Adds a table style with borders and a shaded header row to the styles part, as Word writes one. docx has no option
 * for table styles, so the part is parsed and the style appended as an element.
 */
function withTableStyle(stylesXml: string, name: string, headerFill: string): string {
  const border = (side: string) =>
    `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="${TABLE_BORDER_COLOR}"/>`;
  const style = [
    `<w:style xmlns:w="${W}" w:type="table" w:styleId="${attribute(name.replace(/\s/g, ''))}">`,
    `<w:name w:val="${attribute(name)}"/><w:uiPriority w:val="59"/><w:qFormat/>`,
    '<w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr>',
    `<w:tblPr><w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('')}</w:tblBorders>`,
    '<w:tblCellMar><w:left w:w="115" w:type="dxa"/><w:right w:w="115" w:type="dxa"/></w:tblCellMar></w:tblPr>',
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>',
    `<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="${attribute(headerFill)}"/></w:tcPr></w:tblStylePr>`,
    '</w:style>',
  ].join('');
  const parser = new DOMParser();
  const styles = parser.parseFromString(stylesXml, 'application/xml');
  const element = parser.parseFromString(style, 'application/xml').documentElement;
  if (!styles.documentElement || !element) throw new Error('Unreadable styles part');
  styles.documentElement.appendChild(styles.importNode(element, true));
  return new XMLSerializer().serializeToString(styles);
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

function attribute(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The cover page: title, a sentence, the key facts and a note; each `{{field}}` is filled in on assembly. */
function coverPage(tableStyleId: string): (Paragraph | Table)[] {
  const facts: [string, string][] = [
    ['Proponent', 'Secretariat of the International Plant Protection Convention (IPPC)'],
    ['Executing partners', '{{executingPartners}}'],
    ['Regions', '{{regions}}'],
    ['Countries', '{{countries}}'],
    ['Target resource partner', '{{targetPartner}}'],
    ['Duration', '{{duration}}'],
    ['Amount requested', '{{amountRequested}}'],
    ['Co-financing', '{{coFinancing}}'],
    ['Version', '{{version}}'],
    ['Changes', '{{versionNote}}'],
  ];
  const width = Math.floor(PAGE_CONTENT_WIDTH / 3);
  const cell = (text: string, header: boolean, size: number) =>
    new TableCell({
      width: { size, type: WidthType.DXA },
      children: [
        new Paragraph({
          style: header ? StyleId.tableHeader : StyleId.tableText,
          children: [new TextRun(text)],
        }),
      ],
    });
  const row = ([name, value]: [string, string], header = false) =>
    new TableRow({
      tableHeader: header || undefined,
      children: [cell(name, header, width), cell(value, header, PAGE_CONTENT_WIDTH - width)],
    });
  return [
    new Paragraph({ style: StyleId.title, children: [new TextRun('{{title}}')] }),
    new Paragraph({
      children: [
        new TextRun(
          'A project proposal of the Secretariat of the International Plant Protection Convention (IPPC), prepared with the Regional Plant Protection Organizations (RPPOs).',
        ),
      ],
    }),
    new Table({
      style: tableStyleId,
      width: { size: PAGE_CONTENT_WIDTH, type: WidthType.DXA },
      columnWidths: [width, PAGE_CONTENT_WIDTH - width],
      rows: [row(['Project information', ''], true), ...facts.map((fact) => row(fact))],
    }),
    // Keeps the next paragraph from touching the table.
    new Paragraph({}),
    new Paragraph({
      children: [
        new TextRun(
          'The amount requested is the sum of the budgets of the three components: the global tools and guidance (Component 1) and knowledge management and monitoring (Component 3) as costed by the IPPC Secretariat, and the regional pilot sub-projects (Component 2) as the estimated cost of the activities the RPPOs suggested. The budget summary gives the figures.',
        ),
      ],
    }),
    new Paragraph({ children: [new TextRun('{{pendingNote}}')] }),
  ];
}

/** A square logo for the header: a green field with a white leaf-like band. Replace it in Word (Change Picture). */
function logo(): Buffer {
  const size = 96;
  const pixels = new Uint8Array(size * size * 3);
  const green = [0x1f, 0x4e, 0x3d];
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const band = Math.abs(x - y) < 10 || Math.abs(x + y - size) < 4;
      const [r, g, b] = band ? [255, 255, 255] : green;
      pixels.set([r ?? 0, g ?? 0, b ?? 0], (y * size + x) * 3);
    }
  }
  return encodePng({ width: size, height: size, pixels });
}

function pageHeader(): Header {
  return new Header({
    children: [
      new Paragraph({
        tabStops: [{ type: TabStopType.RIGHT, position: PAGE_CONTENT_WIDTH }],
        children: [
          new ImageRun({
            type: 'png',
            data: logo(),
            transformation: { width: 32, height: 32 },
            altText: { name: 'Logo', title: 'Logo', description: 'Logo of the IPPC Secretariat' },
          }),
          new TextRun({ children: [new Tab(), '{{title}}'], size: 16, color: MUTED_COLOR, font: BODY_FONT }),
        ],
      }),
    ],
  });
}

function pageFooter(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({
            size: 16,
            color: MUTED_COLOR,
            children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES],
          }),
        ],
      }),
    ],
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = fileURLToPath(new URL('../templates/proposal/house-style.docx', import.meta.url));
  await writeFile(target, await houseStyleTemplate());
  console.log(`Wrote ${target}`);
}

/** Packs a docx Document into a .docx file dated `properties.date` throughout: equal documents give equal bytes. */
export async function packDocument(document: Document, properties: PackageProperties): Promise<Buffer> {
  const date = packageDate(properties);
  // docx stamps the package with the time it is packed (core properties and zip entries): both are rewritten.
  const packed = await Packer.toBuffer(document);
  return rewriteZip(packed, date, { 'docProps/core.xml': () => coreProperties(properties) });
}
