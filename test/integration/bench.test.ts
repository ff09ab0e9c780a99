import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderProposal } from '#documents/render-proposal.ts';
import { buildProposalModel } from '#domain/proposals.ts';
import type { Revision } from '#domain/submissions.ts';
import { benchmarkInput } from '../../bench/data.ts';
import { peerTemplate, renderWithPeer } from '../../bench/peer.ts';
import { paragraphsOf, textOf, wordParts } from '../support/docx.ts';

describe('npm run bench -- --quick', () => {
  it('runs and writes one well-formed object per figure to bench/results.json', () => {
    // act
    execFileSync('npm', ['run', 'bench', '--', '--quick'], { stdio: 'ignore', timeout: 120_000 });
    const figures = JSON.parse(readFileSync('bench/results.json', 'utf8')) as Record<string, unknown>[];

    // assess
    expect(figures.map((figure) => figure.name)).toEqual(
      expect.arrayContaining([
        'assembly.ratio-to-docxtemplater',
        'assembly.ratio-to-deflate',
        'assembly.peer-text-share',
        'api.save.ratio',
        'api.save.raw-counter-and-transaction.ratio-to-putitem',
      ]),
    );
    for (const figure of figures) {
      expect(Object.keys(figure).sort()).toEqual(['median', 'name', 'p90', 'runs', 'unit']);
      expect(figure.median).toBeGreaterThan(0);
      expect(Number.isFinite(figure.p90)).toBe(true);
      expect(figure.runs).toBeGreaterThanOrEqual(1);
    }
  }, 150_000);
});

/** The text of each non-empty paragraph of the body, the contents list's page numbers left out. */
async function paragraphTexts(docx: Buffer): Promise<string[]> {
  const { document = '' } = await wordParts(docx);
  return paragraphsOf(document)
    .map((paragraph) => {
      const text = textOf(paragraph);
      return /<w:pStyle w:val="TOC[12]"\/>/.test(paragraph) ? text.replace(/\d+$/, '') : text;
    })
    .filter((text) => text !== '');
}

/** The benchmark input, changed to go through every branch of the templates: pending, empty, optional and uncosted parts. */
function variedInput() {
  const input = benchmarkInput(10, 2);
  const revisions = input.revisions
    // PPPO has given no input at all; IAPSC no activities, NEPPO no support, OIRSA no promotion.
    .filter((revision) => revision.rppo !== 'PPPO')
    .filter((revision) => !(revision.rppo === 'IAPSC' && revision.form === 'pilot-activities'))
    .filter((revision) => !(revision.rppo === 'NEPPO' && revision.form === 'implementation-support'))
    .filter((revision) => !(revision.rppo === 'OIRSA' && revision.form === 'guide-promotion'))
    .map((revision): Revision => {
      const data = revision.data as Record<string, unknown>;
      if (revision.form === 'draft-input') {
        // Nobody comments on the budget section; EPPO proposes changes.
        const comments = (data.comments as Record<string, unknown>[])
          .filter((comment) => comment.sectionId !== 'budget')
          .map((comment) =>
            revision.rppo === 'EPPO'
              ? {
                  ...comment,
                  type: 'editorial',
                  proposedChange: 'Name the *regional* priorities',
                  rationale: 'Clarity',
                }
              : comment,
          );
        return { ...revision, data: { comments } } as Revision;
      }
      if (revision.rppo !== 'EPPO') return revision;
      if (revision.form === 'pilot-activities') {
        const [first, ...others] = data.activities as Record<string, unknown>[];
        return {
          ...revision,
          data: {
            activities: [
              {
                ...first,
                pestsPathwaysEcosystems: 'Xylella & its <vectors>',
                partners: 'Universities',
                risks: 'Late funding,\nthen late field work',
                developmentAgendaItems: ['DAI-1', 'DAI-5'],
                inKindOfferUsd: 0,
              },
              ...others,
            ],
          },
        } as Revision;
      }
      if (revision.form === 'implementation-support') {
        const commitments = data.commitments as Record<string, unknown>[];
        return {
          ...revision,
          data: {
            commitments: [
              ...commitments,
              {
                supportType: 'technical-experts',
                scope: 'national',
                countries: ['FR', 'DE'],
                description: 'A plant pathologist',
                period: '2027–2029',
                status: 'confirmed',
              },
            ],
          },
        } as Revision;
      }
      if (revision.form === 'guide-promotion') {
        const events = data.events as Record<string, unknown>[];
        return {
          ...revision,
          data: {
            events: events.map((event) => ({ ...event, status: 'done', outcomes: 'Two proposals drafted.' })),
            feedbackOnGuide: 'Useful; a shorter version would help.',
          },
        } as Revision;
      }
      return revision;
    });
  // The Secretariat has costed Component 1 but not yet Component 3.
  const { knowledgeManagementBudgetUsd: _, ...call } = input.call;
  return { ...input, call, revisions };
}

describe('the peer of figure 1 (bench/peer.ts)', () => {
  it.each([
    ['the benchmark proposal', () => benchmarkInput(10, 15)],
    ['a proposal with pending, empty and optional parts', variedInput],
  ])(
    'writes the same text as ours, paragraph by paragraph, but the chart and its caption: %s',
    async (_, input) => {
      // prepare
      const model = buildProposalModel(input());
      const template = await peerTemplate();

      // act
      const ours = await paragraphTexts(await renderProposal(model));
      const peer = await paragraphTexts(renderWithPeer(template, model));

      // assess
      expect(peer).toEqual(ours.filter((text) => !text.startsWith('Figure 1: ')));
    },
  );
});
