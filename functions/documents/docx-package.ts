// Package-level parts of a .docx file that depend only on the document: its core properties, dated by the document's
// own date rather than the time it is written, and zip entries rewritten with that date, so equal inputs give equal
// bytes.
import { escapeText } from './wordml.ts';
import { deflatedEntry, entryBytes, readEntries, writeZip } from './zip.ts';

export type PackageProperties = {
  readonly title: string;
  readonly subject?: string;
  readonly creator: string;
  readonly description: string;
  readonly keywords?: string;
  /** ISO 8601 date-time that the document is dated by: its created and modified dates, and its zip entries' dates. */
  readonly date: string;
};

/** The date of `properties`, checked. */
export function packageDate(properties: PackageProperties): Date {
  const date = new Date(properties.date);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${properties.date}`);
  return date;
}

/** The core properties part (docProps/core.xml), with fixed dates: none of a template's own carry over. */
export function coreProperties(properties: PackageProperties): string {
  const stamp = packageDate(properties).toISOString();
  const element = (name: string, value: string | undefined) =>
    value === undefined ? '' : `<${name}>${escapeText(value)}</${name}>`;
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"',
    ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    element('dc:title', properties.title),
    element('dc:subject', properties.subject),
    element('dc:creator', properties.creator),
    element('cp:keywords', properties.keywords),
    element('dc:description', properties.description),
    element('cp:lastModifiedBy', properties.creator),
    '<cp:revision>1</cp:revision>',
    `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>`,
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>`,
    '</cp:coreProperties>',
  ].join('');
}

/**
 * Writes the zip file again with every entry dated `date`, and the entries named in `transforms` rewritten. The
 * other entries keep their compressed bytes.
 */
export function rewriteZip(
  zip: Buffer,
  date: Date,
  transforms: Readonly<Record<string, (text: string) => string>> = {},
): Buffer {
  const entries = readEntries(zip).map((entry) => {
    const transform = transforms[entry.name];
    if (!transform) return entry;
    return deflatedEntry(entry.name, Buffer.from(transform(entryBytes(entry).toString('utf8')), 'utf8'));
  });
  return writeZip(entries, date);
}
