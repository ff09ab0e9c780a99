/**
 * The ten Regional Plant Protection Organizations. This is seed data: it is written to the table
 * once and read from there, because membership changes. Member lists marked unverified in the
 * domain brief are best-effort and meant to be corrected in the table, not in code.
 */
import * as z from 'zod';
import { lazy } from './lazy.ts';

export const rppoCodes = [
  'APPPC',
  'CAHFSA',
  'CAN',
  'COSAVE',
  'EPPO',
  'IAPSC',
  'NAPPO',
  'NEPPO',
  'OIRSA',
  'PPPO',
] as const;

export type RppoCode = (typeof rppoCodes)[number];
/** The schema of an RPPO code, built on first use. */
export const rppoCodeSchema = lazy(() => z.enum(rppoCodes));

export interface Rppo {
  readonly code: RppoCode;
  readonly name: string;
  readonly region: string;
  readonly seat: string;
  /** ISO 639-1 working languages. */
  readonly languages: readonly string[];
  /** ISO 3166-1 alpha-2 codes of member countries and territories. */
  readonly members: readonly string[];
}

export const rppoSeed: readonly Rppo[] = [
  {
    code: 'APPPC',
    name: 'Asia and Pacific Plant Protection Commission',
    region: 'Asia and the Pacific',
    seat: 'Bangkok',
    languages: ['en'],
    members: 'AU BD BT KH CN KP FJ FR IN ID KR LA MY MM NP NZ PK PG PH WS SB LK TH TL TO VN'.split(' '),
  },
  {
    code: 'CAHFSA',
    name: 'Caribbean Agricultural Health and Food Safety Agency',
    region: 'Caribbean',
    seat: 'Paramaribo',
    languages: ['en'],
    members: 'AG BS BB BZ DM GD GY HT JM KN LC VC SR TT'.split(' '),
  },
  {
    code: 'CAN',
    name: 'Comunidad Andina (Andean Community)',
    region: 'Andean region',
    seat: 'Lima',
    languages: ['es'],
    members: 'BO CO EC PE'.split(' '),
  },
  {
    code: 'COSAVE',
    name: 'Comité de Sanidad Vegetal del Cono Sur',
    region: 'Southern Cone',
    seat: 'Montevideo',
    languages: ['es', 'pt'],
    members: 'AR BO BR CL PY PE UY'.split(' '),
  },
  {
    code: 'EPPO',
    name: 'European and Mediterranean Plant Protection Organization',
    region: 'Europe and the Mediterranean',
    seat: 'Paris',
    languages: ['en', 'fr', 'ru'],
    members: (
      'AL DZ AT AZ BY BE BA BG HR CY CZ DK EE FI FR GE DE GR GG HU IE IL IT JE JO KZ KG LV LT LU MT MD ME ' +
      'MA NL MK NO PL PT RO RU RS SK SI ES SE CH TN TR UA GB UZ'
    ).split(' '),
  },
  {
    code: 'IAPSC',
    name: 'Inter-African Phytosanitary Council of the African Union',
    region: 'Africa',
    seat: 'Yaoundé',
    languages: ['en', 'fr'],
    members: (
      'DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG MW ML MR ' +
      'MU MA MZ NA NE NG RW EH ST SN SC SL SO ZA SS SD TZ TG TN UG ZM ZW'
    ).split(' '),
  },
  {
    code: 'NAPPO',
    name: 'North American Plant Protection Organization',
    region: 'North America',
    seat: 'Raleigh',
    languages: ['en', 'es'],
    members: 'CA MX US'.split(' '),
  },
  {
    code: 'NEPPO',
    name: 'Near East Plant Protection Organization',
    region: 'Near East and North Africa',
    seat: 'Rabat',
    languages: ['ar', 'en', 'fr'],
    members: 'DZ EG IR IQ JO LB LY MA OM PK SD SY TN'.split(' '),
  },
  {
    code: 'OIRSA',
    name: 'Organismo Internacional Regional de Sanidad Agropecuaria',
    region: 'Central America',
    seat: 'San Salvador',
    languages: ['es'],
    members: 'BZ CR DO SV GT HN MX NI PA'.split(' '),
  },
  {
    code: 'PPPO',
    name: 'Pacific Plant Protection Organisation',
    region: 'Pacific',
    seat: 'Suva',
    languages: ['en', 'fr'],
    members: 'AS AU CK FJ PF GU KI MH FM NR NC NZ NU MP PW PG PN WS SB TK TO TV VU WF'.split(' '),
  },
];
