/** Reading a .docx back for assertions: its XML parts and the text of its runs. */
import JSZip from 'jszip';
import type { Block } from '#documents/blocks.ts';
import { WordmlWriter, type WriterNumbers, type WriterStyles } from '#documents/wordml.ts';

/** Every XML part of the package under `word/`, by name (`document`, `styles`, `header1`...). */
export async function wordParts(bytes: Uint8Array | ArrayBuffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files).filter((name) => /^word\/[^/]+\.xml$/.test(name));
  const entries = await Promise.all(
    names.map(async (name) => [
      name.slice('word/'.length, -'.xml'.length),
      await zip.file(name)?.async('string'),
    ]),
  );
  return Object.fromEntries(entries);
}

export function decodeXml(text: string): string {
  const chars: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => chars[name] ?? '');
}

/** The plain text of every `<w:t>` element, in document order, joined. */
export function textOf(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)]
    .map((match) => decodeXml(match[1] ?? ''))
    .join('');
}

/** Each `<w:p>` element, as XML. */
export function paragraphsOf(xml: string): string[] {
  return xml.match(/<w:p(?:\s[^>]*)?>[\s\S]*?<\/w:p>/g) ?? [];
}

/** The style ids of the repository's house template, as the body writer refers to them. */
export const WRITER_STYLES: WriterStyles = {
  headings: ['Heading1', 'Heading2', 'Heading3', 'Heading4'],
  contents1: 'TOC1',
  contents2: 'TOC2',
};

/** Numbers for a writer in a template that has no lists, pictures or bookmarks of its own. */
export const WRITER_NUMBERS: WriterNumbers = {
  firstNumId: 1,
  firstDrawingId: 1,
  bookmarkOffset: 0,
  relationshipPrefix: 'rIdProposal',
};

/**
 * Writes blocks as the body's XML with a fresh writer, as renderProposal does, and the list definitions and
 * instances the body uses, as they go into numbering.xml.
 */
export function writeBlocks(
  blocks: readonly Block[],
  pageOf: (bookmark: number) => number | undefined = () => undefined,
): { document: string; numbering: string } {
  const writer = new WordmlWriter(WRITER_STYLES, WRITER_NUMBERS);
  const document = blocks
    .map((block) => (block.kind === 'contents' ? writer.contents(block, pageOf) : writer.block(block)))
    .join('');
  const { abstracts, instances } = writer.numbering(1);
  return { document, numbering: abstracts + instances };
}

/** The attributes of each `<name …>` element, in document order, whatever order the attributes are in. */
export function attributesOf(xml: string, name: string): Record<string, string>[] {
  const element = new RegExp(`<${name}((?:\\s+[\\w:]+="[^"]*")*)\\s*/?>`, 'g');
  return [...xml.matchAll(element)].map((match) =>
    Object.fromEntries(
      [...(match[1] ?? '').matchAll(/([\w:]+)="([^"]*)"/g)].map(([, key, value]) => [
        key,
        decodeXml(value ?? ''),
      ]),
    ),
  );
}
