import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ImplementationSupport, PilotActivity } from '#domain/forms.ts';
import { toCents } from '#domain/money.ts';
import { buildProposalModel } from '#domain/proposals.ts';
import { rppoSeed } from '#domain/rppos.ts';
import type { Revision } from '#domain/submissions.ts';
import { activityTypes, supportTypes } from '#domain/vocabularies.ts';
import { makeActivity, makeCall, makeCommitment, makeEvent, makeRevision } from '../support/fixtures.ts';

const cents = fc.integer({ min: 0, max: 100_000_000 }).map((value) => value / 100);
const country = fc.constantFrom('CO', 'PE', 'EC', 'BO', 'FR', 'IT', 'KE', 'FJ');

const activity = fc
  .record({
    activityType: fc.constantFrom(...(Object.keys(activityTypes) as PilotActivity['activityType'][])),
    estimatedCostUsd: cents,
    inKindOfferUsd: fc.option(cents, { nil: undefined }),
    countries: fc.uniqueArray(country, { minLength: 1, maxLength: 4 }),
  })
  .map((fields) => makeActivity(fields));

const commitment = fc
  .record({
    supportType: fc.constantFrom(
      ...(Object.keys(supportTypes) as ImplementationSupport['commitments'][number]['supportType'][]),
    ),
    status: fc.constantFrom('indicative' as const, 'confirmed' as const),
    valueUsd: fc.option(cents, { nil: undefined }),
  })
  .map((fields) => makeCommitment(fields));

const event = fc
  .record({
    status: fc.constantFrom('planned' as const, 'done' as const),
    countriesReached: fc.uniqueArray(country, { minLength: 1, maxLength: 5 }),
    participants: fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: undefined }),
  })
  .map((fields) => makeEvent(fields));

/** Any subset of the RPPOs answering any subset of the forms. */
const revisions = fc
  .array(
    fc.record({
      rppo: fc.constantFrom(...rppoSeed.map((rppo) => rppo.code)),
      activities: fc.option(fc.array(activity, { minLength: 1, maxLength: 6 }), { nil: undefined }),
      commitments: fc.option(fc.array(commitment, { minLength: 1, maxLength: 6 }), { nil: undefined }),
      events: fc.option(fc.array(event, { minLength: 1, maxLength: 4 }), { nil: undefined }),
    }),
    { maxLength: 10 },
  )
  .map((answers) => {
    const seen = new Set<string>();
    return answers
      .filter((answer) => !seen.has(answer.rppo) && seen.add(answer.rppo))
      .flatMap((answer): Revision[] => [
        ...(answer.activities
          ? [makeRevision(answer.rppo, 'pilot-activities', { activities: answer.activities })]
          : []),
        ...(answer.commitments
          ? [makeRevision(answer.rppo, 'implementation-support', { commitments: answer.commitments })]
          : []),
        ...(answer.events ? [makeRevision(answer.rppo, 'guide-promotion', { events: answer.events })] : []),
      ]);
  });

const model = (input: Revision[]) =>
  buildProposalModel({ call: makeCall(), rppos: rppoSeed, revisions: input });
const sumCents = (values: readonly number[]) => values.reduce((total, value) => total + toCents(value), 0);
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

describe('buildProposalModel totals, for any input', () => {
  it('makes every region total the sum of its rows and every grand total the sum of the regions', () => {
    fc.assert(
      fc.property(revisions, (input) => {
        const { regions, totals } = model(input);
        for (const region of regions) {
          expect(toCents(region.budgetUsd)).toBe(sumCents(region.activities.map((a) => a.estimatedCostUsd)));
          expect(toCents(region.inKindUsd)).toBe(sumCents(region.activities.map((a) => a.inKindOfferUsd)));
          expect(toCents(region.committedUsd)).toBe(sumCents(region.commitments.map((c) => c.valueUsd)));
          expect(toCents(region.coFinancingUsd)).toBe(
            toCents(region.inKindUsd) + toCents(region.committedUsd),
          );
        }
        expect(toCents(totals.budgetUsd)).toBe(sumCents(regions.map((region) => region.budgetUsd)));
        expect(toCents(totals.inKindUsd)).toBe(sumCents(regions.map((region) => region.inKindUsd)));
        expect(toCents(totals.committedUsd)).toBe(sumCents(regions.map((region) => region.committedUsd)));
        expect(toCents(totals.coFinancingUsd)).toBe(toCents(totals.inKindUsd) + toCents(totals.committedUsd));
        expect(totals.activities).toBe(sum(regions.map((region) => region.activities.length)));
      }),
    );
  });

  it('splits the budget by type of activity into rows that add up to the grand totals', () => {
    fc.assert(
      fc.property(revisions, (input) => {
        const { budgetByActivityType, totals } = model(input);
        expect(sum(budgetByActivityType.map((row) => row.activities))).toBe(totals.activities);
        expect(sumCents(budgetByActivityType.map((row) => row.budgetUsd))).toBe(toCents(totals.budgetUsd));
        expect(sumCents(budgetByActivityType.map((row) => row.inKindUsd))).toBe(toCents(totals.inKindUsd));
        const shares = sum(budgetByActivityType.map((row) => row.share));
        expect(shares).toBeCloseTo(totals.budgetUsd > 0 ? 1 : 0, 9);
        const order = Object.keys(activityTypes);
        const codes = budgetByActivityType.map((row) => order.indexOf(row.activityType.code));
        expect(codes).toEqual([...codes].sort((a, b) => a - b));
      }),
    );
  });

  it('gives each region a share of the budget, the shares adding up to the whole', () => {
    fc.assert(
      fc.property(revisions, (input) => {
        const { regions, totals } = model(input);
        expect(sum(regions.map((region) => region.budgetShare))).toBeCloseTo(totals.budgetUsd > 0 ? 1 : 0, 9);
      }),
    );
  });

  it('fills the support matrix so that its rows and columns add up to the support committed', () => {
    fc.assert(
      fc.property(revisions, (input) => {
        const { supportMatrix, regions, totals } = model(input);
        expect(toCents(supportMatrix.totalValueUsd)).toBe(toCents(totals.committedUsd));
        for (const row of supportMatrix.rows) {
          expect(row.cells.map((cell) => cell.rppo)).toEqual(supportMatrix.rppos);
          expect(toCents(row.valueUsd)).toBe(sumCents(row.cells.map((cell) => cell.valueUsd)));
          expect(row.rppoCount).toBe(row.cells.filter((cell) => cell.committed).length);
          expect(row.rppoCount).toBeGreaterThan(0);
          for (const cell of row.cells) expect(cell.confirmed && cell.indicative).toBe(false);
        }
        supportMatrix.rppos.forEach((rppo, column) => {
          const region = regions.find((entry) => entry.code === rppo);
          const values = supportMatrix.rows.map((row) => row.cells[column]?.valueUsd ?? 0);
          expect(sumCents(values)).toBe(toCents(region?.committedUsd ?? -1));
        });
      }),
    );
  });

  it('sums up the promotion events, counting a country reached in several regions once', () => {
    fc.assert(
      fc.property(revisions, (input) => {
        const { promotionSummary } = model(input);
        const { rows, totals } = promotionSummary;
        expect(totals.events).toBe(sum(rows.map((row) => row.events)));
        expect(totals.done).toBe(sum(rows.map((row) => row.done)));
        expect(totals.planned).toBe(sum(rows.map((row) => row.planned)));
        expect(totals.participants).toBe(sum(rows.map((row) => row.participants)));
        for (const row of rows) expect(row.done + row.planned).toBe(row.events);
        expect(totals.countriesReached).toBeLessThanOrEqual(sum(rows.map((row) => row.countriesReached)));
        expect(totals.countriesReached).toBeGreaterThanOrEqual(
          Math.max(0, ...rows.map((r) => r.countriesReached)),
        );
      }),
    );
  });
});

describe('buildProposalModel', () => {
  it('dates the proposal by its newest input and says the date in words', () => {
    // prepare
    const input = [
      makeRevision(
        'CAN',
        'pilot-activities',
        { activities: [makeActivity()] },
        { createdAt: '2027-03-05T08:30:00.000Z' },
      ),
      makeRevision('EPPO', 'pilot-activities', { activities: [makeActivity()] }),
    ];

    // act
    const result = model(input);

    // assess
    expect(result.asOf).toBe('2027-03-05');
    expect(result.asOfTime).toBe('2027-03-05T08:30:00.000Z');
    expect(result.asOfText).toBe('5 March 2027');
    expect(result.sourcesCount).toBe(2);
  });

  it('names the countries of a sub-project once each, in alphabetical order, and lists its alignment', () => {
    // prepare
    const input = [
      makeRevision('CAN', 'pilot-activities', {
        activities: [
          makeActivity({ countries: ['PE', 'CO'], ippcObjectives: ['SO-B'], gbfTargets: ['T10'] }),
          makeActivity({ countries: ['BO', 'PE'], ippcObjectives: ['SO-A', 'SO-B'], gbfTargets: ['T6'] }),
        ],
      }),
    ];

    // act
    const can = model(input).regions.find((region) => region.code === 'CAN');

    // assess
    expect(can?.participatingCountries).toBe('Bolivia (Plurinational State of), Colombia, Peru');
    expect(can?.participatingCount).toBe(3);
    expect(can?.alignment.ippcObjectives.map((item) => item.code)).toEqual(['SO-A', 'SO-B']);
    expect(can?.alignment.gbfTargets).toEqual([
      { code: 'T6', label: 'Reduce the introduction of invasive alien species and minimize their impact' },
      {
        code: 'T10',
        label: 'Enhance biodiversity and sustainability in agriculture, aquaculture, fisheries and forestry',
      },
    ]);
  });
});
