import { describe, expect, it } from 'vitest';
import { changeNote, changesSince, fingerprintsOf } from '#domain/proposal-changes.ts';
import { buildProposalModel } from '#domain/proposals.ts';
import { rppoSeed } from '#domain/rppos.ts';
import { makeActivity, makeCall, makeComment, makeRevision } from '../support/fixtures.ts';

const call = makeCall();
const eppo = makeRevision('EPPO', 'pilot-activities', { activities: [makeActivity()] });
const model = (revisions = [eppo], sections = call.draftSections) =>
  buildProposalModel({ call: { ...call, draftSections: sections }, rppos: rppoSeed, revisions });

describe('changesSince', () => {
  it('names nothing for the first proposal of a call', () => {
    const changes = changesSince(undefined, fingerprintsOf(model()));

    expect(changes).toEqual({ since: null, regions: [], sections: [] });
    expect(changeNote(changes, model())).toBe('First assembled version for this call.');
  });

  it('names the regions with new input and the sections with new comments', () => {
    // prepare
    const previous = {
      id: 'p1',
      createdAt: '2027-02-01T10:00:00.000Z',
      fingerprints: fingerprintsOf(model()),
    };
    const comment = makeRevision('NAPPO', 'draft-input', {
      comments: [makeComment({ sectionId: 'rationale' })],
    });
    const current = model([eppo, comment]);

    // act
    const changes = changesSince(previous, fingerprintsOf(current));

    // assess
    expect(changes).toEqual({
      since: { id: 'p1', createdAt: previous.createdAt },
      regions: ['NAPPO'],
      sections: ['rationale'],
    });
    expect(changeNote(changes, current)).toBe(
      'Since the version assembled on 2027-02-01: new or revised input from NAPPO; changes to the draft sections Rationale.',
    );
  });

  it('names a draft section that was removed', () => {
    // prepare
    const previous = {
      id: 'p1',
      createdAt: '2027-02-01T10:00:00.000Z',
      fingerprints: fingerprintsOf(model()),
    };
    const current = model([eppo], call.draftSections.slice(0, 1));

    // act
    const changes = changesSince(previous, fingerprintsOf(current));

    // assess
    expect(changes.sections).toEqual(['rationale']);
    expect(changeNote(changes, current)).toContain('rationale (removed)');
  });
});
