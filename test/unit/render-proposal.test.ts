import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document, Packer } from 'docx';
import { afterEach, describe, expect, it } from 'vitest';
import { markdownToDocx } from '#documents/markdown-to-docx.ts';
import { escapeModel, markdownEscape, renderProposal } from '#documents/render-proposal.ts';
import type { PilotActivity } from '#domain/forms.ts';
import { buildProposalModel, Markdown } from '#domain/proposals.ts';
import { rppoSeed } from '#domain/rppos.ts';
import type { Revision } from '#domain/submissions.ts';
import { paragraphsOf, textOf, wordParts } from '../support/docx.ts';
import {
  makeActivity,
  makeCall,
  makeComment,
  makeCommitment,
  makeEvent,
  makeRevision,
} from '../support/fixtures.ts';

const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/proposal/', import.meta.url));

type Parts = { document: string; headers: string[]; footers: string[] };

async function partsOf(bytes: Uint8Array): Promise<Parts> {
  const parts = await wordParts(bytes);
  const matching = (pattern: RegExp) =>
    Object.keys(parts)
      .filter((name) => pattern.test(name))
      .map((name) => parts[name] ?? '');
  return {
    document: parts.document ?? '',
    headers: matching(/^header\d+$/),
    footers: matching(/^footer\d+$/),
  };
}

function paragraphsWithText(xml: string, text: string): string[] {
  return paragraphsOf(xml).filter((paragraph) => textOf(paragraph) === text);
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

  it('marks each RPPO without any revision as pending', async () => {
    // prepare
    const model = sampleModel();

    // act
    const { document } = await partsOf(await renderProposal(model));

    // assess
    const pending = textOf(document).match(/Pending: no input received/g) ?? [];
    expect(pending).toHaveLength(rppoSeed.length - 2);
  });

  it('repeats the title in a page header and numbers the pages in the footer as "Page X of Y"', async () => {
    // prepare
    const model = sampleModel();

    // act
    const { headers, footers } = await partsOf(await renderProposal(model));

    // assess
    expect(headers.map(textOf)).toContain(model.title);
    const footer = footers.join('');
    expect(textOf(footer)).toBe('Page  of ');
    const fields = [...footer.matchAll(/<w:instrText[^>]*>\s*(\w+)\s*<\/w:instrText>/g)].map(
      (match) => match[1],
    );
    expect(fields).toEqual(['PAGE', 'NUMPAGES']);
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
    const description = '# Not a heading\n- not a list\n1. not numbered\n===';
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
    const lines = paragraphsWithText(document, '# Not a heading- not a list1. not numbered===');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/Heading\d|<w:numPr>/);
    expect(lines[0]?.match(/<w:br\/>/g)).toHaveLength(3);
  });

  describe('with edited templates', () => {
    let dir = '';
    afterEach(() => rm(dir, { recursive: true, force: true }));

    async function templatesWithCover(partial: string): Promise<string> {
      dir = await mkdtemp(join(tmpdir(), 'proposal-templates-'));
      await cp(TEMPLATES_DIR, dir, { recursive: true });
      await writeFile(join(dir, 'partials', 'cover.md.hbs'), partial);
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
    const escaped = markdownEscape('\\`*_{}[]()#+-.!|<>~&=');

    // assess
    expect(escaped).toBe('\\\\\\`\\*\\_\\{\\}\\[\\]\\(\\)\\#\\+\\-\\.\\!\\|\\<\\>\\~\\&\\=');
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
    const bytes = await Packer.toBuffer(new Document({ sections: [{ children: markdownToDocx(markdown) }] }));
    const { document } = await partsOf(bytes);

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

/** A deterministic pseudo-random generator (mulberry32), so a failure can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}
