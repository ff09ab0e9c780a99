/** Reading a .docx back for assertions: its XML parts and the text of its runs. */
import JSZip from 'jszip';

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
