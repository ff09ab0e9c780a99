import { describe, expect, it } from 'vitest';
import { countryName } from '#domain/countries.ts';

describe('countryName', () => {
  it.each([
    ['CD', 'Democratic Republic of the Congo'],
    ['LC', 'Saint Lucia'],
    ['VN', 'Viet Nam'],
    ['BO', 'Bolivia (Plurinational State of)'],
    ['FR', 'France'],
    ['PE', 'Peru'],
  ])('names %s as the UN does: %s', (code, name) => {
    expect(countryName(code)).toBe(name);
  });
});
