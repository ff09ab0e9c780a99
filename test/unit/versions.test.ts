import { describe, expect, it } from 'vitest';
import { PreconditionFailedError, PreconditionRequiredError } from '#domain/errors.ts';
import { expectedVersion, nextVersion, type Submission } from '#domain/submissions.ts';
import { ifMatchVersion } from '#http/request.ts';
import { makeCall } from '../support/fixtures.ts';

const stored = { version: 3, updatedAt: '2027-01-01T00:00:00Z', submittedVersion: 2 } as Submission;
const actor = { subject: 'u', email: undefined };

describe('expectedVersion', () => {
  it('creates without If-Match and refuses a version for a form never saved', () => {
    expect(expectedVersion(undefined, undefined)).toBeUndefined();
    expect(() => expectedVersion(undefined, 1)).toThrow(PreconditionFailedError);
  });

  it('returns 428 without If-Match and 412 when stale', () => {
    expect(() => expectedVersion(stored, undefined)).toThrow(PreconditionRequiredError);
    expect(() => expectedVersion(stored, 2)).toThrow(PreconditionFailedError);
    expect(expectedVersion(stored, 3)).toBe(3);
    expect(expectedVersion(stored, '*')).toBe(3);
  });
});

describe('nextVersion', () => {
  it('keeps pointing at the last submitted version while a new draft is saved', () => {
    // act
    const { submission, revision } = nextVersion(
      makeCall(),
      { rppo: 'EPPO', form: 'pilot-activities' },
      stored,
      { data: { activities: [] }, status: 'draft' },
      actor,
      new Date('2027-01-02T00:00:00Z'),
    );

    // assess
    expect(submission).toMatchObject({ version: 4, status: 'draft', submittedVersion: 2 });
    expect(revision).toMatchObject({ version: 4, status: 'draft', createdAt: '2027-01-02T00:00:00.000Z' });
  });
});

describe('ifMatchVersion', () => {
  const event = (value?: string) => ({ headers: value === undefined ? {} : { 'if-match': value } }) as never;

  it.each([
    ['"3"', 3],
    ['W/"3"', 3],
    ['3', 3],
    ['*', '*'],
    [undefined, undefined],
  ])('reads %s', (header, version) => {
    expect(ifMatchVersion(event(header))).toBe(version);
  });

  it('refuses an ETag it did not give out', () => {
    expect(() => ifMatchVersion(event('"abc"'))).toThrow(/If-Match/);
  });
});
