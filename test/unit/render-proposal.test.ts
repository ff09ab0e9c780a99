import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { markdownToDocx } from '#documents/markdown-to-docx.ts';
import { escapeModel, markdownEscape, renderProposal } from '#documents/render-proposal.ts';
import type { PilotActivity } from '#domain/forms.ts';
import { buildProposalModel, Markdown } from '#domain/proposals.ts';
import { rppoSeed } from '#domain/rppos.ts';
import type { Revision } from '#domain/submissions.ts';
import { decodeXml, paragraphsOf, textOf, wordParts, writeBlocks } from '../support/docx.ts';
import {
  makeActivity,
  makeCall,
  makeComment,
  makeCommitment,
  makeContributor,
  makeEvent,
  makeIndicator,
  makeRevision,
} from '../support/fixtures.ts';
import { seeded } from '../support/seeded.ts';

const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/proposal/', import.meta.url));

type Parts = { document: string; headers: string[]; footers: string[]; core: string; names: string[] };

async function partsOf(bytes: Uint8Array): Promise<Parts> {
  const parts = await wordParts(bytes);
  const zip = await JSZip.loadAsync(bytes);
  const matching = (pattern: RegExp) =>
    Object.keys(parts)
      .filter((name) => pattern.test(name))
      .sort()
      .map((name) => parts[name] ?? '');
  return {
    document: parts.document ?? '',
    headers: matching(/^header\d+$/),
    footers: matching(/^footer\d+$/),
    core: (await zip.file('docProps/core.xml')?.async('string')) ?? '',
    names: Object.keys(zip.files),
  };
}

function paragraphsWithText(xml: string, text: string): string[] {
  return paragraphsOf(xml).filter((paragraph) => textOf(paragraph) === text);
}

/**
 * The text of each paragraph of the body but the table of contents, in order (table cells are paragraphs too); a
 * heading starts with as many `#` as its level, as in the Markdown.
 */
function linesOf(xml: string): string[] {
  return paragraphsOf(xml.replace(/<w:sdt>[\s\S]*?<\/w:sdt>/, '')).map((paragraph) => {
    const level = /<w:pStyle w:val="Heading(\d)"\/>/.exec(paragraph)?.[1];
    return level ? `${'#'.repeat(Number(level))} ${textOf(paragraph)}` : textOf(paragraph);
  });
}

/**
 * The index of the first line at or after `from` that contains `text` (or is `text`, when `exact`); fails the test
 * when there is none.
 */
function lineIndex(lines: readonly string[], text: string, from = 0, exact = false): number {
  const index = lines.findIndex((line, at) => at >= from && (exact ? line === text : line.includes(text)));
  expect(index, `"${text}" after line ${from}`).toBeGreaterThanOrEqual(0);
  return index;
}

/** Each table of the body as rows of cell texts. */
function tablesOf(xml: string): string[][][] {
  return (xml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? []).map((table) =>
    (table.match(/<w:tr>[\s\S]*?<\/w:tr>/g) ?? []).map((row) =>
      (row.match(/<w:tc>[\s\S]*?<\/w:tc>/g) ?? []).map(textOf),
    ),
  );
}

/** The one table whose header row starts with these cells. */
function tableWithHeader(xml: string, ...cells: string[]): string[][] {
  const found = tablesOf(xml).filter(([header]) => cells.every((cell, index) => header?.[index] === cell));
  expect(found, `a table headed "${cells.join(' | ')}"`).toHaveLength(1);
  return found[0] ?? [];
}

/** A call answered by CAN (all four forms) and EPPO (activities only); the eight other RPPOs are pending. */
function sampleRevisions(activity: Partial<PilotActivity> = {}): Revision[] {
  return [
    makeRevision('CAN', 'pilot-activities', {
      activities: [
        makeActivity(),
        makeActivity({ title: 'Pest risk analysis training', estimatedCostUsd: 85_000.4 }),
      ],
    }),
    makeRevision('CAN', 'implementation-support', { commitments: [makeCommitment()] }),
    makeRevision('CAN', 'guide-promotion', { events: [makeEvent()] }),
    makeRevision('CAN', 'draft-input', { comments: [makeComment()] }),
    makeRevision('EPPO', 'pilot-activities', {
      activities: [
        makeActivity({ title: 'Early warning network', estimatedCostUsd: 1_029_567.25, ...activity }),
      ],
    }),
  ];
}

function sampleModel(activity: Partial<PilotActivity> = {}) {
  return buildProposalModel({ call: makeCall(), rppos: rppoSeed, revisions: sampleRevisions(activity) });
}

/**
 * Three RPPOs with every form: CAN, EPPO (two activities of different types, confirmed and indicative support,
 * events in two regions' countries) and OIRSA; the seven others pending. Its texts hold the characters most likely
 * to be mangled on the way.
 */
function richRevisions(): Revision[] {
  return [
    makeRevision('CAN', 'pilot-activities', {
      activities: [
        makeActivity({
          title: 'Vigilancia de la mosca de la fruta en Perú y Colombia',
          description: 'Red regional de trampeo; análisis «en línea» y capacitación técnica.',
          countries: ['PE', 'CO'],
          estimatedCostUsd: 120_000,
          inKindOfferUsd: 15_000,
          developmentAgendaItems: ['DAI-5'],
        }),
      ],
    }),
    makeRevision('CAN', 'implementation-support', {
      commitments: [
        makeCommitment({ supportType: 'technical-experts', status: 'indicative', valueUsd: 12_000 }),
      ],
    }),
    makeRevision('CAN', 'guide-promotion', {
      events: [makeEvent({ status: 'done', countriesReached: ['CO', 'PE', 'EC'], participants: 35 })],
    }),
    makeRevision('CAN', 'draft-input', {
      comments: [makeComment({ sectionId: 'rationale', comment: 'Añadir el costo de la inacción.' })],
    }),
    makeRevision('EPPO', 'pilot-activities', {
      activities: [
        makeActivity({
          title: 'Xylella <olive> & "almond" surveillance {{title}}',
          activityType: 'surveillance',
          countries: ['IT', 'ES', 'FR'],
          estimatedCostUsd: 250_000,
          inKindOfferUsd: 40_000,
          indicators: [makeIndicator({ description: 'Surveys completed', target: '120' })],
        }),
        makeActivity({
          title: 'مراقبة الآفات 害虫监测',
          activityType: 'diagnostics',
          countries: ['MA'],
          estimatedCostUsd: 90_000,
          inKindOfferUsd: 0,
          gbfTargets: ['T6', 'T10'],
        }),
      ],
    }),
    makeRevision('EPPO', 'implementation-support', {
      commitments: [
        makeCommitment({ supportType: 'hosting-meetings', status: 'confirmed', valueUsd: 30_000 }),
        makeCommitment({ supportType: 'technical-experts', status: 'confirmed', valueUsd: 50_000 }),
      ],
    }),
    makeRevision('EPPO', 'guide-promotion', {
      events: [
        makeEvent({ status: 'done', countriesReached: ['FR', 'IT', 'CO'], participants: 110 }),
        makeEvent({ title: 'Webinar', status: 'planned', countriesReached: ['ES'], participants: 0 }),
      ],
    }),
    makeRevision('EPPO', 'draft-input', {
      comments: [
        makeComment({ sectionId: 'rationale', comment: 'Mention <Xylella> & the EU\'s "Green Deal".' }),
        makeComment({ sectionId: 'executive-summary', type: 'editorial', comment: 'Shorten it.' }),
      ],
    }),
    makeRevision('OIRSA', 'pilot-activities', {
      activities: [makeActivity({ title: 'Huanglongbing containment', estimatedCostUsd: 180_000.5 })],
    }),
  ];
}

function richModel() {
  return buildProposalModel({ call: makeCall(), rppos: rppoSeed, revisions: richRevisions() });
}

describe('renderProposal', () => {
  it('names every region, shows each activity and the grand total in whole US dollars', async () => {
    // prepare
    const model = sampleModel();

    // act
    const { document } = await partsOf(await renderProposal(model));

    // assess
    const text = textOf(document);
    for (const rppo of rppoSeed) expect(text).toContain(rppo.region);
    for (const title of [
      'Regional surveillance of fruit flies',
      'Pest risk analysis training',
      'Early warning network',
    ]) {
      expect(text).toContain(title);
    }
    expect(model.totals.budgetUsd).toBe(1_234_567.65);
    expect(text).toContain('USD 1,234,568');
  });

  it('marks each RPPO without any revision as pending, in a set-off note', async () => {
    // prepare
    const model = sampleModel();

    // act
    const { document } = await partsOf(await renderProposal(model));

    // assess
    const notes = paragraphsOf(document).filter((paragraph) =>
      textOf(paragraph).startsWith('Pending: no input received.'),
    );
    expect(notes).toHaveLength(rppoSeed.length - 2);
    for (const note of notes) expect(note).toContain('<w:pStyle w:val="Quote"/>');
    expect(textOf(document)).toContain('Pending: no input received. PPPO has not submitted input');
  });

  it('repeats the title in the page header and numbers the pages "Page X of Y", except on the cover', async () => {
    // prepare
    const model = sampleModel();

    // act
    const { document, headers, footers } = await partsOf(await renderProposal(model));

    // assess: a title page of its own, whose header and footer are empty
    expect(document).toContain('<w:titlePg/>');
    expect(headers.map(textOf).sort()).toEqual(['', model.title]);
    const footer = footers.find((xml) => xml.includes('NUMPAGES')) ?? '';
    expect(footers.map(textOf)).toContain('');
    const fields = [...footer.matchAll(/<w:instrText[^>]*>\s*(\w+)\s*<\/w:instrText>/g)].map(
      (match) => match[1],
    );
    expect(fields).toEqual(['PAGE', 'NUMPAGES']);
    // Readers work both numbers out as they lay the pages out (the documents suite checks LibreOffice's).
    expect(textOf(footer)).toMatch(/^Page \d* of \d*$/);
  });

  it('shows the key facts on the cover page', async () => {
    // prepare
    const model = richModel();

    // act
    const { document } = await partsOf(await renderProposal(model));

    // assess
    const cover = tableWithHeader(document, 'Project information');
    const facts = Object.fromEntries(cover.slice(1).map(([name, value]) => [name, value]));
    expect(facts).toEqual({
      Proponent: 'Secretariat of the International Plant Protection Convention (IPPC)',
      'Executing partners': '3 of the 10 RPPOs: CAN, EPPO, OIRSA',
      Regions: 'Andean region; Europe and the Mediterranean; Central America',
      Countries: '6 countries in the suggested activities',
      'Target resource partner': 'Global Environment Facility (GEF)',
      Duration: '48 months',
      'Amount requested': 'USD 640,001 (Components 1 and 3 to be costed)',
      'Co-financing': 'USD 162,000: USD 70,000 in kind and USD 92,000 in committed support',
      Version: 'Draft of 1 February 2027, from 9 submitted forms of 3 of 10 RPPOs',
      // set by the assembly (proposal-changes.ts); a model built directly has none
      Changes: '',
    });
    const title = paragraphsWithText(document, model.title);
    expect(title[0]).toContain('<w:pStyle w:val="Title"/>');
  });

  it('lists every part and sub-part in a table of contents that has its entries and pages when opened', async () => {
    // prepare
    const model = richModel();

    // act
    const { document } = await partsOf(await renderProposal(model));

    // assess: a TOC field Word can update, holding one entry per heading of levels 1 and 2, in order
    const toc = /<w:sdt>[\s\S]*?<\/w:sdt>/.exec(document)?.[0] ?? '';
    expect(toc).toContain('<w:docPartGallery w:val="Table of Contents"/>');
    expect(decodeXml(toc)).toContain('TOC \\h \\o "1-2"');
    expect(toc).not.toContain('w:dirty');
    const entries = paragraphsOf(toc).filter((paragraph) => /<w:pStyle w:val="TOC[12]"\/>/.test(paragraph));
    const headings = paragraphsOf(document).filter((paragraph) =>
      /<w:pStyle w:val="Heading[12]"\/>/.test(paragraph),
    );
    expect(entries.map((entry) => textOf(entry).replace(/\d+$/, ''))).toEqual(headings.map(textOf));
    for (const entry of entries) {
      // each entry links to a bookmark on its heading and gives a page number
      const anchor = /w:anchor="(_Toc\d+)"/.exec(entry)?.[1];
      expect(document).toContain(`<w:bookmarkStart w:name="${anchor}"`);
      expect(entry).toContain(`PAGEREF ${anchor} \\h`);
      expect(textOf(entry)).toMatch(/\D\d+$/);
    }
    expect(paragraphsWithText(document, 'Contents')[0]).toContain('<w:pStyle w:val="TOCHeading"/>');
  });

  it('outlines each sub-project in the fixed order, with country names and labelled alignment', async () => {
    // prepare
    const model = richModel();

    // act
    const { document } = await partsOf(await renderProposal(model));

    // assess
    const lines = linesOf(document);
    const start = lineIndex(lines, 'EPPO: European and Mediterranean Plant Protection Organization');
    const order = [
      'Region: Europe and the Mediterranean',
      'Participating countries: France, Italy, Morocco, Spain (4 of its 52 members)',
      '### Suggested activities',
      'Xylella <olive> & "almond" surveillance {{title}}',
      '### Indicators',
      'Surveys completed',
      '### Alignment',
      'GBF Target T10',
      'Enhance biodiversity and sustainability in agriculture, aquaculture, fisheries and forestry',
      '### Support committed',
      'Hosting meetings',
      '### Budget',
      'Estimated cost of the activities (requested)',
    ].map((text) => lineIndex(lines, text, start, text.startsWith('#')));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const activities = tablesOf(document)
      .filter(([header]) => header?.[1] === 'Title')
      .flatMap((rows) => rows.filter((row) => row[1]?.startsWith('Xylella')));
    expect(activities).toEqual([
      [
        '1',
        'Xylella <olive> & "almond" surveillance {{title}}',
        'Surveillance',
        'Regional',
        'Italy, Spain, France',
        '24',
        '250,000',
      ],
    ]);
  });

  it('closes each sub-project with its budget, in-kind and committed totals', async () => {
    // prepare
    const model = richModel();

    // act
    const { document } = await partsOf(await renderProposal(model));

    // assess
    expect(tableWithHeader(document, 'EPPO sub-project')).toEqual([
      ['EPPO sub-project', 'USD'],
      ['Estimated cost of the activities (requested)', '340,000'],
      ['In-kind contributions offered', '40,000'],
      ['Support committed', '80,000'],
      ['Co-financing, in kind and committed', '120,000'],
    ]);
  });

  it('shows which RPPO commits which support in a matrix, confirmed ● and indicative ○', async () => {
    // prepare
    const model = richModel();

    // act
    const { document } = await partsOf(await renderProposal(model));

    // assess
    expect(tableWithHeader(document, 'Type of support', 'CAN')).toEqual([
      ['Type of support', 'CAN', 'EPPO', 'RPPOs', 'Value (USD)'],
      ['Technical experts', '○', '●', '2', '62,000'],
      ['Hosting meetings', '', '●', '1', '30,000'],
      ['Total', '', '', '', '92,000'],
    ]);
  });

  it('sums up the promotion of the Guide by region, counting a country reached twice once', async () => {
    // prepare
    const model = richModel();

    // act
    const { document } = await partsOf(await renderProposal(model));

    // assess
    expect(tableWithHeader(document, 'RPPO', 'Region', 'Events')).toEqual([
      ['RPPO', 'Region', 'Events', 'Held', 'Planned', 'Countries reached', 'Participants'],
      ['CAN', 'Andean region', '1', '1', '0', '3', '35'],
      ['EPPO', 'Europe and the Mediterranean', '2', '1', '1', '4', '110'],
      ['Total', '', '3', '2', '1', '6', '145'],
    ]);
  });

  it('summarizes the budget by RPPO with shares and by type of activity, with totals', async () => {
    // prepare
    const model = richModel();

    // act
    const { document } = await partsOf(await renderProposal(model));

    // assess
    const byRppo = tableWithHeader(document, 'RPPO', 'Region', 'Status');
    expect(byRppo).toHaveLength(1 + rppoSeed.length + 1);
    expect(byRppo.filter((row) => ['RPPO', 'EPPO', 'CAHFSA', 'Total'].includes(row[0] ?? ''))).toEqual([
      ['RPPO', 'Region', 'Status', 'Activities', 'Budget (USD)', 'Share'],
      ['CAHFSA', 'Caribbean', 'Pending', '0', '0', ''],
      ['EPPO', 'Europe and the Mediterranean', 'Included', '2', '340,000', '53.1%'],
      ['Total', '', '', '4', '640,001', '100.0%'],
    ]);
    expect(tableWithHeader(document, 'Type of activity')).toEqual([
      ['Type of activity', 'Activities', 'Budget (USD)', 'Share', 'In kind (USD)'],
      ['Surveillance', '3', '550,001', '85.9%', '70,000'],
      ['Diagnostics', '1', '90,000', '14.1%', '0'],
      ['Total', '4', '640,001', '100.0%', '70,000'],
    ]);
  });

  it('gives the budget by component, the amount requested adding what the Secretariat costed in the call', async () => {
    // prepare: Component 1 costed, Component 3 not yet; Component 2 is the RPPOs' activities (640,001)
    const costed = buildProposalModel({
      call: makeCall({ globalToolsBudgetUsd: 359_999 }),
      rppos: rppoSeed,
      revisions: richRevisions(),
    });
    const complete = buildProposalModel({
      call: makeCall({ globalToolsBudgetUsd: 359_999, knowledgeManagementBudgetUsd: 250_000 }),
      rppos: rppoSeed,
      revisions: richRevisions(),
    });

    // act
    const partly = (await partsOf(await renderProposal(costed))).document;
    const fully = (await partsOf(await renderProposal(complete))).document;

    // assess
    expect(tableWithHeader(partly, 'Component')).toEqual([
      ['Component', 'Budget (USD)', 'Share'],
      ['1. Global tools and guidance', '359,999', '36.0%'],
      ['2. Regional and national pilot sub-projects', '640,001', '64.0%'],
      ['3. Knowledge management and monitoring', 'To be costed', ''],
      ['Total requested', '1,000,000', '100.0%'],
    ]);
    expect(textOf(partly)).toContain('The total leaves out Component 3, not costed yet.');
    const amount = (document: string) =>
      tableWithHeader(document, 'Project information').find(([name]) => name === 'Amount requested')?.[1];
    expect(amount(partly)).toBe('USD 1,000,000 (Component 3 to be costed)');
    expect(tableWithHeader(fully, 'Component').at(-1)).toEqual(['Total requested', '1,250,000', '100.0%']);
    expect(textOf(fully)).not.toContain('not costed yet');
    expect(amount(fully)).toBe('USD 1,250,000');
  });

  it('draws the budget by RPPO as a bar chart: an SVG with a PNG fallback and a text alternative', async () => {
    // prepare
    const model = richModel();

    // act
    const bytes = await renderProposal(model);
    const { document, names } = await partsOf(bytes);

    // assess: the chart's pictures, besides the template's own (the logo in the header)
    const logo = Object.keys(
      (await JSZip.loadAsync(await readFile(join(TEMPLATES_DIR, 'house-style.docx')))).files,
    );
    const media = names.filter((name) => name.startsWith('word/media/') && !logo.includes(name)).sort();
    const byType = (extension: string) => media.filter((name) => name.endsWith(extension));
    expect(media).toHaveLength(2);
    const zip = await JSZip.loadAsync(bytes);
    const png = await zip.file(byType('.png')[0] ?? '')?.async('nodebuffer');
    expect(png?.subarray(1, 4).toString('latin1')).toBe('PNG');
    const svg = (await zip.file(byType('.svg')[0] ?? '')?.async('string')) ?? '';
    expect(svg).toContain('>EPPO</text>');
    expect(svg).toContain('>340,000</text>');
    const description = decodeXml(/<wp:docPr [^>]*descr="([^"]*)"/.exec(document)?.[1] ?? '');
    expect(description).toBe(
      'Estimated budget of the regional sub-projects by RPPO: EPPO USD 340,000; OIRSA USD 180,001; CAN USD 120,000',
    );
    expect(textOf(document)).toContain('Figure 1: Estimated budget of the regional sub-projects by RPPO');
  });

  it('gathers RPPO comments by draft section, then by RPPO in the order of the RPPO list', async () => {
    // prepare
    const model = richModel();

    // act
    const { document } = await partsOf(await renderProposal(model));

    // assess
    const lines = linesOf(document);
    const annex = lineIndex(lines, 'Annex A: RPPO input on the draft sections');
    const summary = lineIndex(lines, '## Executive summary', annex, true);
    const rationale = lineIndex(lines, '## Rationale', summary, true);
    expect(lineIndex(lines, 'Shorten it.', summary)).toBeLessThan(rationale);
    const can = lineIndex(lines, 'Añadir el costo de la inacción.', rationale);
    const eppo = lineIndex(lines, 'Mention <Xylella> & the EU\'s "Green Deal".', rationale);
    expect(can).toBeLessThan(eppo);
  });

  it('traces each region to the version, author and time of every form it comes from', async () => {
    // prepare
    const model = richModel();

    // act
    const { document } = await partsOf(await renderProposal(model));

    // assess
    const lines = linesOf(document);
    const annex = lineIndex(lines, 'Annex B: Provenance of the regional input');
    const oirsa = lineIndex(lines, 'OIRSA: Organismo Internacional Regional de Sanidad Agropecuaria', annex);
    expect(lines.slice(oirsa + 1, oirsa + 6)).toEqual([
      'Form',
      'Version',
      'Submitted by',
      'Submitted at',
      'Suggested activities for the regional pilot projects',
    ]);
    expect(lines.slice(oirsa + 6, oirsa + 9)).toEqual([
      '1',
      'focal.point@oirsa.example.org',
      '2027-02-01 12:00 UTC',
    ]);
    expect(lines.at(-1)).toBe(
      'No input has been received yet from APPPC, CAHFSA, COSAVE, IAPSC, NAPPO, NEPPO, PPPO.',
    );
  });

  it('writes every amount as USD with thousands separators and no cents', async () => {
    // prepare
    const model = richModel();

    // act
    const { document } = await partsOf(await renderProposal(model));

    // assess
    const amounts = textOf(document).match(/USD\s*\d[\d,]*(\.\d+)?/g) ?? [];
    expect(amounts.length).toBeGreaterThan(10);
    for (const amount of amounts) expect(amount).toMatch(/^USD \d{1,3}(,\d{3})*$/);
  });

  it('shows markup characters and Arabic, Chinese and Spanish text exactly as typed', async () => {
    // prepare
    const model = richModel();

    // act
    const { document } = await partsOf(await renderProposal(model));

    // assess
    for (const typed of [
      'Xylella <olive> & "almond" surveillance {{title}}',
      'Mention <Xylella> & the EU\'s "Green Deal".',
      'مراقبة الآفات 害虫监测',
      'Vigilancia de la mosca de la fruta en Perú y Colombia',
      'Red regional de trampeo; análisis «en línea» y capacitación técnica.',
    ]) {
      expect(linesOf(document)).toContain(typed);
    }
    expect(decodeXml(document)).toContain('Xylella <olive> & "almond" surveillance {{title}}');
  });

  it('renders the Secretariat draft text as formatting', async () => {
    // prepare
    const model = sampleModel();

    // act
    const { document } = await partsOf(await renderProposal(model));

    // assess
    const emphasis = /<w:r><w:rPr><w:b\/><w:bCs\/><\/w:rPr><w:t[^>]*>biodiversity<\/w:t><\/w:r>/;
    expect(document).toMatch(emphasis);
    expect(textOf(document)).not.toContain('**biodiversity**');
  });

  it('says so under a draft section nobody commented on', async () => {
    // prepare
    const model = sampleModel();

    // act
    const { document } = await partsOf(await renderProposal(model));

    // assess: the sample only comments on the rationale, so the executive summary has none.
    expect(paragraphsWithText(document, 'No comments received.')).toHaveLength(1);
  });

  it('shows user text literally: no formatting, heading, list, HTML or template expansion comes from it', async () => {
    // prepare
    const title = '**bold** <w:t> {{title}} &lt; # heading | pipe';
    const description = '# Not a heading\n- not a list\n1. not numbered\n===\n% not a title';
    const model = sampleModel({ title, description });

    // act
    const { document } = await partsOf(await renderProposal(model));

    // assess
    expect(document).toContain('**bold** &lt;w:t&gt; {{title}} &amp;lt; # heading | pipe');
    const cell = paragraphsWithText(document, title);
    expect(cell).toHaveLength(1);
    expect(cell[0]).toContain('<w:pStyle w:val="TableText"/>');
    expect(cell[0]).not.toContain('<w:b/>');
    expect(paragraphsWithText(document, `Activity 1: ${title}`)).toHaveLength(1);
    const lines = paragraphsWithText(document, '# Not a heading- not a list1. not numbered===% not a title');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/Heading\d|<w:numPr>|Title/);
    expect(lines[0]?.match(/<w:br\/>/g)).toHaveLength(4);
  });

  it('gives byte-identical files for the same inputs, whatever was rendered before', async () => {
    // prepare
    const model = richModel();

    // act: another document in between moves docx's process-wide counters (bookmarks, drawings)
    const first = await renderProposal(model);
    await renderProposal(sampleModel());
    const second = await renderProposal(richModel());

    // assess
    expect(second.equals(first)).toBe(true);
  });

  it('dates the file by its newest input, not by the time it is rendered', async () => {
    // prepare
    const model = richModel();

    // act
    const bytes = await renderProposal(model);

    // assess
    const { core } = await partsOf(bytes);
    expect(model.asOfTime).toBe('2027-02-01T12:00:00.000Z');
    expect(core).toContain(
      '<dcterms:created xsi:type="dcterms:W3CDTF">2027-02-01T12:00:00.000Z</dcterms:created>',
    );
    expect(core).toContain(
      '<dcterms:modified xsi:type="dcterms:W3CDTF">2027-02-01T12:00:00.000Z</dcterms:modified>',
    );
    const zip = await JSZip.loadAsync(bytes);
    const dates = new Set(Object.values(zip.files).map((file) => file.date.getTime()));
    // JSZip reads the MS-DOS date as local time
    const local = new Date(2027, 1, 1, 12, 0, 0).getTime();
    expect([...dates]).toEqual([local]);
  });

  it('gives the page of every heading in the table of contents, in page order, however long the document', async () => {
    // prepare: ten RPPOs with twenty activities each
    const model = richModel();
    const long = buildProposalModel({
      call: makeCall(),
      rppos: rppoSeed,
      revisions: [
        ...richRevisions(),
        ...rppoSeed.map((rppo) =>
          makeRevision(rppo.code, 'pilot-activities', {
            activities: Array.from({ length: 20 }, (_, index) =>
              makeActivity({ title: `Activity ${index + 1}` }),
            ),
          }),
        ),
      ],
    });

    // act
    const { document } = await partsOf(await renderProposal(long));

    // assess: a page number for every entry, never going back, and the regions further on than in the short one
    const pages = (xml: string) =>
      paragraphsOf(/<w:sdt>[\s\S]*?<\/w:sdt>/.exec(xml)?.[0] ?? '')
        .filter((paragraph) => paragraph.includes('w:val="TOC'))
        .map((entry) => Number(/(\d+)$/.exec(textOf(entry))?.[1]));
    const longPages = pages(document);
    expect(longPages.every(Number.isInteger)).toBe(true);
    expect(longPages).toEqual([...longPages].sort((a, b) => a - b));
    const shortPages = pages((await partsOf(await renderProposal(model))).document);
    expect(longPages.at(-1)).toBeGreaterThan(shortPages.at(-1) ?? 0);
  });

  it('renders 185 contributors with 20 activities each in one go', async () => {
    // prepare
    const rppos = Array.from({ length: 185 }, (_, index) => makeContributor(index));
    const revisions = rppos.flatMap((rppo) => [
      makeRevision(rppo.code, 'pilot-activities', {
        activities: Array.from({ length: 20 }, (_, index) =>
          makeActivity({
            title: `Activity ${index + 1} of ${rppo.code}`,
            estimatedCostUsd: 1_000 * (index + 1),
          }),
        ),
      }),
      makeRevision(rppo.code, 'implementation-support', { commitments: [makeCommitment()] }),
      makeRevision(rppo.code, 'guide-promotion', { events: [makeEvent()] }),
      makeRevision(rppo.code, 'draft-input', { comments: [makeComment()] }),
    ]);
    const model = buildProposalModel({ call: makeCall(), rppos, revisions });

    // act
    const bytes = await renderProposal(model);

    // assess
    expect(model.totals.activities).toBe(3_700);
    expect(model.totals.budgetUsd).toBe(185 * 210_000);
    const { document } = await partsOf(bytes);
    expect(document).toContain('Activity 20 of C185');
    expect(textOf(document)).toContain(`USD ${(185 * 210_000).toLocaleString('en-US')}`);
    expect(document.match(/<w:tbl>/g)?.length).toBeGreaterThan(185 * 5);
  }, 180_000);

  describe('with edited templates', () => {
    let dir = '';
    afterEach(() => rm(dir, { recursive: true, force: true }));

    async function templatesWithCover(partial: string): Promise<string> {
      dir = await mkdtemp(join(tmpdir(), 'proposal-templates-'));
      await cp(TEMPLATES_DIR, dir, { recursive: true });
      await writeFile(join(dir, 'partials', 'contents.md.hbs'), partial);
      return dir;
    }

    it('compares data text with template words as the reader sees them, whatever the escaping', async () => {
      // prepare
      const templatesDir = await templatesWithCover(
        '{{#if (eq asOf "2027-02-01")}}Dated 1 February 2027{{/if}}\n',
      );

      // act
      const { document } = await partsOf(await renderProposal(sampleModel(), { templatesDir }));

      // assess
      expect(paragraphsWithText(document, 'Dated 1 February 2027')).toHaveLength(1);
    });

    it('fails with the name of the missing field instead of leaving it blank', async () => {
      // prepare
      const templatesDir = await templatesWithCover('# {{titel}}\n');

      // act
      const rendering = renderProposal(sampleModel(), { templatesDir });

      // assess
      await expect(rendering).rejects.toThrow(/"titel" not defined/);
    });

    it('fails with the name of a chart that does not exist', async () => {
      // prepare
      const templatesDir = await templatesWithCover('<!-- chart: budget-by-rpo -->\n');

      // act
      const rendering = renderProposal(sampleModel(), { templatesDir });

      // assess
      await expect(rendering).rejects.toThrow(
        'There is no chart named "budget-by-rpo" (charts: budget-by-rppo)',
      );
    });

    it('fails when a helper is given a missing field', async () => {
      // prepare
      const templatesDir = await templatesWithCover('Requested: {{usd totals.budget}}\n');

      // act
      const rendering = renderProposal(sampleModel(), { templatesDir });

      // assess
      await expect(rendering).rejects.toThrow(/usd helper needs a number/);
    });
  });
});

describe('markdownEscape', () => {
  it('backslash-escapes every character Markdown could read as syntax', () => {
    // act
    const escaped = markdownEscape('\\`*_{}[]()#+-.!|<>~&=%');

    // assess
    expect(escaped).toBe('\\\\\\`\\*\\_\\{\\}\\[\\]\\(\\)\\#\\+\\-\\.\\!\\|\\<\\>\\~\\&\\=\\%');
  });

  it('turns each kind of line break into <br>', () => {
    expect(markdownEscape('one\ntwo\r\nthree\rfour')).toBe('one<br>two<br>three<br>four');
  });

  it('leaves letters, digits, spaces and other scripts alone', () => {
    expect(markdownEscape('Côte d’Ivoire 2027 الجزائر')).toBe('Côte d’Ivoire 2027 الجزائر');
  });

  it('gives Markdown that reads back as exactly the text it was given', async () => {
    // prepare: pseudo-random texts made of the characters most likely to be read as syntax
    const random = seeded(7);
    const alphabet = ' a1\\`*_{}[]()#+-.!|<>~&=:;"\'/@$%^?,';
    const texts = Array.from({ length: 40 }, () => {
      const chars = Array.from({ length: 1 + Math.floor(random() * 30) }, () => pick(random, [...alphabet]));
      return `x${chars.join('')}x`;
    });

    // act
    const markdown = texts.map(markdownEscape).join('\n\n');
    const { document } = writeBlocks(markdownToDocx(markdown));

    // assess
    expect(paragraphsOf(document).map(textOf)).toEqual(texts);
  });
});

describe('escapeModel', () => {
  it('passes Secretariat Markdown through as its source, unescaped', () => {
    expect(escapeModel({ text: new Markdown('**Bold** and _more_') })).toEqual({
      text: '**Bold** and _more_',
    });
  });

  it('escapes strings in nested arrays and objects', () => {
    // prepare
    const value = { regions: [{ activities: [{ title: 'A*B', tags: ['x_y', 'z'] }] }] };

    // act
    const escaped = escapeModel(value);

    // assess
    expect(escaped).toEqual({ regions: [{ activities: [{ title: 'A\\*B', tags: ['x\\_y', 'z'] }] }] });
  });

  it('leaves numbers and booleans untouched', () => {
    expect(escapeModel({ cost: 1234.5, pending: true, count: 0, flag: false })).toEqual({
      cost: 1234.5,
      pending: true,
      count: 0,
      flag: false,
    });
  });

  it('returns a copy and leaves the model as it was', () => {
    // prepare
    const model = sampleModel();
    const before = structuredClone(model);

    // act
    const escaped = escapeModel(model);

    // assess
    expect(escaped).not.toBe(model);
    expect(structuredClone(model)).toEqual(before);
  });
});

describe('proposal totals', () => {
  it('adds up to the cent: each region is the sum of its activities, the total the sum of the regions', () => {
    const random = seeded(2027);
    for (let run = 0; run < 50; run += 1) {
      // prepare: random RPPOs answer with random activities costing whole cents
      const costsInCents = new Map<string, number[]>();
      const revisions = rppoSeed
        .filter(() => random() < 0.6)
        .map((rppo) => {
          const cents = Array.from({ length: 1 + Math.floor(random() * 6) }, () =>
            Math.floor(random() * 50_000_000),
          );
          costsInCents.set(rppo.code, cents);
          const activities = cents.map((value, index) =>
            makeActivity({ title: `Activity ${index + 1}`, estimatedCostUsd: value / 100 }),
          );
          return makeRevision(rppo.code, 'pilot-activities', { activities });
        });

      // act
      const model = buildProposalModel({ call: makeCall(), rppos: rppoSeed, revisions });

      // assess
      let totalCents = 0;
      for (const region of model.regions) {
        const cents = sum(costsInCents.get(region.code) ?? []);
        totalCents += cents;
        expect(region.budgetUsd).toBe(cents / 100);
      }
      expect(model.totals.budgetUsd).toBe(totalCents / 100);
      expect(model.totals.budgetUsd).toBe(
        sum(model.regions.map((region) => Math.round(region.budgetUsd * 100))) / 100,
      );
    }
  });
});

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}
