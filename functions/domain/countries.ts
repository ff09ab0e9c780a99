/**
 * ISO 3166-1 countries: which codes exist, and their English names as the UN and FAO write them in
 * official documents.
 */
// The code list of i18n-iso-countries without the package's entry points: `index.js` indexes it and
// sets up name matching (diacritics) at import, the Node entry also loads ~80 languages of names
// (700 KB); checking and listing codes needs none of that.
import codes from 'i18n-iso-countries/codes.json' with { type: 'json' };
import { lazy } from './lazy.ts';

// Each entry is [alpha-2, alpha-3, numeric, ISO 3166-2 name]; the last is not a code.
const knownCodes = lazy(() => new Set(codes.flatMap((entry) => entry.slice(0, 3))));

/** Whether a code is an ISO 3166-1 code (alpha-2, alpha-3 or numeric, any case), as i18n-iso-countries' `isValid` says. */
export function isCountryCode(code: string): boolean {
  return knownCodes().has(code.toUpperCase());
}

/** The ISO 3166-1 alpha-2 codes of every country and territory, in the package's order. */
export const alpha2Codes = lazy((): readonly string[] => codes.map(([alpha2]) => alpha2 as string));

/**
 * Intl.DisplayNames gives everyday English ("Congo - Kinshasa", "St. Lucia", "Laos"); the names below
 * replace those that a funding proposal must not use. The list is data: extend it when a reviewer
 * flags a name.
 */
const unTerminology: Readonly<Record<string, string>> = {
  AG: 'Antigua and Barbuda',
  BA: 'Bosnia and Herzegovina',
  BN: 'Brunei Darussalam',
  BO: 'Bolivia (Plurinational State of)',
  BS: 'Bahamas',
  CD: 'Democratic Republic of the Congo',
  CG: 'Congo',
  CI: "Côte d'Ivoire",
  CV: 'Cabo Verde',
  CZ: 'Czechia',
  FM: 'Micronesia (Federated States of)',
  GB: 'United Kingdom of Great Britain and Northern Ireland',
  GM: 'Gambia',
  IR: 'Iran (Islamic Republic of)',
  KN: 'Saint Kitts and Nevis',
  KP: "Democratic People's Republic of Korea",
  KR: 'Republic of Korea',
  LA: "Lao People's Democratic Republic",
  LC: 'Saint Lucia',
  MD: 'Republic of Moldova',
  MM: 'Myanmar',
  NL: 'Netherlands (Kingdom of the)',
  PS: 'State of Palestine',
  RU: 'Russian Federation',
  ST: 'Sao Tome and Principe',
  SY: 'Syrian Arab Republic',
  TT: 'Trinidad and Tobago',
  TZ: 'United Republic of Tanzania',
  US: 'United States of America',
  VC: 'Saint Vincent and the Grenadines',
  VE: 'Venezuela (Bolivarian Republic of)',
  VN: 'Viet Nam',
  WF: 'Wallis and Futuna Islands',
};

// Built on first use: only the functions that write names (proposal, web pages) pay for it.
const everydayNames = lazy(() => new Intl.DisplayNames('en', { type: 'region', fallback: 'code' }));

/** The English name of an ISO 3166-1 alpha-2 country code, in UN terminology. */
export function countryName(code: string): string {
  return unTerminology[code] ?? everydayNames().of(code) ?? code;
}
