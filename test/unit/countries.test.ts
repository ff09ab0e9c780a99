import countries from 'i18n-iso-countries/index.js';
import { describe, expect, it } from 'vitest';
import { alpha2Codes, countryName, isCountryCode } from '#domain/countries.ts';

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

describe('country codes, read from the package code list', () => {
  it('list the same alpha-2 codes, in the same order, as i18n-iso-countries', () => {
    expect(alpha2Codes()).toEqual(Object.keys(countries.getAlpha2Codes()));
  });

  it.each([
    'FR',
    'fr',
    'FRA',
    '250',
    'XK',
    'XX',
    'EU',
    'ZZ',
    '',
    '__proto__',
    'constructor',
    'ISO 3166-2:FR',
  ])('accept %j exactly when the package isValid does', (code) => {
    expect(isCountryCode(code)).toBe(countries.isValid(code));
  });

  it('accept every alpha-2, alpha-3 and numeric code the package knows', () => {
    const known = Object.entries(countries.getAlpha2Codes()).flatMap(([alpha2, alpha3]) => [
      alpha2,
      alpha3,
      countries.alpha2ToNumeric(alpha2) ?? '',
    ]);
    expect(known.filter((code) => !isCountryCode(code))).toEqual([]);
  });
});
