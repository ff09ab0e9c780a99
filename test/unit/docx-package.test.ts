import { Document, Paragraph } from 'docx';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { rewriteZip } from '#documents/docx-package.ts';
import { readEntries, streamedTextEntry, textEntry, writeZip } from '#documents/zip.ts';
import { packDocument } from '../../local/make-house-style.ts';

const document = () => new Document({ sections: [{ children: [new Paragraph('Hello')] }] });
const properties = {
  title: 'A & B <proposal>',
  creator: 'IPPC Secretariat',
  description: 'Assembled',
  date: '2027-02-01T12:34:56.000Z',
};

describe('packDocument', () => {
  it('gives the same bytes for the same document, whenever it is packed', async () => {
    // act
    const first = await packDocument(document(), properties);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const second = await packDocument(document(), properties);

    // assess
    expect(second.equals(first)).toBe(true);
  });

  it('dates the core properties and every zip entry by the date given', async () => {
    // act
    const zip = await JSZip.loadAsync(await packDocument(document(), properties));

    // assess
    const core = (await zip.file('docProps/core.xml')?.async('string')) ?? '';
    expect(core).toContain('<dc:title>A &amp; B &lt;proposal&gt;</dc:title>');
    expect(core).toContain('<cp:lastModifiedBy>IPPC Secretariat</cp:lastModifiedBy>');
    expect(core).toContain(
      '<dcterms:created xsi:type="dcterms:W3CDTF">2027-02-01T12:34:56.000Z</dcterms:created>',
    );
    expect(core).toContain(
      '<dcterms:modified xsi:type="dcterms:W3CDTF">2027-02-01T12:34:56.000Z</dcterms:modified>',
    );
    // MS-DOS dates count seconds in twos; JSZip reads them as local time.
    const dates = new Set(Object.values(zip.files).map((file) => file.date.getTime()));
    expect([...dates]).toEqual([new Date(2027, 1, 1, 12, 34, 56).getTime()]);
  });

  it('refuses a date that is not one', async () => {
    await expect(packDocument(document(), { ...properties, date: 'soon' })).rejects.toThrow(
      'Not a date: soon',
    );
  });
});

describe('rewriteZip', () => {
  it('rewrites the entries it is given and keeps the others as they were', async () => {
    // prepare
    const source = new JSZip();
    source.file('a.txt', 'first');
    source.file('b.xml', '<x>42</x>');
    const zip = await source.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });

    // act
    const rewritten = rewriteZip(zip, new Date('2030-06-15T10:20:30Z'), {
      'b.xml': (xml) => xml.replace('42', '43'),
    });

    // assess: JSZip checks each entry's CRC as it reads it
    const read = await JSZip.loadAsync(rewritten, { checkCRC32: true });
    expect(await read.file('a.txt')?.async('string')).toBe('first');
    expect(await read.file('b.xml')?.async('string')).toBe('<x>43</x>');
    expect(Object.keys(read.files)).toEqual(['a.txt', 'b.xml']);
  });

  it('refuses bytes that are not a zip file', () => {
    expect(() => rewriteZip(Buffer.alloc(40), new Date())).toThrow('Not a zip file');
  });
});

describe('streamedTextEntry', () => {
  it('compresses text given in pieces into one entry that unzips to the whole text, CRC and all', async () => {
    // prepare: more than three megabytes in pieces of every size, with text outside ASCII
    const pieces = Array.from(
      { length: 40_000 },
      (_, index) => `<w:t>${index} é 中文 ${'x'.repeat(index % 97)}</w:t>`,
    );

    // act
    const zip = writeZip(
      [textEntry('a.xml', '<a/>'), streamedTextEntry('big.xml', pieces)],
      new Date('2030-01-01T00:00:00Z'),
    );

    // assess
    const read = await JSZip.loadAsync(zip, { checkCRC32: true });
    expect(await read.file('big.xml')?.async('string')).toBe(pieces.join(''));
    expect(await read.file('a.xml')?.async('string')).toBe('<a/>');
    expect(readEntries(zip).map((entry) => entry.name)).toEqual(['a.xml', 'big.xml']);
  });

  it('writes an empty entry that unzips to nothing', async () => {
    const zip = writeZip([streamedTextEntry('empty.xml', [])], new Date('2030-01-01T00:00:00Z'));

    const read = await JSZip.loadAsync(zip, { checkCRC32: true });
    expect(await read.file('empty.xml')?.async('string')).toBe('');
  });
});
