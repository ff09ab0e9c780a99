import { describe, expect, it } from 'vitest';
import { canRead, parseGroups, principalFromClaims, requireWrite } from '#domain/access.ts';
import { ForbiddenError, UnauthorizedError } from '#domain/errors.ts';

describe('parseGroups', () => {
  it.each([
    ['the HTTP API flattened string', '[secretariat rppo-EPPO]', ['secretariat', 'rppo-EPPO']],
    ['a JSON array', ['rppo-CAN', 'rppo-COSAVE'], ['rppo-CAN', 'rppo-COSAVE']],
    ['a single group name', 'secretariat', ['secretariat']],
    ['a comma-separated list', 'rppo-CAN,rppo-COSAVE', ['rppo-CAN', 'rppo-COSAVE']],
    ['an empty flattened list', '[]', []],
    ['a missing claim', undefined, []],
    ['a number', 42, []],
  ])('reads %s', (_shape, claim, groups) => {
    expect(parseGroups(claim)).toEqual(groups);
  });
});

describe('principalFromClaims', () => {
  it('takes the tenant from rppo- groups only and ignores unknown codes', () => {
    // act
    const principal = principalFromClaims({
      sub: 'u1',
      email: 'a@b.org',
      'cognito:groups': '[rppo-EPPO rppo-ORISA admins]',
      'custom:rppo': 'NAPPO',
    });

    // assess
    expect(principal).toEqual({ subject: 'u1', email: 'a@b.org', secretariat: false, rppos: ['EPPO'] });
  });

  it('throws UnauthorizedError without a subject', () => {
    expect(() => principalFromClaims({ 'cognito:groups': 'secretariat' })).toThrow(UnauthorizedError);
    expect(() => principalFromClaims(undefined)).toThrow(UnauthorizedError);
  });
});

describe('who may read and write input', () => {
  const secretariat = principalFromClaims({ sub: 's', 'cognito:groups': ['secretariat'] });
  const eppo = principalFromClaims({ sub: 'e', 'cognito:groups': ['rppo-EPPO'] });

  it('lets the Secretariat read every RPPO and an RPPO only itself', () => {
    expect(canRead(secretariat, 'NAPPO')).toBe(true);
    expect(canRead(eppo, 'EPPO')).toBe(true);
    expect(canRead(eppo, 'NAPPO')).toBe(false);
  });

  it('lets only the RPPO itself write its input', () => {
    expect(() => requireWrite(eppo, 'EPPO')).not.toThrow();
    expect(() => requireWrite(eppo, 'NAPPO')).toThrow(ForbiddenError);
    expect(() => requireWrite(secretariat, 'EPPO')).toThrow(ForbiddenError);
  });
});
