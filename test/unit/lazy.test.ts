import { describe, expect, it } from 'vitest';
import { lazy } from '#domain/lazy.ts';

describe('lazy', () => {
  it('builds the value on the first call only, then returns the same value', () => {
    // prepare
    let builds = 0;
    const value = lazy(() => {
      builds += 1;
      return { built: builds };
    });

    // act, assess
    expect(builds).toBe(0);
    const first = value();
    expect(value()).toBe(first);
    expect(builds).toBe(1);
  });

  it('keeps an undefined value without building it again', () => {
    let builds = 0;
    const value = lazy(() => {
      builds += 1;
      return undefined;
    });

    value();
    value();

    expect(builds).toBe(1);
  });
});
