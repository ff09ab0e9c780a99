// The zip files that .docx packages are: read (what docx and Word write: no zip64, no encryption) and written with
// every entry dated by the document's own date, so equal documents give equal bytes. A large part is compressed as
// it is written, from chunks of text, so its XML is never held as one string.
import { constants, crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

/** An entry ready to be written: its name and its data as stored (deflated, or as is). */
export type ZipEntry = {
  readonly name: string;
  readonly method: typeof STORED | typeof DEFLATE;
  readonly crc: number;
  /** Size of the uncompressed data. */
  readonly size: number;
  readonly data: Buffer;
};

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATE = 8;
// Text is compressed in pieces of about this many characters.
const CHUNK_CHARS = 1 << 20;
// A final, empty deflate block (fixed Huffman codes, end of block): what ends a stream written in flushed pieces.
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

/** An entry of the given bytes, deflated. */
export function deflatedEntry(name: string, bytes: Uint8Array): ZipEntry {
  return { name, method: DEFLATE, crc: crc32(bytes), size: bytes.length, data: deflateRawSync(bytes) };
}

/** An entry of the given text (UTF-8), deflated. */
export function textEntry(name: string, text: string): ZipEntry {
  return deflatedEntry(name, Buffer.from(text, 'utf8'));
}

/**
 * An entry of the text given in pieces, deflated a megabyte at a time: each piece is compressed on its own and
 * flushed to a byte boundary, so the pieces' deflate streams follow each other as one, ended by a final empty block.
 * Only the compressed bytes and one piece of text are held at a time.
 */
export function streamedTextEntry(name: string, pieces: Iterable<string>): ZipEntry {
  const compressed: Buffer[] = [];
  let crc = 0;
  let size = 0;
  let pending: string[] = [];
  let pendingChars = 0;
  const flush = () => {
    if (pendingChars === 0) return;
    const bytes = Buffer.from(pending.join(''), 'utf8');
    pending = [];
    pendingChars = 0;
    crc = crc32(bytes, crc);
    size += bytes.length;
    compressed.push(deflateRawSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }));
  };
  for (const piece of pieces) {
    pending.push(piece);
    pendingChars += piece.length;
    if (pendingChars >= CHUNK_CHARS) flush();
  }
  flush();
  compressed.push(FINAL_BLOCK);
  return { name, method: DEFLATE, crc: crc >>> 0, size, data: Buffer.concat(compressed) };
}

/** The entries of a zip file, in the order of its central directory, as stored. */
export function readEntries(zip: Buffer): ZipEntry[] {
  const end = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    if (zip.readUInt32LE(offset) !== CENTRAL_FILE_HEADER)
      throw new Error('Not a zip file: bad central directory');
    const nameLength = zip.readUInt16LE(offset + 28);
    const local = zip.readUInt32LE(offset + 42);
    if (zip.readUInt32LE(local) !== LOCAL_FILE_HEADER) throw new Error('Not a zip file: bad local header');
    const method = zip.readUInt16LE(offset + 10);
    if (method !== STORED && method !== DEFLATE)
      throw new Error(`Not a zip file this reads: method ${method}`);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    entries.push({
      name: zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'),
      method,
      crc: zip.readUInt32LE(offset + 16),
      size: zip.readUInt32LE(offset + 24),
      data: zip.subarray(dataStart, dataStart + compressedSize),
    });
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return entries;
}

/** The uncompressed bytes of an entry. */
export function entryBytes(entry: ZipEntry): Buffer {
  return entry.method === DEFLATE ? inflateRawSync(entry.data) : entry.data;
}

/**
 * Writes the entries as a zip file, each dated `date` (MS-DOS dates, in two-second steps, in UTC so that the bytes
 * don't depend on the machine's time zone).
 */
export function writeZip(entries: readonly ZipEntry[], date: Date): Buffer {
  const year = Math.min(2107, Math.max(1980, date.getUTCFullYear()));
  const dosDate = ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  const dosTime = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1);
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
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
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra field length
    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL_FILE_HEADER, 0);
    header.writeUInt16LE(20, 4); // version made by
    header.writeUInt16LE(20, 6);
    local.copy(header, 8, 6, 26); // flags, method, time, date, crc, sizes: as in the local header
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42); // extra, comment, disk, attributes: 0
    parts.push(local, name, entry.data);
    central.push(header, name);
    offset += local.length + name.length + entry.data.length;
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

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes, followed by a comment of at most 65,535 bytes.
  for (let offset = zip.length - 22; offset >= Math.max(0, zip.length - 22 - 0xffff); offset -= 1) {
    if (zip.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  throw new Error('Not a zip file: no end of central directory');
}
