// Charts drawn by the code: each chart is drawn once as a list of rectangles and texts, then written both as SVG
// (which Word shows) and as a PNG fallback (which LibreOffice 7 and Google Docs show). Texts are laid out with the
// widths of Carlito, which are Calibri's: the SVG sets them in Calibri, the PNG draws Carlito's outlines
// (chart-font.ts), so the two look alike and the PNG needs no font on the machine that draws it.
import { wholeNumber } from '#domain/money.ts';
import { CAP_HEIGHT, GLYPHS, UNITS_PER_EM } from './chart-font.ts';
import { encodePng } from './png.ts';
import { ACCENT_COLOR } from './styles.ts';

/** One bar: its label and its value. */
export type Bar = { readonly label: string; readonly value: number };

/** A chart ready to embed: its size in pixels at 96 per inch, its SVG and PNG, and a text for screen readers. */
export type Chart = {
  readonly width: number;
  readonly height: number;
  readonly svg: string;
  readonly png: Buffer;
  readonly description: string;
};

type Rect = { readonly kind: 'rect'; x: number; y: number; w: number; h: number; color: string };
type Text = {
  readonly kind: 'text';
  x: number;
  /** Baseline. */
  y: number;
  text: string;
  size: number;
  color: string;
  anchor: 'start' | 'end' | 'middle';
};
type Shape = Rect | Text;

/** PNG pixels per SVG pixel: 2 × 96 = 192 per inch, sharp in print. */
const PNG_SCALE = 2;
const TEXT_COLOR = '404040';
const GRID_COLOR = 'D9D9D9';
const AXIS_COLOR = '8C8C8C';
const FONT_SIZE = 12;
const ROW_HEIGHT = 28;
const BAR_HEIGHT = 18;

/**
 * A horizontal bar chart of amounts in US dollars, one bar per label, in the order given, with the amount at the end
 * of each bar and a scale of round amounts below.
 */
export function barChart(
  bars: readonly Bar[],
  options: { readonly width: number; readonly title: string },
): Chart {
  const { width } = options;
  const labelWidth = Math.max(40, ...bars.map((bar) => textWidth(bar.label, FONT_SIZE))) + 10;
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  const ticks = niceTicks(max);
  const top = ticks.at(-1) ?? 1;
  const valueRoom = Math.max(...bars.map((bar) => textWidth(wholeNumber(bar.value), FONT_SIZE)), 0) + 12;
  const plotLeft = labelWidth;
  const plotWidth = width - plotLeft - valueRoom;
  const plotTop = 6;
  const plotHeight = Math.max(1, bars.length) * ROW_HEIGHT;
  const height = plotTop + plotHeight + 34;
  const xOf = (value: number) => plotLeft + (plotWidth * value) / top;

  const shapes: Shape[] = [{ kind: 'rect', x: 0, y: 0, w: width, h: height, color: 'FFFFFF' }];
  for (const tick of ticks) {
    const x = Math.round(xOf(tick));
    shapes.push({ kind: 'rect', x, y: plotTop, w: 1, h: plotHeight, color: GRID_COLOR });
    shapes.push(text(wholeNumber(tick), x, plotTop + plotHeight + 16, 'middle', 10));
  }
  shapes.push(text('USD', plotLeft + plotWidth / 2, plotTop + plotHeight + 31, 'middle', 10));
  bars.forEach((bar, index) => {
    const middle = plotTop + index * ROW_HEIGHT + ROW_HEIGHT / 2;
    const baseline = middle + (FONT_SIZE * CAP_HEIGHT) / UNITS_PER_EM / 2;
    const end = xOf(Math.max(0, bar.value));
    shapes.push(text(bar.label, plotLeft - 8, baseline, 'end'));
    shapes.push({
      kind: 'rect',
      x: plotLeft,
      y: middle - BAR_HEIGHT / 2,
      w: end - plotLeft,
      h: BAR_HEIGHT,
      color: ACCENT_COLOR,
    });
    shapes.push(text(wholeNumber(bar.value), end + 5, baseline, 'start'));
  });
  shapes.push({ kind: 'rect', x: plotLeft, y: plotTop, w: 1, h: plotHeight, color: AXIS_COLOR });

  const description = `${options.title}: ${bars.map((bar) => `${bar.label} USD ${wholeNumber(bar.value)}`).join('; ')}`;
  return {
    width,
    height,
    svg: toSvg(shapes, width, height, description),
    png: toPng(shapes, width, height),
    description,
  };
}

function text(value: string, x: number, y: number, anchor: Text['anchor'], size = FONT_SIZE): Text {
  return { kind: 'text', x, y, text: value, size, color: TEXT_COLOR, anchor };
}

/** Round amounts from 0 to at least `max`: 4 to 6 steps of 1, 2, 2.5 or 5 times a power of ten. */
export function niceTicks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].find((factor) => factor * power >= rough) ?? 10) * power;
  const count = Math.ceil(max / step - 1e-9);
  return Array.from({ length: count + 1 }, (_, index) => index * step);
}

// ---------------------------------------------------------------------------------------------------------------
// Text metrics and outlines

type Point = readonly [number, number];
type Glyph = { readonly advance: number; readonly contours: readonly (readonly Point[])[] };

const FALLBACK = '?';
// Quadratic curves become this many straight segments: at chart sizes the difference can't be seen.
const CURVE_STEPS = 6;
// Read on first use, so that loading the module costs nothing.
let glyphs: Map<string, Glyph> | undefined;

function glyph(char: string): Glyph {
  glyphs ??= new Map(GLYPHS.map(([char, advance, path]) => [char, { advance, contours: contoursOf(path) }]));
  const found = glyphs.get(char) ?? glyphs.get(FALLBACK);
  if (!found) throw new Error('The chart font has no fallback glyph');
  return found;
}

/** The width of a text in pixels at a font size in pixels, as the PNG draws it. */
export function textWidth(value: string, size: number): number {
  return ([...value].reduce((sum, char) => sum + glyph(char).advance, 0) * size) / UNITS_PER_EM;
}

function contoursOf(path: string): Point[][] {
  const contours: Point[][] = [];
  let current: Point[] = [];
  for (const [, command, args] of path.matchAll(/([MLQZ])([^MLQZ]*)/g)) {
    const n = (args ?? '').trim().split(/\s+/).filter(Boolean).map(Number);
    const last = current.at(-1) ?? [0, 0];
    if (command === 'M') {
      if (current.length) contours.push(current);
      current = [[n[0] ?? 0, n[1] ?? 0]];
    } else if (command === 'L') {
      current.push([n[0] ?? 0, n[1] ?? 0]);
    } else if (command === 'Q') {
      const [cx = 0, cy = 0, x = 0, y = 0] = n;
      for (let step = 1; step <= CURVE_STEPS; step += 1) {
        const t = step / CURVE_STEPS;
        const u = 1 - t;
        current.push([
          u * u * last[0] + 2 * u * t * cx + t * t * x,
          u * u * last[1] + 2 * u * t * cy + t * t * y,
        ]);
      }
    } else if (current.length) {
      contours.push(current);
      current = [];
    }
  }
  if (current.length) contours.push(current);
  return contours;
}

/**
 * A glyph's coverage when its origin sits `dx`, `dy` pixels right of and below a pixel corner, at `size` pixels:
 * drawn once per process and position, then only blended (a chart's labels repeat a few characters at two sizes).
 */
function glyphMask(char: string, size: number, dx: number, dy: number): Mask | undefined {
  const key = `${char}\u0000${size}\u0000${dx}\u0000${dy}`;
  if (!masks.has(key)) {
    const polygons = glyph(char).contours.map((contour) =>
      contour.map(([gx, gy]): Point => [dx + (gx * size) / UNITS_PER_EM, dy - (gy * size) / UNITS_PER_EM]),
    );
    masks.set(key, coverageOf(polygons));
  }
  return masks.get(key);
}
const masks = new Map<string, Mask | undefined>();
// Glyphs are placed to a quarter of a pixel (of the PNG, drawn at twice the size): closer cannot be seen.
const GLYPH_STEPS = 4;

/** Splits a position into a whole pixel and the quarter-pixel step into it. */
function snap(position: number): [pixel: number, offset: number] {
  const steps = Math.round(position * GLYPH_STEPS);
  const pixel = Math.floor(steps / GLYPH_STEPS);
  return [pixel, (steps - pixel * GLYPH_STEPS) / GLYPH_STEPS];
}

/** Draws a text character by character, each from its cached coverage. */
function drawText(raster: Raster, shape: Text, scale: number): void {
  const size = shape.size * scale;
  const width = textWidth(shape.text, shape.size) * scale;
  let x = shape.x * scale - (shape.anchor === 'end' ? width : shape.anchor === 'middle' ? width / 2 : 0);
  const [row, dy] = snap(shape.y * scale);
  const rgb = rgbOf(shape.color);
  for (const char of shape.text) {
    const [column, dx] = snap(x);
    const mask = glyphMask(char, size, dx, dy);
    if (mask) paint(raster, mask, column, row, rgb);
    x += (glyph(char).advance * size) / UNITS_PER_EM;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// SVG

const round = (value: number) => Math.round(value * 100) / 100;
// On each text rather than inherited from the <svg>: not every SVG renderer of office suites inherits it.
const SVG_FONTS = 'Calibri, Carlito, Arial, sans-serif';

function toSvg(shapes: readonly Shape[], width: number, height: number, description: string): string {
  // Text as <text> in Calibri, whose widths the layout above used (Carlito's, the same as Calibri's).
  const body = shapes.map((shape) =>
    shape.kind === 'rect'
      ? `<rect x="${round(shape.x)}" y="${round(shape.y)}" width="${round(shape.w)}" height="${round(shape.h)}" fill="#${shape.color}"/>`
      : `<text x="${round(shape.x)}" y="${round(shape.y)}" font-family="${SVG_FONTS}" font-size="${shape.size}" text-anchor="${shape.anchor}" fill="#${shape.color}">${escapeXml(shape.text)}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
    `<title>${escapeXml(description)}</title>`,
    ...body,
    '</svg>',
  ].join('');
}

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

// ---------------------------------------------------------------------------------------------------------------
// PNG

// Rows of coverage are sampled this many times per pixel; columns are covered exactly.
const SUBSAMPLES = 5;

// The first shape is the chart's background: the canvas starts in its colour.
function toPng(shapes: readonly Shape[], width: number, height: number): Buffer {
  const w = Math.round(width * PNG_SCALE);
  const h = Math.round(height * PNG_SCALE);
  const [background, ...rest] = shapes;
  const pixels = new Uint8Array(w * h * 3);
  const base = rgbOf(background?.kind === 'rect' ? background.color : 'FFFFFF');
  // One row in the colour, then copied down.
  for (let offset = 0; offset < w * 3; offset += 3) pixels.set(base, offset);
  for (let row = 1; row < h; row += 1) pixels.copyWithin(row * w * 3, 0, w * 3);
  const raster = { w, h, pixels };
  for (const shape of rest) {
    if (shape.kind === 'rect') {
      fillRect(
        raster,
        shape.x * PNG_SCALE,
        shape.y * PNG_SCALE,
        shape.w * PNG_SCALE,
        shape.h * PNG_SCALE,
        shape.color,
      );
    } else {
      drawText(raster, shape, PNG_SCALE);
    }
  }
  return encodePng({ width: w, height: h, pixels });
}

function rgbOf(color: string): number[] {
  return [0, 2, 4].map((offset) => Number.parseInt(color.slice(offset, offset + 2), 16));
}

/** Fills a rectangle, anti-aliased by the part of each edge pixel it covers. */
function fillRect(raster: Raster, x: number, y: number, width: number, height: number, color: string): void {
  const rgb = rgbOf(color);
  const covered = (from: number, to: number, pixel: number) =>
    Math.max(0, Math.min(to, pixel + 1) - Math.max(from, pixel));
  const firstColumn = Math.max(0, Math.floor(x));
  const columnCover = Array.from(
    { length: Math.min(raster.w, Math.ceil(x + width)) - firstColumn },
    (_, index) => covered(x, x + width, firstColumn + index),
  );
  // Most pixels of a bar are wholly inside it: in whole rows those take the colour as it is, as one run.
  const inside = columnCover.map((cover) => cover >= 1);
  const runStart = inside.indexOf(true);
  const runEnd = inside.lastIndexOf(true) + 1;
  const run = new Uint8Array(Math.max(0, runEnd - runStart) * 3);
  for (let offset = 0; offset < run.length; offset += 3) run.set(rgb, offset);
  for (let row = Math.max(0, Math.floor(y)); row < Math.min(raster.h, Math.ceil(y + height)); row += 1) {
    const rowCover = covered(y, y + height, row);
    const start = (row * raster.w + firstColumn) * 3;
    const whole = rowCover >= 1 && runStart >= 0;
    if (whole) raster.pixels.set(run, start + runStart * 3);
    for (let index = 0; index < columnCover.length; index += 1) {
      if (whole && index === runStart) index = runEnd;
      if (index < columnCover.length)
        blend(raster.pixels, start + index * 3, rgb, rowCover * (columnCover[index] ?? 0));
    }
  }
}

function blend(pixels: Uint8Array, offset: number, rgb: readonly number[], alpha: number): void {
  if (alpha <= 0) return;
  for (let channel = 0; channel < 3; channel += 1) {
    const under = pixels[offset + channel] ?? 255;
    pixels[offset + channel] = Math.round(under + ((rgb[channel] ?? 0) - under) * Math.min(1, alpha));
  }
}

type Raster = { readonly w: number; readonly h: number; readonly pixels: Uint8Array };
/** How much of each pixel of a `w` × `h` box, `x`, `y` from the origin, a shape covers (0 to 1, row by row). */
type Mask = {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly alpha: Float32Array;
};

/** Blends a colour into the raster through a mask placed `column`, `row` pixels from the top left. */
function paint(raster: Raster, mask: Mask, column: number, row: number, rgb: readonly number[]): void {
  for (let my = 0; my < mask.h; my += 1) {
    const y = row + mask.y + my;
    if (y < 0 || y >= raster.h) continue;
    for (let mx = 0; mx < mask.w; mx += 1) {
      const x = column + mask.x + mx;
      if (x >= 0 && x < raster.w)
        blend(raster.pixels, (y * raster.w + x) * 3, rgb, mask.alpha[my * mask.w + mx] ?? 0);
    }
  }
}

/** The area of each pixel inside the polygons (non-zero winding), anti-aliased; nothing for an empty shape. */
function coverageOf(polygons: readonly (readonly Point[])[]): Mask | undefined {
  const edges: [number, number, number, number][] = [];
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  for (const points of polygons) {
    points.forEach((point, index) => {
      const next = points[(index + 1) % points.length] ?? point;
      if (point[1] !== next[1]) edges.push([point[0], point[1], next[0], next[1]]);
      minY = Math.min(minY, point[1]);
      maxY = Math.max(maxY, point[1]);
      minX = Math.min(minX, point[0]);
      maxX = Math.max(maxX, point[0]);
    });
  }
  if (edges.length === 0) return undefined;
  const x0 = Math.floor(minX);
  const y0 = Math.floor(minY);
  const w = Math.ceil(maxX) - x0;
  const h = Math.ceil(maxY) - y0;
  const alpha = new Float32Array(w * h);
  // The edges each row crosses, so a sample line only looks at those.
  const byRow: (typeof edges)[] = Array.from({ length: h }, () => []);
  for (const edge of edges) {
    const top = Math.floor(Math.min(edge[1], edge[3])) - y0;
    const bottom = Math.min(h - 1, Math.floor(Math.max(edge[1], edge[3])) - y0);
    for (let row = top; row <= bottom; row += 1) byRow[row]?.push(edge);
  }
  const crossings: number[] = [];
  const directions: number[] = [];
  for (let row = 0; row < h; row += 1) {
    const coverage = alpha.subarray(row * w, (row + 1) * w);
    const rowEdges = byRow[row] ?? [];
    for (let sample = 0; sample < SUBSAMPLES; sample += 1) {
      const y = y0 + row + (sample + 0.5) / SUBSAMPLES;
      crossings.length = 0;
      directions.length = 0;
      for (const [ax, ay, bx, by] of rowEdges) {
        if ((y >= ay && y < by) || (y >= by && y < ay)) {
          // Insertion in order: a sample line crosses only a few edges.
          const x = ax + ((y - ay) * (bx - ax)) / (by - ay);
          let at = crossings.length;
          while (at > 0 && (crossings[at - 1] ?? 0) > x) at -= 1;
          crossings.splice(at, 0, x);
          directions.splice(at, 0, by > ay ? 1 : -1);
        }
      }
      let winding = 0;
      for (let index = 0; index < crossings.length - 1; index += 1) {
        winding += directions[index] ?? 0;
        const start = crossings[index] ?? 0;
        if (winding !== 0) cover(coverage, start - x0, (crossings[index + 1] ?? start) - x0, 1 / SUBSAMPLES);
      }
    }
  }
  return { x: x0, y: y0, w, h, alpha };
}

/** Adds `weight` times the part of each pixel that the span [from, to) covers. */
function cover(coverage: Float32Array, from: number, to: number, weight: number): void {
  const start = Math.max(0, from);
  const end = Math.min(coverage.length, to);
  if (end <= start) return;
  const first = Math.floor(start);
  const last = Math.ceil(end) - 1;
  for (let pixel = first; pixel <= last; pixel += 1) {
    const covered = Math.min(end, pixel + 1) - Math.max(start, pixel);
    coverage[pixel] = (coverage[pixel] ?? 0) + covered * weight;
  }
}
