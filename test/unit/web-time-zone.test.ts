import { describe, expect, it } from 'vitest';
import { isTimeZone, utcToZoned, zonedToUtc } from '#web/time-zone.ts';

describe('zonedToUtc', () => {
  it.each([
    [
      'a summer date in Europe/Paris (CEST, UTC+2)',
      '2027-07-14T12:00',
      'Europe/Paris',
      '2027-07-14T10:00:00Z',
    ],
    [
      'a winter date in Europe/Paris (CET, UTC+1)',
      '2027-01-15T23:59',
      'Europe/Paris',
      '2027-01-15T22:59:00Z',
    ],
    ['a date-time in UTC', '2027-03-31T23:59', 'UTC', '2027-03-31T23:59:00Z'],
    ['a date-time with seconds, typed with a space', '2027-03-31 23:59:30', 'UTC', '2027-03-31T23:59:30Z'],
    ['a zone west of UTC', '2027-01-15T09:00', 'America/New_York', '2027-01-15T14:00:00Z'],
  ])('returns the UTC instant of %s', (_case, typed, zone, expected) => {
    // act
    const instant = zonedToUtc(typed, zone);

    // assess
    expect(instant).toBe(expected);
  });

  it('reads a time skipped by the spring-forward gap with the offset from before the gap', () => {
    // prepare: Paris goes from 02:00 CET to 03:00 CEST on 28 March 2027; 02:30 never happens there
    const skipped = '2027-03-28T02:30';

    // act
    const instant = zonedToUtc(skipped, 'Europe/Paris');

    // assess: 02:30 at UTC+1, that is 03:30 CEST
    expect(instant).toBe('2027-03-28T01:30:00Z');
    expect(utcToZoned(instant ?? '', 'Europe/Paris')).toBe('2027-03-28T03:30');
  });

  it('reads a time repeated by the autumn overlap as its first occurrence', () => {
    // prepare: Paris goes from 03:00 CEST back to 02:00 CET on 31 October 2027; 02:30 happens twice
    const repeated = '2027-10-31T02:30';

    // act
    const instant = zonedToUtc(repeated, 'Europe/Paris');

    // assess: the first 02:30, still at UTC+2
    expect(instant).toBe('2027-10-31T00:30:00Z');
  });

  it('returns undefined when the zone is unknown or not an IANA name', () => {
    // act
    const results = ['Europe/Atlantis', 'Not a zone', '+01:00', ''].map((zone) =>
      zonedToUtc('2027-03-31T23:59', zone),
    );

    // assess
    expect(results).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('returns undefined when the date-time does not exist on any calendar', () => {
    // act
    const results = ['2027-02-30T10:00', '2027-03-31T24:00', '2027-13-01T10:00', 'tomorrow'].map((typed) =>
      zonedToUtc(typed, 'UTC'),
    );

    // assess
    expect(results).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('utcToZoned', () => {
  it('shows an instant as the wall-clock time of the zone', () => {
    // act
    const shown = [
      utcToZoned('2027-07-14T10:00:00Z', 'Europe/Paris'),
      utcToZoned('2027-01-15T22:59:00Z', 'Europe/Paris'),
      utcToZoned('2027-03-31T23:59:00Z', 'UTC'),
    ];

    // assess
    expect(shown).toEqual(['2027-07-14T12:00', '2027-01-15T23:59', '2027-03-31T23:59']);
  });

  it('returns undefined for an unknown zone', () => {
    // act
    const shown = utcToZoned('2027-07-14T10:00:00Z', 'Mars/Olympus_Mons');

    // assess
    expect(shown).toBeUndefined();
  });
});

describe('isTimeZone', () => {
  it('knows IANA zones and refuses other text', () => {
    // act
    const known = ['UTC', 'Europe/Paris', 'America/Argentina/Buenos_Aires', 'Europe/Atlantis', '../etc'].map(
      isTimeZone,
    );

    // assess
    expect(known).toEqual([true, true, true, false, false]);
  });
});
