// A checked house template (house-template.ts) made ready to assemble documents from, once per template: its
// placeholders turned into slots in the XML of the parts that hold them (whatever runs Word split them into), its
// document split around the {{body}} paragraph, the parts that never change compressed once, and what the page
// layout and the body writer need to know of it (style metrics, page size, ids already in use).
import { DOMParser, XMLSerializer, type Element as XmlElement, type Node as XmlNode } from '@xmldom/xmldom';
import { UnprocessableError } from '#domain/errors.ts';
import type { HouseTemplate, Placeholder } from './house-template.ts';
import {
  DEFAULT_PARAGRAPH_METRICS,
  type LayoutStyles,
  type PageGeometry,
  type ParagraphMetrics,
} from './page-layout.ts';
import { escapeText, type WriterNumbers, type WriterStyles } from './wordml.ts';
import { entryBytes, readEntries, type ZipEntry } from './zip.ts';

/** Text of a part, with the places where placeholders' values go. */
export type Segments = readonly (string | { readonly slot: Placeholder })[];

export type PreparedTemplate = {
  /** The template's parts in package order: as stored, or as text with slots. */
  readonly parts: readonly PreparedPart[];
  /** The main document's XML before and after the body. */
  readonly document: { readonly before: Segments; readonly after: Segments };
  readonly layout: { readonly styles: LayoutStyles; readonly geometry: PageGeometry };
  readonly writer: {
    readonly styles: WriterStyles;
    readonly numbers: WriterNumbers;
    /** The first abstract list id unused by the template. */
    readonly firstAbstractId: number;
  };
};

export type PreparedPart =
  | { readonly kind: 'stored'; readonly entry: ZipEntry }
  | { readonly kind: 'fields'; readonly name: string; readonly segments: Segments }
  | { readonly kind: 'text'; readonly name: string; readonly text: string };

export const DOCUMENT_PART = 'word/document.xml';
export const NUMBERING_PART = 'word/numbering.xml';
export const DOCUMENT_RELATIONSHIPS = 'word/_rels/document.xml.rels';
export const CONTENT_TYPES = '[Content_Types].xml';
export const CORE_PROPERTIES = 'docProps/core.xml';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
// Placeholders become these private-use characters around their name, which no template text holds.
const SLOT_START = '\uE000';
const SLOT_END = '\uE001';
const SLOT = /\uE000(\w+)\uE001/;
const PLACEHOLDER = /\{\{\s*([^{}\s]*)\s*\}\}/g;
const TEXT_PART = /^word\/(document|header\d*|footer\d*)\.xml$/;
// Parts the assembly rewrites: they stay as text.
const REWRITTEN = new Set([NUMBERING_PART, DOCUMENT_RELATIONSHIPS, CONTENT_TYPES]);
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

/**
 * Prepares a checked template.
 *
 * @throws UnprocessableError (422) when the {{body}} placeholder is not a paragraph of the document's body
 */
export function prepareTemplate(house: HouseTemplate): PreparedTemplate {
  const entries = readEntries(
    Buffer.from(house.bytes.buffer, house.bytes.byteOffset, house.bytes.byteLength),
  );
  const text = (name: string) => {
    const entry = entries.find((candidate) => candidate.name === name);
    return entry ? entryBytes(entry).toString('utf8') : undefined;
  };
  const documentXml = text(DOCUMENT_PART) ?? '';
  const parts: PreparedPart[] = entries.map((entry) => {
    if (REWRITTEN.has(entry.name)) {
      return { kind: 'text', name: entry.name, text: entryBytes(entry).toString('utf8') };
    }
    if (TEXT_PART.test(entry.name) && entry.name !== DOCUMENT_PART) {
      const xml = entryBytes(entry).toString('utf8');
      if (hasPlaceholders(xml)) {
        return { kind: 'fields', name: entry.name, segments: segmentsOf(withSlots(xml, false)) };
      }
    }
    return { kind: 'stored', entry };
  });
  const [before, after] = withSlots(documentXml, true).split(`${SLOT_START}body${SLOT_END}`);
  if (before === undefined || after === undefined) {
    throw new UnprocessableError('The template cannot be used: its {{body}} placeholder is not in the body', [
      { path: DOCUMENT_PART, message: 'The {{body}} placeholder must be a paragraph of its own in the body' },
    ]);
  }
  const stylesXml = text('word/styles.xml') ?? '';
  const numberingXml = text(NUMBERING_PART) ?? '';
  const headerXml = entries
    .filter((entry) => TEXT_PART.test(entry.name))
    .map((entry) => entryBytes(entry).toString('utf8'))
    .join('');
  const { styleIds } = house;
  const headings = [styleIds.heading1, styleIds.heading2, styleIds.heading3, styleIds.heading4];
  return {
    parts,
    document: { before: segmentsOf(before), after: segmentsOf(after) },
    layout: {
      styles: {
        paragraph: paragraphMetrics(stylesXml),
        headings,
        contents1: styleIds.contents1,
        contents2: styleIds.contents2,
      },
      geometry: { ...pageGeometry(documentXml), firstPage: 1 + pageBreaks(before) },
    },
    writer: {
      styles: { headings, contents1: styleIds.contents1, contents2: styleIds.contents2 },
      numbers: {
        firstNumId: 1 + maxNumber(numberingXml, /<w:num\b[^>]*\bw:numId="(\d+)"/g),
        firstDrawingId: 1 + maxNumber(headerXml, /<wp:docPr\b[^>]*\bid="(\d+)"/g),
        bookmarkOffset: maxNumber(documentXml, /<w:bookmarkStart\b[^>]*\bw:id="(\d+)"/g),
        relationshipPrefix: 'rIdProposal',
      },
      firstAbstractId: 1 + maxNumber(numberingXml, /<w:abstractNum\b[^>]*\bw:abstractNumId="(\d+)"/g),
    },
  };
}

/** The text of segments with each slot's value, as XML text. */
export function fillSlots(
  segments: Segments,
  values: Readonly<Partial<Record<Placeholder, string>>>,
): string {
  return segments
    .map((segment) => (typeof segment === 'string' ? segment : escapeText(values[segment.slot] ?? '')))
    .join('');
}

function hasPlaceholders(xml: string): boolean {
  // Word may split `{{title}}` over runs: look at the text without markup.
  return /\{\{[^{}]*\}\}/.test(xml.replace(/<[^>]+>/g, ''));
}

function segmentsOf(xml: string): Segments {
  return xml.split(SLOT).map((piece, index) => (index % 2 === 0 ? piece : { slot: piece as Placeholder }));
}

/**
 * The part's XML with each placeholder as a slot in the text of the run it starts in, its other characters removed
 * from the runs it spanned. With `bodyParagraph`, the whole paragraph of `{{body}}` becomes its slot.
 */
function withSlots(xml: string, bodyParagraph: boolean): string {
  const document = new DOMParser().parseFromString(xml, 'application/xml');
  const root = document.documentElement as XmlElement;
  for (const paragraph of Array.from(root.getElementsByTagNameNS(W, 'p'))) {
    // The paragraph's own text elements: not those of a text box's paragraphs inside it.
    const texts = Array.from(paragraph.getElementsByTagNameNS(W, 't')).filter(
      (node) => closestParagraph(node) === paragraph,
    );
    const whole = texts.map((node) => node.textContent ?? '').join('');
    const matches = [...whole.matchAll(PLACEHOLDER)];
    if (matches.length === 0) continue;
    if (bodyParagraph && matches.some((match) => match[1] === 'body')) {
      if ((paragraph.parentNode as XmlElement | null)?.localName !== 'body') return '';
      paragraph.parentNode?.replaceChild(document.createTextNode(`${SLOT_START}body${SLOT_END}`), paragraph);
      continue;
    }
    // From the last placeholder to the first, so earlier offsets stay right.
    for (const match of matches.reverse()) {
      const start = match.index ?? 0;
      replaceText(texts, start, start + match[0].length, `${SLOT_START}${match[1]}${SLOT_END}`);
    }
  }
  const serialized = new XMLSerializer().serializeToString(document);
  return serialized.startsWith('<?xml') ? serialized : XML_DECLARATION + serialized;
}

function closestParagraph(node: XmlNode): XmlNode | null {
  let current = node.parentNode;
  while (
    current &&
    !((current as XmlElement).localName === 'p' && (current as XmlElement).namespaceURI === W)
  ) {
    current = current.parentNode;
  }
  return current;
}

// Replaces the characters [start, end) of the text elements' joined text: the replacement goes where they start.
function replaceText(texts: readonly XmlElement[], start: number, end: number, replacement: string): void {
  let offset = 0;
  for (const node of texts) {
    const value = node.textContent ?? '';
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + value.length);
    if (from < to) {
      const inserted = from === start ? replacement : '';
      node.textContent = value.slice(0, from - offset) + inserted + value.slice(to - offset);
    }
    offset += value.length;
  }
}

function maxNumber(xml: string, pattern: RegExp): number {
  let max = 0;
  for (const match of xml.matchAll(pattern)) max = Math.max(max, Number(match[1]));
  return max;
}

/** Page breaks before the body: page breaks in runs, paragraphs that start a page, and section breaks. */
function pageBreaks(xml: string): number {
  const count = (pattern: RegExp) => xml.match(pattern)?.length ?? 0;
  return (
    count(/<w:br\b[^>]*\bw:type="page"/g) +
    count(/<w:pageBreakBefore(?:\/>|\s+w:val="(?:1|true|on)")/g) +
    count(/<w:pPr>(?:(?!<\/w:pPr>).)*<w:sectPr\b/g)
  );
}

/** The page size and margins of the document's last section (the body's), in twips. */
function pageGeometry(documentXml: string): Omit<PageGeometry, 'firstPage'> {
  const section = documentXml.slice(documentXml.lastIndexOf('<w:sectPr'));
  const attribute = (element: string, ...names: string[]) => {
    const tag = new RegExp(`<w:${element}\\b[^>]*>`).exec(section)?.[0] ?? '';
    for (const name of names) {
      const value = new RegExp(`\\bw:${name}="(-?\\d+)"`).exec(tag)?.[1];
      if (value !== undefined) return Math.abs(Number(value));
    }
    return undefined;
  };
  // Word's defaults: US Letter with one-inch margins.
  const height = attribute('pgSz', 'h') ?? 15840;
  const width = attribute('pgSz', 'w') ?? 12240;
  const top = attribute('pgMar', 'top') ?? 1440;
  const bottom = attribute('pgMar', 'bottom') ?? 1440;
  const left = attribute('pgMar', 'left', 'start') ?? 1440;
  const right = attribute('pgMar', 'right', 'end') ?? 1440;
  return { bodyHeight: height - top - bottom, contentWidth: width - left - right };
}

type StyleProperties = Partial<{ -readonly [K in keyof ParagraphMetrics]: ParagraphMetrics[K] }>;

/** The layout metrics of each paragraph style of a styles part, following `basedOn`, over the document defaults. */
function paragraphMetrics(stylesXml: string): (styleId: string | undefined) => ParagraphMetrics {
  const root = new DOMParser().parseFromString(stylesXml, 'application/xml').documentElement as XmlElement;
  const child = (parent: XmlElement | undefined, name: string) =>
    parent
      ? (Array.from(parent.childNodes).find((node) => (node as XmlElement).localName === name) as
          | XmlElement
          | undefined)
      : undefined;
  const value = (element: XmlElement | undefined, name = 'val') =>
    element?.getAttributeNS(W, name) ?? undefined;
  const on = (element: XmlElement | undefined) =>
    element === undefined ? undefined : !['0', 'false', 'off'].includes(value(element) ?? 'true');
  const number = (element: XmlElement | undefined, name: string) => {
    const text = value(element, name);
    return text === undefined || text === '' ? undefined : Number(text);
  };
  const propertiesOf = (pPr: XmlElement | undefined, rPr: XmlElement | undefined): StyleProperties => {
    const spacing = child(pPr, 'spacing');
    const indent = child(pPr, 'ind');
    const rule = value(spacing, 'lineRule');
    const size = number(child(rPr, 'sz'), 'val');
    const properties: StyleProperties = {
      fontSize: size === undefined ? undefined : size / 2,
      bold: on(child(rPr, 'b')),
      spaceBefore: number(spacing, 'before'),
      spaceAfter: number(spacing, 'after'),
      line: number(spacing, 'line'),
      lineRule: rule === 'exact' || rule === 'atLeast' ? rule : value(spacing, 'line') ? 'auto' : undefined,
      indentLeft: number(indent, 'left') ?? number(indent, 'start'),
      indentRight: number(indent, 'right') ?? number(indent, 'end'),
      keepNext: on(child(pPr, 'keepNext')),
      keepLines: on(child(pPr, 'keepLines')),
      contextualSpacing: on(child(pPr, 'contextualSpacing')),
    };
    return Object.fromEntries(Object.entries(properties).filter(([, item]) => item !== undefined));
  };
  const defaults = child(root, 'docDefaults');
  const base: ParagraphMetrics = {
    ...DEFAULT_PARAGRAPH_METRICS,
    ...propertiesOf(child(child(defaults, 'pPrDefault'), 'pPr'), child(child(defaults, 'rPrDefault'), 'rPr')),
  };
  const styles = new Map<string, { basedOn?: string; properties: StyleProperties }>();
  let defaultStyle: string | undefined;
  for (const style of Array.from(root.getElementsByTagNameNS(W, 'style'))) {
    if (value(style, 'type') !== 'paragraph') continue;
    const id = value(style, 'styleId') ?? '';
    if (['1', 'true', 'on'].includes(value(style, 'default') ?? '')) defaultStyle ??= id;
    styles.set(id, {
      basedOn: value(child(style, 'basedOn')),
      properties: propertiesOf(child(style, 'pPr'), child(style, 'rPr')),
    });
  }
  // A style without `basedOn` builds on the document defaults; a paragraph without a known style is in the default.
  const resolved = new Map<string, ParagraphMetrics>();
  const resolve = (id: string, depth: number): ParagraphMetrics => {
    const cached = resolved.get(id);
    if (cached) return cached;
    const style = styles.get(id);
    if (!style) return base;
    const parent = style.basedOn && depth < 20 ? resolve(style.basedOn, depth + 1) : base;
    const metrics = { ...parent, ...style.properties };
    resolved.set(id, metrics);
    return metrics;
  };
  return (styleId) =>
    styleId !== undefined && styles.has(styleId) ? resolve(styleId, 0) : resolve(defaultStyle ?? '', 0);
}
