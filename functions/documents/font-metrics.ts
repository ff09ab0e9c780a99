// Widths of text in the document font (Calibri, whose widths are Carlito's), for sizing table columns and laying out
// charts. ASCII characters have their own widths; others are estimated.
import { GLYPHS, UNITS_PER_EM } from './chart-font.ts';

const advances = new Map(GLYPHS.map(([char, advance]) => [char, advance]));
// About the width of an average lower-case letter; wide (CJK, full-width) characters take a whole em.
const OTHER = 520;
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

// Words recur throughout a proposal: the widths of short texts are kept, up to a bound, so each is measured once.
const measured = new Map<string, number>();
const MEASURED_KEPT = 50_000;
const MEASURED_LENGTH = 40;

/** The width of a text in font units, at 1000 units per em. */
export function textUnits(text: string): number {
  const known = measured.get(text);
  if (known !== undefined) return known;
  let units = 0;
  for (const char of text) units += advances.get(char) ?? (WIDE.test(char) ? UNITS_PER_EM : OTHER);
  if (text.length <= MEASURED_LENGTH) {
    if (measured.size >= MEASURED_KEPT) measured.clear();
    measured.set(text, units);
  }
  return units;
}
