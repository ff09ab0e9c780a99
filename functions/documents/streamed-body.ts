// A long document's body, written one block at a time. docx writes a document by first turning its whole tree of
// objects into a second tree of plain objects, then that into a string: for a proposal of 185 contributors with 20
// activities each, the two trees need more than 1 GB. `StreamedBlocks` takes the blocks from a generator as docx
// writes the body, turns each into XML text at once and lets it go, so only the text of the body is ever held.
//
// It writes each block with the same context as docx would, so lists, images and numbering are registered with the
// document as usual, and the XML is written as docx writes it (`xmlText` follows docx's own serializer); the
// unit tests compare the two. Its limit: what docx fills in once the body is written (a table of contents made
// from the headings, page numbers worked out by `pageNumbers`) can't see inside it, so a table of contents in it
// must be given its entries.
import { FileChild, type IContext, type IXmlableObject } from 'docx';
import type { DocxBlock } from './markdown-to-docx.ts';

/** Blocks that are written into the body one by one, as the document is packed. */
export class StreamedBlocks extends FileChild {
  constructor(private readonly blocks: Iterable<DocxBlock>) {
    super('w:streamedBlocks');
  }

  override prepForXml(context: IContext): IXmlableObject {
    const parts: string[] = [];
    for (const block of this.blocks) {
      const xml = block.prepForXml(context);
      if (xml) parts.push(xmlText(xml));
    }
    return verbatim(parts.join(''));
  }
}

/**
 * An object that docx's serializer writes as the given text, unescaped. It writes an element named by the object's
 * key, `''` writes no tags, and content that is neither a string nor an object is written with `String()`.
 */
function verbatim(xml: string): IXmlableObject {
  const content = Object.assign(() => xml, { toString: () => xml });
  return { '': content };
}

// What follows writes an object from `prepForXml` as docx 9's serializer (src/util/xml/stringify.ts) does without
// indentation, quirks included, so the streamed body is the same text as a body docx writes itself.

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '"': '&quot;',
  "'": '&apos;',
  '<': '&lt;',
  '>': '&gt;',
};
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are invalid in XML and are dropped
const SPECIAL = /[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/g;

// Text content: strings escaped, `undefined` written as nothing, other values (numbers) as they print.
function contentText(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value.replace(SPECIAL, (char) => ESCAPES[char] ?? '') : String(value);
}

/** The XML text of an object from `prepForXml`. */
export function xmlText(data: IXmlableObject): string {
  const name = Object.keys(data)[0];
  const values: unknown = name === undefined ? undefined : data[name];
  const attributes: string[] = [];
  const content: string[] = [];
  const addAttributes = (attr: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(attr))
      attributes.push(`${key}="${typeof value === 'string' ? contentText(value) : String(value)}"`);
  };
  if (typeof values === 'object') {
    if (values !== null) {
      const { _attr: attr, _cdata: cdata } = values as { _attr?: Record<string, unknown>; _cdata?: string };
      if (attr) addAttributes(attr);
      if (cdata) content.push(`<![CDATA[${cdata.replace(/\]\]>/g, ']]]]><![CDATA[>')}]]>`);
      if (Array.isArray(values)) {
        let isStringContent = false;
        content.push('');
        for (const value of values as unknown[]) {
          if (typeof value === 'object' && value !== null) {
            const first = Object.keys(value)[0];
            if (first === '_attr') addAttributes((value as { _attr: Record<string, unknown> })._attr);
            else content.push(xmlText(value as IXmlableObject));
          } else {
            content.pop();
            isStringContent = true;
            content.push(contentText(value));
          }
        }
        if (!isStringContent) content.push('');
      }
    }
  } else {
    content.push(contentText(values));
  }
  const open = `${name ? `<${name}` : ''}${attributes.length > 0 ? ` ${attributes.join(' ')}` : ''}`;
  if (content.length === 0) return `${open}/>`;
  return `${open}${name ? '>' : ''}${content.join('')}${name ? `</${name}>` : ''}`;
}
