import { describe, expect, it } from 'vitest';
import {
  isTimeZone,
  offeredZone,
  otherNameOf,
  timeZoneGroups,
  timeZoneNames,
  utcToZoned,
  zonedToUtc,
} from '#web/time-zone.ts';

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

describe('timeZoneGroups', () => {
  it('groups the zones by area, UTC and the names of no area first', () => {
    // prepare
    const names = ['UTC', 'Europe/Paris', 'Arctic/Longyearbyen', 'America/Argentina/Salta', 'Africa/Dakar'];

    // act
    const groups = timeZoneGroups(names);

    // assess
    expect(groups).toEqual([
      { area: 'other', zones: ['UTC', 'Arctic/Longyearbyen'] },
      { area: 'Africa', zones: ['Africa/Dakar'] },
      { area: 'America', zones: ['America/Argentina/Salta'] },
      { area: 'Europe', zones: ['Europe/Paris'] },
    ]);
  });

  it('lists every zone the runtime offers exactly once', () => {
    // act
    const grouped = timeZoneGroups().flatMap((group) => group.zones);

    // assess
    expect(grouped.toSorted()).toEqual(timeZoneNames().toSorted());
    expect(grouped[0]).toBe('UTC');
  });
});

describe('offeredZone', () => {
  it('selects the listed name of a zone posted under its other name, whichever the runtime lists', () => {
    // prepare: Node 20 and Chromium list Asia/Calcutta; newer runtimes list Asia/Kolkata
    const older = ['UTC', 'Asia/Calcutta'];
    const newer = ['UTC', 'Asia/Kolkata'];

    // act
    const offered = [offeredZone('Asia/Kolkata', older), offeredZone('Asia/Calcutta', newer)];

    // assess
    expect(offered).toEqual(['Asia/Calcutta', 'Asia/Kolkata']);
    expect([otherNameOf('Europe/Kyiv'), otherNameOf('Europe/Kiev'), otherNameOf('Europe/Paris')]).toEqual([
      'Europe/Kiev',
      'Europe/Kyiv',
      undefined,
    ]);
  });

  it('selects a listed zone itself, or the name Intl resolves another spelling to', () => {
    // act
    const offered = ['Europe/Paris', 'europe/paris'].map((zone) =>
      offeredZone(zone, ['UTC', 'Europe/Paris']),
    );

    // assess
    expect(offered).toEqual(['Europe/Paris', 'Europe/Paris']);
  });

  it('offers nothing for a name that is no zone, or a zone not listed', () => {
    // act
    const offered = ['Europe/Atlantis', '../etc', 'Asia/Tokyo'].map((zone) =>
      offeredZone(zone, ['UTC', 'Europe/Paris']),
    );

    // assess
    expect(offered).toEqual([undefined, undefined, undefined]);
  });

  it('gives only other names that Intl reads as the same zone', () => {
    // act: each other name must mean the same zone to Intl, or a deadline typed in it would move
    const mismatched = timeZoneNames().flatMap((zone) => {
      const other = otherNameOf(zone);
      if (other === undefined) return [];
      const instant = '2027-07-14T10:00:00Z';
      return utcToZoned(instant, zone) === utcToZoned(instant, other) ? [] : [`${zone} ≠ ${other}`];
    });

    // assess
    expect(mismatched).toEqual([]);
  });
});
