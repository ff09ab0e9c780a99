/**
 * Country names as the UN and FAO write them in official documents. Intl.DisplayNames gives everyday
 * English ("Congo - Kinshasa", "St. Lucia", "Laos"); the names below replace those that a funding
 * proposal must not use. The list is data: extend it when a reviewer flags a name.
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

const everydayNames = new Intl.DisplayNames('en', { type: 'region', fallback: 'code' });

/** The English name of an ISO 3166-1 alpha-2 country code, in UN terminology. */
export function countryName(code: string): string {
  return unTerminology[code] ?? everydayNames.of(code) ?? code;
}
