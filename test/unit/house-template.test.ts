import { readFile } from 'node:fs/promises';
import { Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readHouseTemplate } from '#documents/house-template.ts';
import { MAX_TEMPLATE_BYTES } from '#documents/limits.ts';
import { renderProposal } from '#documents/render-proposal.ts';
import { buildProposalModel } from '#domain/proposals.ts';
import { rppoSeed } from '#domain/rppos.ts';
import { houseStyleTemplate } from '../../local/make-house-style.ts';
import { paragraphsOf, textOf, wordParts } from '../support/docx.ts';
import { makeActivity, makeCall, makeRevision } from '../support/fixtures.ts';

const DEFAULT_TEMPLATE = new URL('../../templates/proposal/house-style.docx', import.meta.url);

/** The template with the given package entries added or replaced. */
async function withEntries(bytes: Uint8Array, entries: Record<string, string | Uint8Array>): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  for (const [name, data] of Object.entries(entries)) zip.file(name, data);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** What readHouseTemplate throws, as status and the messages of its errors. */
function refusal(bytes: Uint8Array): { status: number; messages: string[]; detail: string } {
  try {
    readHouseTemplate(bytes);
  } catch (error) {
    const failure = error as { status: number; errors: { message: string }[]; message: string };
    return {
      status: failure.status,
      messages: failure.errors.map((e) => e.message),
      detail: failure.message,
    };
  }
  throw new Error('The template was accepted');
}

function sampleModel() {
  const call = makeCall();
  const revisions = [
    makeRevision('EPPO', 'pilot-activities', {
      activities: [
        makeActivity({ title: 'Regional surveillance of fruit flies', estimatedCostUsd: 120_000 }),
      ],
    }),
  ];
  return buildProposalModel({ call, rppos: rppoSeed, revisions });
}

describe('readHouseTemplate', () => {
  it('accepts the repository template and finds every style and placeholder it needs', async () => {
    // act
    const template = readHouseTemplate(await readFile(DEFAULT_TEMPLATE));

    // assess
    expect(template.styleIds).toMatchObject({
      heading1: 'Heading1',
      tableText: 'TableText',
      table: 'ProposalTable',
      listParagraph: 'ListParagraph',
    });
    expect(template.placeholders).toEqual(expect.arrayContaining(['body', 'title', 'amountRequested']));
    expect(template.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('looks for the table style by its name "Proposal Table"', async () => {
    // act
    const { status, messages } = refusal(await houseStyleTemplate({ tableStyleName: 'House Grid' }));

    // assess
    expect(status).toBe(422);
    expect(messages).toEqual(['Missing table style "Proposal Table" (id ProposalTable)']);
  });

  it('names each missing style', async () => {
    // act
    const { status, messages } = refusal(
      await houseStyleTemplate({ omitStyles: ['TableText', 'CodeBlock'] }),
    );

    // assess
    expect(status).toBe(422);
    expect(messages).toEqual([
      'Missing paragraph style "Table Text" (id TableText)',
      'Missing paragraph style "Code Block" (id CodeBlock)',
    ]);
  });

  it('names each missing placeholder and each one it does not know', async () => {
    // prepare: a cover that misspells the title, and no place for the body
    const cover = [new Paragraph({ children: [new TextRun('{{titel}} for {{ amountRequested }}')] })];

    // act
    const { status, messages } = refusal(await houseStyleTemplate({ cover, bodyParagraph: 'The body' }));

    // assess
    expect(status).toBe(422);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^Unknown placeholder \{\{titel\}\}/);
    expect(messages[1]).toBe('Missing placeholder {{body}}');
  });

  it('refuses a {{body}} placeholder in a table cell, where the generated parts cannot go', async () => {
    // prepare: the cover holds {{body}} in a table; the body paragraph says something else
    const cover = [
      new Paragraph({ children: [new TextRun('{{title}}')] }),
      new Table({
        rows: [new TableRow({ children: [new TableCell({ children: [new Paragraph('{{body}}')] })] })],
      }),
    ];

    // act
    const { status, messages } = refusal(await houseStyleTemplate({ cover, bodyParagraph: 'The body' }));

    // assess
    expect(status).toBe(422);
    expect(messages).toEqual([
      'The {{body}} placeholder must be a paragraph of the document body, not in a table, text box, header or footer',
    ]);
  });

  it('refuses a file that is not a zip package, and a zip that is not a Word document', async () => {
    // prepare
    const notZip = new TextEncoder().encode('%PDF-1.7 not a Word document');
    const zip = new JSZip();
    zip.file('hello.txt', 'hi');
    const otherZip = await zip.generateAsync({ type: 'uint8array' });

    // act
    const first = refusal(notZip);
    const second = refusal(otherZip);

    // assess
    expect(first).toMatchObject({ status: 422, messages: ['Not a zip (OOXML) package'] });
    expect(second.status).toBe(422);
    expect(second.messages).toEqual([
      'The package has no [Content_Types].xml',
      'The package has no word/document.xml',
      'The package has no word/styles.xml',
    ]);
  });

  it('refuses with 422 a package whose parts would unzip to more than 64 MB, before inflating them', async () => {
    // prepare: 65 MB of zeros, which deflate to about 64 KB, under the 4 MB limit on the file itself
    const bomb = await withEntries(await readFile(DEFAULT_TEMPLATE), {
      'word/zeros.xml': new Uint8Array(65 * 1024 * 1024),
    });

    // act
    const { status, messages } = refusal(bomb);

    // assess
    expect(bomb.byteLength).toBeLessThan(MAX_TEMPLATE_BYTES);
    expect(status).toBe(422);
    expect(messages).toEqual(['Unzips too large']);
  });

  it('refuses a macro-enabled document with 415, naming the VBA project', async () => {
    // prepare
    const bytes = await withEntries(await readFile(DEFAULT_TEMPLATE), {
      'word/vbaProject.bin': new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]),
    });

    // act
    const { status, messages, detail } = refusal(bytes);

    // assess
    expect(status).toBe(415);
    expect(detail).toMatch(/macro-enabled/);
    expect(messages).toEqual(['Macros (VBA project) are not accepted']);
  });

  it('refuses external references (an attached template) but lets hyperlinks point outside', async () => {
    // prepare
    const bytes = await withEntries(await readFile(DEFAULT_TEMPLATE), {
      'word/_rels/settings.xml.rels': [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">',
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="https://attacker.example/evil.dotm" TargetMode="External"/>',
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://www.ippc.int" TargetMode="External"/>',
        '</Relationships>',
      ].join(''),
    });

    // act
    const { status, messages } = refusal(bytes);

    // assess
    expect(status).toBe(422);
    expect(messages).toEqual([
      'External reference (attachedTemplate) to https://attacker.example/evil.dotm: embed it or remove it',
    ]);
  });

  it('refuses a file over 4 MB with 413', () => {
    // act
    const { status, detail } = refusal(new Uint8Array(MAX_TEMPLATE_BYTES + 1));

    // assess
    expect(status).toBe(413);
    expect(detail).toMatch(/at most 4194304 \(4 MB\)/);
  });
});

describe('renderProposal with a house template', () => {
  it('takes every style of the document from the template: a red heading and a named table style', async () => {
    // prepare: a template with distinctive styles
    const houseTemplate = readHouseTemplate(
      await houseStyleTemplate({
        headingColor: 'FF0000',
        tableStyleName: 'Proposal Table',
        tableHeaderFill: '00FF00',
      }),
    );

    // act
    const parts = await wordParts(await renderProposal(sampleModel(), { houseTemplate }));

    // assess: the style sheet is the template's, and the generated parts use its styles by id
    const styles = parts.styles ?? '';
    expect(styles).toMatch(/w:styleId="Heading1">[\s\S]*?<w:color w:val="FF0000"\/>[\s\S]*?<\/w:style>/);
    expect(styles).toMatch(/w:styleId="ProposalTable">[\s\S]*?<w:shd [^>]*w:fill="00FF00"/);
    const document = parts.document ?? '';
    const tables = document.match(/<w:tbl>[\s\S]*?<\/w:tblPr>/g) ?? [];
    expect(tables.length).toBeGreaterThan(3);
    for (const table of tables) expect(table).toContain('<w:tblStyle w:val="ProposalTable"/>');
    // no table sets its own borders or header shading: the table style governs
    expect(document).not.toContain('<w:tblBorders>');
    expect(document).not.toMatch(/<w:shd [^>]*w:fill="1F4E3D"/);
    expect(paragraphsOf(document).some((p) => p.includes('<w:pStyle w:val="Heading1"/>'))).toBe(true);
  });

  it('fills the cover placeholders and the header from the model', async () => {
    // prepare
    const model = sampleModel();

    // act
    const parts = await wordParts(await renderProposal(model));

    // assess
    const text = textOf(parts.document ?? '');
    expect(text).not.toMatch(/\{\{\w+\}\}/);
    expect(text).toContain('Amount requested');
    expect(text).toContain('USD 120,000');
    const headers = Object.entries(parts).filter(([name]) => name.startsWith('header'));
    expect(headers.map(([, xml]) => textOf(xml))).toContain(model.title);
    expect(headers.some(([, xml]) => xml.includes('<pic:pic'))).toBe(true);
  });
});
