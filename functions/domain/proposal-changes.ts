/**
 * What changed between two assembled proposals of a call: a fingerprint per region and per draft
 * section, compared with the previous proposal's. Pure.
 */
import { createHash } from 'node:crypto';
import type { ProposalModel } from './proposals.ts';

export interface Fingerprints {
  readonly regions: Readonly<Record<string, string>>;
  readonly sections: Readonly<Record<string, string>>;
}

export interface ProposalChanges {
  /** The proposal compared with; null for the first of a call. */
  readonly since: { readonly id: string; readonly createdAt: string } | null;
  /** RPPO codes whose input changed (new, revised or withdrawn). */
  readonly regions: readonly string[];
  /** Ids of draft sections whose text or comments changed, or that were added or removed. */
  readonly sections: readonly string[];
}

const fingerprint = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('base64url');

export function fingerprintsOf(model: ProposalModel): Fingerprints {
  return {
    // A region's share of the total moves when another region changes: it is not the region's input.
    regions: Object.fromEntries(
      model.regions.map(({ budgetShare, ...region }) => [region.code, fingerprint(region)]),
    ),
    sections: Object.fromEntries(
      model.draftSections.map((section) => [
        section.id,
        fingerprint({
          section,
          comments: model.commentsBySection.find((entry) => entry.id === section.id)?.comments ?? [],
        }),
      ]),
    ),
  };
}

function differing(
  previous: Readonly<Record<string, string>>,
  current: Readonly<Record<string, string>>,
): string[] {
  const keys = [...new Set([...Object.keys(previous), ...Object.keys(current)])];
  return keys.filter((key) => previous[key] !== current[key]).sort();
}

/** Compares the fingerprints with those of the previous proposal, if any. */
export function changesSince(
  previous: { id: string; createdAt: string; fingerprints?: Fingerprints } | undefined,
  current: Fingerprints,
): ProposalChanges {
  if (!previous?.fingerprints) {
    return {
      since: previous ? { id: previous.id, createdAt: previous.createdAt } : null,
      regions: [],
      sections: [],
    };
  }
  return {
    since: { id: previous.id, createdAt: previous.createdAt },
    regions: differing(previous.fingerprints.regions, current.regions),
    sections: differing(previous.fingerprints.sections, current.sections),
  };
}

/** One sentence for the document's version note. */
export function changeNote(changes: ProposalChanges, model: ProposalModel): string {
  if (!changes.since) return 'First assembled version for this call.';
  const since = `Since the version assembled on ${changes.since.createdAt.slice(0, 10)}`;
  const sectionTitles = changes.sections.map(
    (id) => model.draftSections.find((section) => section.id === id)?.title ?? `${id} (removed)`,
  );
  const parts = [
    changes.regions.length > 0 ? `new or revised input from ${changes.regions.join(', ')}` : '',
    sectionTitles.length > 0 ? `changes to the draft sections ${sectionTitles.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length > 0
    ? `${since}: ${parts.join('; ')}.`
    : `${since}: changes to the call's details only.`;
}
