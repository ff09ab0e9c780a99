/**
 * Date-times typed in a named time zone (IANA, such as Europe/Paris) and the UTC instants they mean,
 * with Intl only. Pure.
 *
 * A local time a zone skips (the spring-forward gap) or repeats (the autumn overlap) is resolved the
 * way RFC 5545 and Temporal's `disambiguation: 'compatible'` do: a repeated time means its first
 * occurrence (the earlier instant); a skipped time is read with the offset in force just before the
 * gap, so it lands that many minutes later (02:30 on the night Paris springs forward is 03:30 CEST).
 */

/** The zone the form uses when the reader's is not known (no JavaScript). */
export const DEFAULT_TIME_ZONE = 'UTC';

const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d))?$/;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter giving the wall-clock parts of an instant in `zone`; undefined for an unknown zone. */
function formatterFor(zone: string): Intl.DateTimeFormat | undefined {
  if (!IANA_NAME.test(zone)) return undefined;
  let formatter = formatters.get(zone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
        era: 'short',
      });
    } catch {
      return undefined;
    }
    // Only canonical names are kept, so that case variants of one name cannot grow the cache.
    if (formatter.resolvedOptions().timeZone === zone) formatters.set(zone, formatter);
  }
  return formatter;
}

/** Whether Intl knows `zone` as an IANA time zone name (`Europe/Paris`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  return formatterFor(zone) !== undefined;
}

/** The IANA zones a select offers: UTC first, then every zone the runtime knows. */
export function timeZoneNames(): readonly string[] {
  return [DEFAULT_TIME_ZONE, ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
}

/** The areas of the IANA names (`Europe/Paris`), in the order a select lists them. */
export const TIME_ZONE_AREAS = [
  'Africa',
  'America',
  'Antarctica',
  'Asia',
  'Atlantic',
  'Australia',
  'Europe',
  'Indian',
  'Pacific',
] as const;
/** `other`: UTC and the few names outside those areas (Arctic/Longyearbyen). */
export type TimeZoneArea = (typeof TIME_ZONE_AREAS)[number] | 'other';

export interface TimeZoneGroup {
  readonly area: TimeZoneArea;
  readonly zones: readonly string[];
}

/** The offered zones by area, `other` (with UTC) first; an area without zones is left out. */
export function timeZoneGroups(names: readonly string[] = timeZoneNames()): TimeZoneGroup[] {
  const areaOf = (zone: string): TimeZoneArea =>
    TIME_ZONE_AREAS.find((area) => zone.startsWith(`${area}/`)) ?? 'other';
  return (['other', ...TIME_ZONE_AREAS] as const)
    .map((area) => ({ area, zones: names.filter((zone) => areaOf(zone) === area) }))
    .filter((group) => group.zones.length > 0);
}

/**
 * Zones IANA renamed while CLDR, and so ICU and the Intl of Node 20 and Chromium, kept the old name
 * as canonical: the server may list one name while a browser reports the other (Firefox says
 * Asia/Kolkata where Chromium says Asia/Calcutta, and newer runtimes list the new names). [old, new].
 */
const RENAMED_ZONES: readonly (readonly [string, string])[] = [
  ['America/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
  ['America/Catamarca', 'America/Argentina/Catamarca'],
  ['America/Cordoba', 'America/Argentina/Cordoba'],
  ['America/Godthab', 'America/Nuuk'],
  ['America/Indianapolis', 'America/Indiana/Indianapolis'],
  ['America/Jujuy', 'America/Argentina/Jujuy'],
  ['America/Louisville', 'America/Kentucky/Louisville'],
  ['America/Mendoza', 'America/Argentina/Mendoza'],
  ['Asia/Calcutta', 'Asia/Kolkata'],
  ['Asia/Katmandu', 'Asia/Kathmandu'],
  ['Asia/Rangoon', 'Asia/Yangon'],
  ['Asia/Saigon', 'Asia/Ho_Chi_Minh'],
  ['Atlantic/Faeroe', 'Atlantic/Faroe'],
  ['Europe/Kiev', 'Europe/Kyiv'],
  ['Pacific/Enderbury', 'Pacific/Kanton'],
];

/** The other name of a renamed zone (`Asia/Kolkata` for `Asia/Calcutta` and back), if it has one. */
export function otherNameOf(zone: string): string | undefined {
  for (const [old, renamed] of RENAMED_ZONES) {
    if (zone === old) return renamed;
    if (zone === renamed) return old;
  }
  return undefined;
}

/**
 * The name among `names` of the zone `zone` means: itself, its other name if it was renamed, or the
 * name Intl resolves it to (`US/Eastern` is America/New_York); undefined for a zone not offered.
 */
export function offeredZone(zone: string, names: readonly string[] = timeZoneNames()): string | undefined {
  const renamed = otherNameOf(zone);
  const resolved = formatterFor(zone)?.resolvedOptions().timeZone;
  return [zone, renamed, resolved].find((name) => name !== undefined && names.includes(name));
}

/** The wall-clock time of `instant` in the zone, as epoch milliseconds of the same time in UTC. */
function wallClock(formatter: Intl.DateTimeFormat, instant: number): number {
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(instant)) parts[part.type] = part.value;
  const year = Number(parts.year) * (parts.era === 'BC' ? -1 : 1);
  const date = new Date(0);
  date.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day));
  date.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second), 0);
  return date.getTime();
}

/** The zone's offset from UTC at `instant`, in milliseconds (+1 h in Paris in winter). */
function offsetAt(formatter: Intl.DateTimeFormat, instant: number): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallClock(formatter, whole) - whole;
}

/**
 * The UTC instant (ISO 8601, `2027-03-31T21:59:00Z`) of a date-time typed as `2027-03-31T23:59` in
 * `zone`; undefined when the zone is unknown or the text is no real date-time. See the module's
 * comment for skipped and repeated times.
 */
export function zonedToUtc(typed: string, zone: string): string | undefined {
  const formatter = formatterFor(zone);
  const match = LOCAL_DATE_TIME.exec(typed.trim());
  if (!formatter || !match) return undefined;
  const [year, month, day, hour, minute, second = '00'] = match.slice(1).map((part) => part ?? '00');
  const date = new Date(0);
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second), 0);
  const wall = date.getTime();
  // 2027-02-30 or 24:00 roll over in Date: refuse them rather than move the deadline.
  if (
    Number.isNaN(wall) ||
    date.toISOString().slice(0, 19) !== `${year}-${month}-${day}T${hour}:${minute}:${second}`
  )
    return undefined;
  // The offsets in force a day either side cover any transition near this time (zones change at most
  // once within a day); each that maps back to the same wall time gives a real instant.
  const before = offsetAt(formatter, wall - DAY);
  const after = offsetAt(formatter, wall + DAY);
  const instants = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((instant) => wallClock(formatter, instant) === wall)
    .sort((a, b) => a - b);
  // Repeated: the first occurrence. Skipped: the offset from before the gap.
  const instant = instants[0] ?? wall - before;
  return new Date(instant).toISOString().replace('.000Z', 'Z');
}

/** The wall-clock date-time (`2027-03-31T23:59`) of an instant in `zone`, as a datetime-local input shows it. */
export function utcToZoned(instant: string, zone: string): string | undefined {
  const formatter = formatterFor(zone);
  const time = Date.parse(instant);
  if (!formatter || Number.isNaN(time)) return undefined;
  return new Date(wallClock(formatter, time)).toISOString().slice(0, 16);
}
