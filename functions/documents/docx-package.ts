// Packs a docx Document into the bytes of a .docx file that depend only on the document: docx stamps the package
// with the time it is packed (the core properties' created and modified dates, and the date of every zip entry),
// so equal inputs would otherwise give different files.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { type Document, Packer } from 'docx';
import { crc32 } from './png.ts';

export type PackageProperties = {
  /** Whether to renumber the document's bookmarks from 1 (see `renumberBookmarks`). */
  readonly renumberBookmarks?: boolean;
  readonly title: string;
  readonly subject?: string;
  readonly creator: string;
  readonly description: string;
  readonly keywords?: string;
  /** ISO 8601 date-time that the document is dated by: its created and modified dates, and its zip entries' dates. */
  readonly date: string;
};

/**
 * The document as a .docx file, dated `properties.date` throughout, so equal documents give equal bytes. Bookmark
 * numbers are the other thing docx takes from outside the document: see `renumberBookmarks`.
 */
export async function packDocument(document: Document, properties: PackageProperties): Promise<Buffer> {
  const date = new Date(properties.date);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${properties.date}`);
  const packed = await Packer.toBuffer(document, undefined, [
    { path: 'docProps/core.xml', data: coreProperties(properties, date) },
  ]);
  // docx's Buffer is dropped once it is written again: only one copy of the file outlives this function.
  return rewriteZip(
    packed,
    date,
    properties.renumberBookmarks ? { 'word/document.xml': renumberBookmarks } : {},
  );
}

/**
 * A package docx wrote (such as a template `patchDocument` patched) with the given core properties, dated
 * `properties.date` throughout, and its bookmarks renumbered when asked: equal documents give equal bytes.
 */
export function datePackage(zip: Buffer, properties: PackageProperties): Buffer {
  const date = new Date(properties.date);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${properties.date}`);
  return rewriteZip(zip, date, {
    // The whole part is written anew: none of the template's own properties (author, dates) carry over.
    'docProps/core.xml': () => coreProperties(properties, date),
    ...(properties.renumberBookmarks ? { 'word/document.xml': renumberBookmarks } : {}),
  });
}

/** The core properties part, as docx writes it, with fixed dates. */
function coreProperties(properties: PackageProperties, date: Date): string {
  const element = (name: string, value: string | undefined) =>
    value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`;
  const stamp = date.toISOString();
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

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const DEFLATE = 8;

type Entry = { name: Buffer; method: number; crc: number; size: number; data: Buffer };

/**
 * Writes the zip file again with every entry dated `date` (MS-DOS dates, in two-second steps, in UTC so that the bytes
 * don't depend on the machine's time zone), and the entries named in `transforms` rewritten. The other entries keep
 * their compressed bytes.
 */
export function rewriteZip(
  zip: Buffer,
  date: Date,
  transforms: Readonly<Record<string, (text: string) => string>> = {},
): Buffer {
  const year = Math.min(2107, Math.max(1980, date.getUTCFullYear()));
  const dosDate = ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  const dosTime = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1);
  const entries = readEntries(zip).map((entry) => {
    const transform = transforms[entry.name.toString('utf8')];
    if (!transform) return entry;
    const text = (entry.method === DEFLATE ? inflateRawSync(entry.data) : entry.data).toString('utf8');
    const bytes = Buffer.from(transform(text), 'utf8');
    return { ...entry, method: DEFLATE, crc: crc32(bytes), size: bytes.length, data: deflateRawSync(bytes) };
  });
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_FILE_HEADER, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0, 6); // flags
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(entry.crc, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(entry.name.length, 26);
    local.writeUInt16LE(0, 28); // extra field length
    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL_FILE_HEADER, 0);
    header.writeUInt16LE(20, 4); // version made by
    header.writeUInt16LE(20, 6);
    local.copy(header, 8, 6, 26); // flags, method, time, date, crc, sizes: as in the local header
    header.writeUInt16LE(entry.name.length, 28);
    header.writeUInt32LE(offset, 42); // extra, comment, disk, attributes: 0
    parts.push(local, entry.name, entry.data);
    central.push(header, entry.name);
    offset += local.length + entry.name.length + entry.data.length;
  }
  const centralSize = central.reduce((size, part) => size + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}

/** The entries of a zip file (no zip64, no encryption: what docx writes), in the order of its central directory. */
function readEntries(zip: Buffer): Entry[] {
  const end = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: Entry[] = [];
  for (let index = 0; index < count; index += 1) {
    if (zip.readUInt32LE(offset) !== CENTRAL_FILE_HEADER)
      throw new Error('Not a zip file: bad central directory');
    const nameLength = zip.readUInt16LE(offset + 28);
    const local = zip.readUInt32LE(offset + 42);
    if (zip.readUInt32LE(local) !== LOCAL_FILE_HEADER) throw new Error('Not a zip file: bad local header');
    const compressedSize = zip.readUInt32LE(offset + 20);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    entries.push({
      name: zip.subarray(offset + 46, offset + 46 + nameLength),
      method: zip.readUInt16LE(offset + 10),
      crc: zip.readUInt32LE(offset + 16),
      size: zip.readUInt32LE(offset + 24),
      data: zip.subarray(dataStart, dataStart + compressedSize),
    });
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return entries;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes, followed by a comment of at most 65,535 bytes.
  for (let offset = zip.length - 22; offset >= Math.max(0, zip.length - 22 - 0xffff); offset -= 1) {
    if (zip.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  throw new Error('Not a zip file: no end of central directory');
}

/**
 * Numbers the bookmarks of a document part 1, 2, 3… in order of appearance. docx takes bookmark ids (and the
 * `_Toc` names of the headings a table of contents links to) from a counter that lives as long as the process, so a
 * second document from the same Lambda would otherwise get other numbers.
 */
export function renumberBookmarks(xml: string): string {
  const ids = new Map<string, number>();
  const number = (id: string) => {
    let renumbered = ids.get(id);
    if (renumbered === undefined) {
      renumbered = ids.size + 1;
      ids.set(id, renumbered);
    }
    return renumbered;
  };
  // Only ids in markup: a text that happens to read "_Toc12" stays as typed.
  const renumber = (_: string, prefix: string, id: string) => `${prefix}${number(id)}`;
  return xml.replace(
    /<w:bookmark(?:Start|End)\b[^>]*>|\bw:anchor="_Toc\d+"|<w:instrText[^>]*>PAGEREF _Toc\d+/g,
    (markup) => markup.replace(/(\bw:id="|\bw:name="_Toc|\bw:anchor="_Toc|PAGEREF _Toc)(\d+)/g, renumber),
  );
}
