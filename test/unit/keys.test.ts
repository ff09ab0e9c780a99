import { describe, expect, it } from 'vitest';
import { keys, proposalObjectKey } from '#store/keys.ts';

describe('keys', () => {
  it('puts a call, its submissions, revisions and proposals in one partition', () => {
    // act
    const partitions = new Set([
      keys.call('c1').PK,
      keys.submission('c1', 'EPPO', 'pilot-activities').PK,
      keys.revision('c1', 'EPPO', 'pilot-activities', 3).PK,
      keys.proposal('c1', 'p1').PK,
    ]);

    // assess
    expect([...partitions]).toEqual(['CALL#c1']);
  });

  it('pads revision versions so that they sort by number', () => {
    // act
    const sortKeys = [10, 9, 100]
      .map((version) => keys.revision('c1', 'CAN', 'draft-input', version).SK)
      .sort();

    // assess
    expect(sortKeys).toEqual([
      'REV#CAN#draft-input#000009',
      'REV#CAN#draft-input#000010',
      'REV#CAN#draft-input#000100',
    ]);
  });

  it('gives submission prefixes that do not match another RPPO whose code starts the same', () => {
    // act
    const prefix = keys.submissionsPrefix('c1', 'CAN').prefix;

    // assess
    expect(keys.submission('c1', 'CAN', 'draft-input').SK.startsWith(prefix)).toBe(true);
    expect(keys.submission('c1', 'CAHFSA', 'draft-input').SK.startsWith(prefix)).toBe(false);
  });

  it('names proposal objects by call and proposal', () => {
    expect(proposalObjectKey('c1', 'p1')).toBe('proposals/c1/p1.docx');
  });
});
