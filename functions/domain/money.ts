/**
 * Sums of amounts in US dollars. Cents are the unit of every total so that sums of decimal amounts stay exact:
 * the same rows always give the same total, whatever their order. And how the proposal writes them.
 */
import { lazy } from './lazy.ts';

/** An amount in whole cents. */
export function toCents(usd: number): number {
  return Math.round(usd * 100);
}

/** The exact sum of amounts in dollars, to the cent. */
export function sumUsd(values: readonly number[]): number {
  return sum(values.map(toCents)) / 100;
}

/** The sum of plain numbers (counts). */
export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** `part` as a fraction of `whole` (0 when the whole is 0), for shares shown as percentages. */
export function share(part: number, whole: number): number {
  return whole === 0 ? 0 : toCents(part) / toCents(whole);
}

// Built on first use: the first Intl formatter of a process loads ICU data (about 10 ms).
const wholeNumbers = lazy(() => new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }));

/**
 * `1,234,568`: a number rounded to a whole number, with thousands grouping. A proposal estimates, so cents would
 * only add noise; totals are summed in cents, so a rounded total may differ by a dollar from its rounded lines.
 */
export function wholeNumber(value: number): string {
  return wholeNumbers().format(value);
}
