import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readHouseTemplate } from '#documents/house-template.ts';
import { renderProposal } from '#documents/render-proposal.ts';
import { buildProposalModel } from '#domain/proposals.ts';
import { rppoSeed } from '#domain/rppos.ts';
import { attributesOf, paragraphsOf, textOf, wordParts } from '../support/docx.ts';
import { makeActivity, makeCall, makeRevision } from '../support/fixtures.ts';

const DEFAULT_TEMPLATE = new URL('../../templates/proposal/house-style.docx', import.meta.url);

/**
 * The repository's template with some of its parts rewritten, as Word might have saved them, and some removed (an
 * edit that returns `null`).
 */
async function templateWith(edits: Record<string, (xml: string) => string | null>) {
  const zip = await JSZip.loadAsync(await readFile(DEFAULT_TEMPLATE));
  for (const [name, edit] of Object.entries(edits)) {
    const edited = edit((await zip.file(name)?.async('string')) ?? '');
    if (edited === null) zip.remove(name);
    else zip.file(name, edited);
  }
  return readHouseTemplate(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
}

function model() {
  const call = makeCall({
    draftSections: [{ id: 'steps', title: 'Steps', text: '1. First\n2. Second\n\n- a bullet' }],
  });
  const revisions = [
    makeRevision('EPPO', 'pilot-activities', {
      activities: [makeActivity({ title: 'Fruit fly surveillance' })],
    }),
  ];
  return buildProposalModel({ call, rppos: rppoSeed, revisions });
}

describe('a house template saved by Word', () => {
  it('fills a placeholder that Word split over runs, in the first run’s formatting, keeping the text around it', async () => {
    // prepare: "{{title}}" over three runs with a proofing mark between them, and words after it
    const house = await templateWith({
      'word/document.xml': (xml) =>
        xml.replace(
          '<w:r><w:t xml:space="preserve">{{title}}</w:t></w:r>',
          '<w:r><w:rPr><w:b/></w:rPr><w:t>{{ti</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:t>tl</w:t></w:r>' +
            '<w:proofErr w:type="spellEnd"/><w:r><w:t xml:space="preserve">e}}, a draft</w:t></w:r>',
        ),
    });
    const proposal = model();

    // act
    const { document = '' } = await wordParts(await renderProposal(proposal, { houseTemplate: house }));

    // assess
    const title =
      paragraphsOf(document).find((paragraph) => paragraph.includes('<w:pStyle w:val="Title"/>')) ?? '';
    expect(textOf(title)).toBe(`${proposal.title}, a draft`);
    expect(title).toMatch(new RegExp(`<w:r><w:rPr><w:b/></w:rPr><w:t>${proposal.title}</w:t></w:r>`));
    expect(document).not.toContain('{{');
  });

  it('adds its lists after the template’s own, with ids the template does not use', async () => {
    // prepare: the template already defines lists 1 and 2 (abstract 1 and 2, as the repository's does)
    const house = await templateWith({});

    // act: the call's draft section has an ordered and a bullet list
    const parts = await wordParts(await renderProposal(model(), { houseTemplate: house }));

    // assess: every list paragraph points at a list instance numbering.xml defines, past the template's own
    const template = await wordParts(house.bytes);
    const templateNums = attributesOf(template.numbering ?? '', 'w:num').map((num) => num['w:numId']);
    const defined = attributesOf(parts.numbering ?? '', 'w:num').map((num) => num['w:numId']);
    const used = [...new Set(attributesOf(parts.document ?? '', 'w:numId').map((id) => id['w:val']))];
    expect(used.length).toBeGreaterThan(0);
    for (const id of used) {
      expect(defined).toContain(id);
      expect(templateNums).not.toContain(id);
    }
    // abstract definitions all come before the instances, as the schema requires
    const numbering = parts.numbering ?? '';
    expect(numbering.lastIndexOf('<w:abstractNum ')).toBeLessThan(numbering.indexOf('<w:num '));
  });

  it('adds a numbering part, its relationship and its content type when the template has no lists at all', async () => {
    // prepare: a template without word/numbering.xml, as many tools write one
    const house = await templateWith({
      'word/numbering.xml': () => null,
      'word/_rels/document.xml.rels': (xml) =>
        xml.replace(/<Relationship [^>]*Target="numbering.xml"\/>/, ''),
      '[Content_Types].xml': (xml) => xml.replace(/<Override [^>]*PartName="\/word\/numbering.xml"\/>/, ''),
    });

    expect((await wordParts(house.bytes)).numbering).toBeUndefined();

    // act
    const bytes = await renderProposal(model(), { houseTemplate: house });

    // assess
    const zip = await JSZip.loadAsync(bytes);
    const relationships = (await zip.file('word/_rels/document.xml.rels')?.async('string')) ?? '';
    const types = (await zip.file('[Content_Types].xml')?.async('string')) ?? '';
    const { numbering = '', document = '' } = await wordParts(bytes);
    expect(relationships).toMatch(/Type="[^"]*\/numbering" Target="numbering.xml"/);
    expect(types).toContain('PartName="/word/numbering.xml"');
    const defined = attributesOf(numbering, 'w:num').map((num) => num['w:numId']);
    const used = attributesOf(document, 'w:numId').map((id) => id['w:val']);
    expect(used.length).toBeGreaterThan(0);
    for (const id of used) expect(defined).toContain(id);
  });

  it('numbers its bookmarks past the template’s own, so each name stays unique', async () => {
    // prepare: a bookmark of the template's, named as the contents' would be
    const house = await templateWith({
      'word/document.xml': (xml) =>
        xml.replace(
          '<w:r><w:t xml:space="preserve">{{title}}</w:t></w:r>',
          '<w:bookmarkStart w:id="7" w:name="_Toc7"/><w:r><w:t xml:space="preserve">{{title}}</w:t></w:r><w:bookmarkEnd w:id="7"/>',
        ),
    });

    // act
    const { document } = await wordParts(await renderProposal(model(), { houseTemplate: house }));

    // assess
    const names = attributesOf(document ?? '', 'w:bookmarkStart').map((bookmark) => bookmark['w:name']);
    const ids = attributesOf(document ?? '', 'w:bookmarkStart').map((bookmark) => bookmark['w:id']);
    expect(names.length).toBeGreaterThan(1);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(names.filter((name) => name === '_Toc7')).toHaveLength(1);
  });
});
