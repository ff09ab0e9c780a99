// The Word template that gives the proposal its look (templates/proposal/house-style.docx, or one the Secretariat
// uploads for a call): checked here before it is stored or used, so that a missing style or placeholder is an
// error naming it at upload time rather than a broken document later. Pure: bytes in, findings out.
import { createHash } from 'node:crypto';
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import {
  type FieldError,
  PayloadTooLargeError,
  UnprocessableError,
  UnsupportedMediaTypeError,
} from '#domain/errors.ts';
import { createRecentMap } from '#domain/recent.ts';
import { MAX_TEMPLATE_BYTES } from './limits.ts';
import { entryBytes, readEntries } from './zip.ts';

/** Largest total size of the parts that are read, once unzipped: a guard against zip bombs. */
const MAX_UNZIPPED_BYTES = 64 * 1024 * 1024;

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const HYPERLINK = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink';

/**
 * The styles the generated parts of the proposal use, by role: the style Word knows by the `name` (what Word shows,
 * in English for its built-in styles), or failing that by the `id`. A template must define each of them.
 */
export const REQUIRED_STYLES = {
  normal: { type: 'paragraph', id: 'Normal', name: 'Normal' },
  title: { type: 'paragraph', id: 'Title', name: 'Title' },
  heading1: { type: 'paragraph', id: 'Heading1', name: 'heading 1' },
  heading2: { type: 'paragraph', id: 'Heading2', name: 'heading 2' },
  heading3: { type: 'paragraph', id: 'Heading3', name: 'heading 3' },
  heading4: { type: 'paragraph', id: 'Heading4', name: 'heading 4' },
  tableText: { type: 'paragraph', id: 'TableText', name: 'Table Text' },
  tableHeader: { type: 'paragraph', id: 'TableHeader', name: 'Table Header' },
  table: { type: 'table', id: 'ProposalTable', name: 'Proposal Table' },
  caption: { type: 'paragraph', id: 'Caption', name: 'caption' },
  note: { type: 'paragraph', id: 'Quote', name: 'Quote' },
  codeBlock: { type: 'paragraph', id: 'CodeBlock', name: 'Code Block' },
  contentsHeading: { type: 'paragraph', id: 'TOCHeading', name: 'TOC Heading' },
  contents1: { type: 'paragraph', id: 'TOC1', name: 'toc 1' },
  contents2: { type: 'paragraph', id: 'TOC2', name: 'toc 2' },
  contents3: { type: 'paragraph', id: 'TOC3', name: 'toc 3' },
  listParagraph: { type: 'paragraph', id: 'ListParagraph', name: 'List Paragraph' },
} as const;

export type StyleRole = keyof typeof REQUIRED_STYLES;

/** The placeholders a template must have: where the generated body goes, and the proposal's title. */
export const REQUIRED_PLACEHOLDERS = ['body', 'title'] as const;

/** Every placeholder a template may use: the required ones and the cover fields (see templates/README.md). */
export const KNOWN_PLACEHOLDERS = [
  ...REQUIRED_PLACEHOLDERS,
  'callTitle',
  'executingPartners',
  'regions',
  'countries',
  'targetPartner',
  'duration',
  'amountRequested',
  'coFinancing',
  'version',
  'asOfText',
  'versionNote',
  'pendingNote',
] as const;

export type Placeholder = (typeof KNOWN_PLACEHOLDERS)[number];

/** A template that passed every check. */
export interface HouseTemplate {
  readonly bytes: Uint8Array;
  /** SHA-256 of the bytes, hex: part of a proposal's inputs, so a new template gives a new proposal. */
  readonly sha256: string;
  /** The id of each style the generated parts use, as the template names it. */
  readonly styleIds: Readonly<Record<StyleRole, string>>;
  /** The placeholders the template holds, each once. */
  readonly placeholders: readonly Placeholder[];
}

// `{{name}}` with optional spaces inside the braces.
const PLACEHOLDER = /\{\{\s*([^{}\s]*)\s*\}\}/g;
const MACRO_PART = /(^|\/)vbaProject\.bin$|(^|\/)vbaData\.xml$/i;
const MACRO_CONTENT_TYPE = /macroEnabled|vbaProject|vbaData/i;
// Parts whose text may hold placeholders: the body, headers and footers.
const TEXT_PART = /^word\/(document|header\d*|footer\d*)\.xml$/;

/**
 * Checks that the bytes are a Word document fit to be the proposal's template: a real OOXML package (a zip with
 * `[Content_Types].xml` and `word/document.xml`), no macros, no external references, the styles of `REQUIRED_STYLES`
 * and the placeholders of `REQUIRED_PLACEHOLDERS`, and no placeholder it does not know.
 *
 * @throws PayloadTooLargeError (413) over `MAX_TEMPLATE_BYTES`; UnsupportedMediaTypeError (415) for a
 *   macro-enabled document; UnprocessableError (422) naming each other problem
 */
export function readHouseTemplate(bytes: Uint8Array): HouseTemplate {
  if (bytes.byteLength > MAX_TEMPLATE_BYTES) {
    throw new PayloadTooLargeError(
      `The template has ${bytes.byteLength} bytes; at most ${MAX_TEMPLATE_BYTES} (4 MB) are accepted`,
    );
  }
  // A call's template is checked when it is uploaded and read again at every assembly: the same bytes are checked once.
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let template = readTemplates.get(sha256);
  if (!template) {
    template = checkedTemplate(bytes, sha256);
    readTemplates.set(sha256, template);
  }
  return template;
}

// The few templates a warm instance has read, by hash (what the same bytes always give).
const readTemplates = createRecentMap<HouseTemplate>({
  maxEntries: 8,
  maxAgeMilliseconds: Number.POSITIVE_INFINITY,
});

function checkedTemplate(bytes: Uint8Array, sha256: string): HouseTemplate {
  const files = unzip(bytes);
  const names = Object.keys(files);
  const macros = names.filter((name) => MACRO_PART.test(name));
  const contentTypes = files['[Content_Types].xml'];
  const missing = ['[Content_Types].xml', 'word/document.xml', 'word/styles.xml'].filter(
    (name) => !files[name],
  );
  if (missing.length > 0) {
    throw new UnprocessableError(
      'The file is not a Word document (.docx): its package lacks parts every Word document has',
      missing.map((name) => ({ path: name, message: `The package has no ${name}` })),
    );
  }
  const types = contentTypes ? parse(contentTypes, '[Content_Types].xml').documentElement : null;
  const macroTypes = types
    ? elements(types, '*', 'Override')
        .concat(elements(types, '*', 'Default'))
        .map((element) => element.getAttribute('ContentType') ?? '')
        .filter((type) => MACRO_CONTENT_TYPE.test(type))
    : [];
  if (macros.length > 0 || macroTypes.length > 0) {
    throw new UnsupportedMediaTypeError(
      'The file is a macro-enabled document (.docm): save it as a Word Document (.docx) without macros',
      [
        ...macros.map((name) => ({ path: name, message: 'Macros (VBA project) are not accepted' })),
        ...macroTypes.map((type) => ({ path: '[Content_Types].xml', message: `Macro content type ${type}` })),
      ],
    );
  }

  const problems: FieldError[] = [...externalReferences(files)];
  const styleIds = resolveStyles(parse(files['word/styles.xml'] as Uint8Array, 'word/styles.xml'), problems);
  const found = new Set<string>();
  const textParts = new Map(
    names
      .filter((entry) => TEXT_PART.test(entry))
      .sort()
      .map((name) => [name, parse(files[name] as Uint8Array, name)] as const),
  );
  for (const [name, part] of textParts) {
    for (const placeholder of placeholdersIn(part)) {
      if ((KNOWN_PLACEHOLDERS as readonly string[]).includes(placeholder)) found.add(placeholder);
      else
        problems.push({
          path: name,
          message: `Unknown placeholder {{${placeholder}}}; known: ${KNOWN_PLACEHOLDERS.join(', ')}`,
        });
    }
  }
  if (
    found.has('body') &&
    !bodyIsOwnParagraph(textParts.get('word/document.xml') as ReturnType<typeof parse>)
  ) {
    problems.push({
      path: 'word/document.xml',
      message:
        'The {{body}} placeholder must be a paragraph of the document body, not in a table, text box, header or footer',
    });
  }
  for (const placeholder of REQUIRED_PLACEHOLDERS) {
    if (!found.has(placeholder)) {
      problems.push({ path: 'word/document.xml', message: `Missing placeholder {{${placeholder}}}` });
    }
  }
  if (problems.length > 0) {
    throw new UnprocessableError(
      `The template cannot be used: ${problems.map((problem) => problem.message).join('; ')}`,
      problems,
    );
  }
  return {
    bytes,
    sha256,
    styleIds: styleIds as Record<StyleRole, string>,
    placeholders: KNOWN_PLACEHOLDERS.filter((placeholder) => found.has(placeholder)),
  };
}

/** The parts of a package, unzipped, by name. */
type Unzipped = Record<string, Uint8Array>;

/**
 * The XML parts of the package (and any macro part); fails with 422 when the bytes are not a zip file or the parts
 * unzip too large. Each part's declared size counts against the budget before anything is inflated.
 */
function unzip(bytes: Uint8Array): Unzipped {
  const notZip = () =>
    new UnprocessableError('The file is not a Word document (.docx): it is not a zip package', [
      { path: 'body', message: 'Not a zip (OOXML) package' },
    ]);
  let entries: ReturnType<typeof readEntries>;
  try {
    entries = readEntries(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch {
    throw notZip();
  }
  const total = entries.reduce((sum, entry) => sum + entry.size, 0);
  if (total > MAX_UNZIPPED_BYTES) {
    throw new UnprocessableError(`The document unzips to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB`, [
      { path: 'body', message: 'Unzips too large' },
    ]);
  }
  const files: Unzipped = {};
  for (const entry of entries) {
    if (!/\.(xml|rels)$/i.test(entry.name) && !MACRO_PART.test(entry.name)) continue;
    try {
      files[entry.name] = entryBytes(entry);
    } catch {
      throw notZip();
    }
  }
  return files;
}

function parse(bytes: Uint8Array, name: string) {
  const problems: string[] = [];
  const document = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') problems.push(message);
    },
  }).parseFromString(new TextDecoder().decode(bytes), 'application/xml');
  if (problems.length > 0 || !document.documentElement) {
    throw new UnprocessableError(`The part ${name} of the document is not well-formed XML`, [
      { path: name, message: `Not well-formed XML: ${problems[0] ?? 'no root element'}` },
    ]);
  }
  return document;
}

function elements(root: XmlElement, namespace: string, localName: string): XmlElement[] {
  return Array.from(root.getElementsByTagNameNS(namespace, localName));
}

/**
 * Relationships that make Word fetch something from elsewhere when it opens the file: an attached template, a
 * linked picture or OLE object. Hyperlinks are only followed when clicked, so they may point outside.
 */
function externalReferences(files: Unzipped): FieldError[] {
  return Object.keys(files)
    .filter((name) => name.endsWith('.rels'))
    .sort()
    .flatMap((name) =>
      elements(
        parse(files[name] as Uint8Array, name).documentElement as XmlElement,
        RELATIONSHIPS,
        'Relationship',
      )
        .filter((relationship) => relationship.getAttribute('TargetMode') === 'External')
        .filter((relationship) => relationship.getAttribute('Type') !== HYPERLINK)
        .map((relationship) => ({
          path: name,
          message: `External reference (${relationship.getAttribute('Type')?.split('/').at(-1)}) to ${relationship.getAttribute('Target')}: embed it or remove it`,
        })),
    );
}

/** The id of each required style, found by name, else by id; a style found neither way is a problem. */
function resolveStyles(
  styles: ReturnType<typeof parse>,
  problems: FieldError[],
): Partial<Record<StyleRole, string>> {
  const defined = elements(styles.documentElement as XmlElement, W, 'style').map((style) => ({
    type: style.getAttributeNS(W, 'type') ?? 'paragraph',
    id: style.getAttributeNS(W, 'styleId') ?? '',
    name: elements(style, W, 'name')[0]?.getAttributeNS(W, 'val') ?? '',
  }));
  const ids: Partial<Record<StyleRole, string>> = {};
  for (const [role, wanted] of Object.entries(REQUIRED_STYLES) as [
    StyleRole,
    (typeof REQUIRED_STYLES)[StyleRole],
  ][]) {
    const ofType = defined.filter((style) => style.type === wanted.type);
    const match =
      ofType.find((style) => style.name.toLowerCase() === wanted.name.toLowerCase()) ??
      ofType.find((style) => style.id === wanted.id);
    if (match) ids[role] = match.id;
    else
      problems.push({
        path: 'word/styles.xml',
        message: `Missing ${wanted.type} style "${wanted.name}" (id ${wanted.id})`,
      });
  }
  return ids;
}

/** The placeholders of a part: the text of each paragraph, whatever runs Word split it into, read for `{{…}}`. */
function placeholdersIn(part: ReturnType<typeof parse>): string[] {
  return elements(part.documentElement as XmlElement, W, 'p').flatMap((paragraph) => {
    const text = elements(paragraph, W, 't')
      .map((node) => node.textContent ?? '')
      .join('');
    return [...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
  });
}

/** Whether the paragraph holding `{{body}}` is a paragraph of the document's body itself, where blocks can go. */
function bodyIsOwnParagraph(document: ReturnType<typeof parse>): boolean {
  return elements(document.documentElement as XmlElement, W, 'p').some((paragraph) => {
    const text = elements(paragraph, W, 't')
      .map((node) => node.textContent ?? '')
      .join('');
    const holdsBody = [...text.matchAll(PLACEHOLDER)].some((match) => match[1] === 'body');
    return holdsBody && (paragraph.parentNode as XmlElement | null)?.localName === 'body';
  });
}
