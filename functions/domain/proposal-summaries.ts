/**
 * The cross-region parts of the proposal: the implementation-support matrix (support type × RPPO), the promotion
 * of the Guide by region and the budget by activity type. Pure; every total is computed here once, from the same
 * rows the document shows, so a total always equals the sum of its rows.
 */
import type { GuidePromotion, ImplementationSupport, PilotActivities } from './forms.ts';
import { share, sum, sumUsd } from './money.ts';
import type { RppoCode } from './rppos.ts';
import { activityTypes, supportTypes } from './vocabularies.ts';

/** The submitted input of one RPPO, as the summaries read it. */
export interface RegionalInput {
  readonly code: RppoCode;
  readonly region: string;
  readonly activities: PilotActivities | undefined;
  readonly support: ImplementationSupport | undefined;
  readonly promotion: GuidePromotion | undefined;
}

type Coded = { readonly code: string; readonly label: string };

/**
 * Which RPPO commits which type of support. Columns are the RPPOs that committed any support, in the order of the
 * RPPO list; rows the support types at least one of them committed, in the order of the vocabulary. A cell is
 * `confirmed` when any commitment of that type is confirmed, else `indicative` when there is one.
 */
export function supportMatrix(inputs: readonly RegionalInput[]) {
  const committing = inputs.filter((input) => (input.support?.commitments.length ?? 0) > 0);
  const rows = Object.entries(supportTypes).flatMap(([code, label]) => {
    const cells = committing.map((input) => {
      const commitments = (input.support?.commitments ?? []).filter((c) => c.supportType === code);
      const confirmed = commitments.some((c) => c.status === 'confirmed');
      return {
        rppo: input.code,
        committed: commitments.length > 0,
        confirmed,
        indicative: commitments.length > 0 && !confirmed,
        valueUsd: sumUsd(commitments.map((c) => c.valueUsd ?? 0)),
      };
    });
    if (!cells.some((cell) => cell.committed)) return [];
    return [
      {
        supportType: { code, label } as Coded,
        cells,
        rppoCount: cells.filter((cell) => cell.committed).length,
        valueUsd: sumUsd(cells.map((cell) => cell.valueUsd)),
      },
    ];
  });
  return {
    rppos: committing.map((input) => input.code),
    rows,
    totalValueUsd: sumUsd(rows.map((row) => row.valueUsd)),
  };
}

/** The promotion of the Guide in each region that reported events, and across all of them. */
export function promotionSummary(inputs: readonly RegionalInput[]) {
  const rows = inputs
    .filter((input) => (input.promotion?.events.length ?? 0) > 0)
    .map((input) => {
      const events = input.promotion?.events ?? [];
      const countries = new Set(events.flatMap((event) => event.countriesReached));
      return {
        code: input.code,
        region: input.region,
        events: events.length,
        done: events.filter((event) => event.status === 'done').length,
        planned: events.filter((event) => event.status === 'planned').length,
        countriesReached: countries.size,
        participants: sum(events.map((event) => event.participants ?? 0)),
        countryCodes: countries,
      };
    });
  // A country reached in two regions counts once in the total.
  const allCountries = new Set(rows.flatMap((row) => [...row.countryCodes]));
  return {
    rows: rows.map(({ countryCodes: _, ...row }) => row),
    totals: {
      events: sum(rows.map((row) => row.events)),
      done: sum(rows.map((row) => row.done)),
      planned: sum(rows.map((row) => row.planned)),
      countriesReached: allCountries.size,
      participants: sum(rows.map((row) => row.participants)),
    },
  };
}

/** The suggested activities by type, in the order of the vocabulary, with their number, cost and share. */
export function budgetByActivityType(inputs: readonly RegionalInput[], totalBudgetUsd: number) {
  const activities = inputs.flatMap((input) => input.activities?.activities ?? []);
  return Object.entries(activityTypes).flatMap(([code, label]) => {
    const ofType = activities.filter((activity) => activity.activityType === code);
    if (ofType.length === 0) return [];
    const budgetUsd = sumUsd(ofType.map((activity) => activity.estimatedCostUsd));
    return [
      {
        activityType: { code, label } as Coded,
        activities: ofType.length,
        budgetUsd,
        inKindUsd: sumUsd(ofType.map((activity) => activity.inKindOfferUsd ?? 0)),
        share: share(budgetUsd, totalBudgetUsd),
      },
    ];
  });
}
