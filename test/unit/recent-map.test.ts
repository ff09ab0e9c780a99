import { describe, expect, it } from 'vitest';
import { createRecentMap } from '#domain/recent.ts';

function clockAt(start: number) {
  const clock = { now: start, read: () => clock.now };
  return clock;
}

describe('createRecentMap', () => {
  it('returns what was set until it is older than its age limit', () => {
    // prepare
    const clock = clockAt(1_000);
    const recent = createRecentMap<string>({ maxEntries: 10, maxAgeMilliseconds: 60_000, now: clock.read });
    recent.set('call-1', 'version 3');

    // act
    clock.now += 59_999;
    const young = recent.get('call-1');
    clock.now += 1;
    const old = recent.get('call-1');

    // assess
    expect(young).toBe('version 3');
    expect(old).toBeUndefined();
  });

  it('forgets the entry set longest ago once it holds more than its size limit', () => {
    // prepare
    const clock = clockAt(0);
    const recent = createRecentMap<number>({ maxEntries: 2, maxAgeMilliseconds: 60_000, now: clock.read });
    recent.set('a', 1);
    recent.set('b', 2);
    recent.set('a', 3);

    // act
    recent.set('c', 4);

    // assess: setting 'a' again made 'b' the oldest
    expect([recent.get('a'), recent.get('b'), recent.get('c')]).toEqual([3, undefined, 4]);
  });

  it('restarts the age of an entry that is set again', () => {
    // prepare
    const clock = clockAt(0);
    const recent = createRecentMap<number>({ maxEntries: 2, maxAgeMilliseconds: 1_000, now: clock.read });
    recent.set('a', 1);
    clock.now = 900;
    recent.set('a', 2);

    // act
    clock.now = 1_500;

    // assess
    expect(recent.get('a')).toBe(2);
  });
});
