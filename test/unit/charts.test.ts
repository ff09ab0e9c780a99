import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { barChart, niceTicks } from '#documents/charts.ts';
import { crc32, encodePng } from '#documents/png.ts';

/** The chunks of a PNG file, each checked against its CRC, and its pixels (RGB rows filtered with none or up). */
function readPng(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const chunks: { type: string; data: Buffer }[] = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)));
    chunks.push({ type, data });
    offset += 12 + length;
  }
  const header = chunks[0]?.data ?? Buffer.alloc(13);
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const raw = inflateSync(
    Buffer.concat(chunks.filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data)),
  );
  const rowBytes = width * 3;
  const pixels = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (rowBytes + 1)];
    expect([0, 2]).toContain(filter);
    for (let x = 0; x < rowBytes; x += 1) {
      const above = filter === 2 && y > 0 ? (pixels[(y - 1) * rowBytes + x] ?? 0) : 0;
      pixels[y * rowBytes + x] = ((raw[y * (rowBytes + 1) + 1 + x] ?? 0) + above) & 0xff;
    }
  }
  const pixel = (x: number, y: number) => {
    const offset = y * rowBytes + x * 3;
    return [pixels[offset], pixels[offset + 1], pixels[offset + 2]];
  };
  return {
    types: chunks.map((chunk) => chunk.type),
    width,
    height,
    depth: header[8],
    colour: header[9],
    pixel,
  };
}

describe('encodePng', () => {
  it('writes a valid 8-bit RGB PNG of the pixels given', () => {
    // prepare: 2 × 1 pixels, red then green
    const pixels = Uint8Array.of(255, 0, 0, 0, 255, 0);

    // act
    const png = readPng(encodePng({ width: 2, height: 1, pixels }));

    // assess
    expect(png.types).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect([png.width, png.height, png.depth, png.colour]).toEqual([2, 1, 8, 2]);
    expect([png.pixel(0, 0), png.pixel(1, 0)]).toEqual([
      [255, 0, 0],
      [0, 255, 0],
    ]);
  });

  it('refuses pixels that do not match the size', () => {
    expect(() => encodePng({ width: 2, height: 2, pixels: new Uint8Array(3) })).toThrow(RangeError);
  });
});

describe('crc32', () => {
  it('gives the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});

describe('niceTicks', () => {
  it.each([
    [1_235_000, [0, 250_000, 500_000, 750_000, 1_000_000, 1_250_000]],
    [100, [0, 20, 40, 60, 80, 100]],
    [7, [0, 2, 4, 6, 8]],
    [0, [0, 1]],
  ])('divides 0 to %d into round steps', (max, ticks) => {
    expect(niceTicks(max)).toEqual(ticks);
  });
});

describe('barChart', () => {
  const bars = [
    { label: 'EPPO', value: 1_235_000 },
    { label: 'NAPPO', value: 626_500 },
  ];

  it('labels each bar with its RPPO and amount in the SVG, and describes the chart in words', () => {
    // act
    const chart = barChart(bars, { width: 600, title: 'Budget by RPPO' });

    // assess
    expect(chart.svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="600" height="\d+"/);
    for (const text of ['EPPO', 'NAPPO', '1,235,000', '626,500', '1,250,000', 'USD']) {
      expect(chart.svg).toContain(`>${text}</text>`);
    }
    expect(chart.description).toBe('Budget by RPPO: EPPO USD 1,235,000; NAPPO USD 626,500');
  });

  it('draws bars as long as their amounts on the scale, in the PNG at twice the size', () => {
    // act
    const chart = barChart(bars, { width: 600, title: 'Budget by RPPO' });
    const png = readPng(chart.png);

    // assess: the PNG is 2 × the SVG; along each bar's middle the accent green runs as far as its amount reaches
    expect([png.width, png.height]).toEqual([1200, chart.height * 2]);
    const green = [0x1f, 0x4e, 0x3d];
    const runOf = (y: number) => {
      let x = 0;
      while (x < png.width && JSON.stringify(png.pixel(x, y)) !== JSON.stringify(green)) x += 1;
      const start = x;
      while (x < png.width && JSON.stringify(png.pixel(x, y)) === JSON.stringify(green)) x += 1;
      return x - start;
    };
    const eppo = runOf(Math.round((6 + 14) * 2));
    const nappo = runOf(Math.round((6 + 28 + 14) * 2));
    expect(eppo).toBeGreaterThan(530);
    expect(nappo / eppo).toBeCloseTo(626_500 / 1_235_000, 2);
    expect(png.pixel(2, 2)).toEqual([255, 255, 255]);
  });

  it('draws each label in the PNG left of its bar, in the text colour, and nothing between the rows', () => {
    // act: a longer label than the other, so the two rows' ink differs in width
    const chart = barChart(
      [
        { label: 'COSAVE', value: 2 },
        { label: 'IO', value: 1 },
      ],
      { width: 400, title: 'T' },
    );
    const png = readPng(chart.png);

    // assess: along each row's middle, left of the axis, the label's ink (grey, darker than the grid) spans a width
    // that follows the label's length; the gap between the rows has none
    const green = JSON.stringify([0x1f, 0x4e, 0x3d]);
    let axis = 0;
    while (axis < png.width && JSON.stringify(png.pixel(axis, (6 + 14) * 2)) !== green) axis += 1;
    const inkColumns = (y: number) => {
      const columns: number[] = [];
      for (let x = 0; x < axis - 2; x += 1) {
        const [r = 255, g = 255, b = 255] = png.pixel(x, y);
        if (r < 160 && Math.abs(r - g) < 16 && Math.abs(g - b) < 16) columns.push(x);
      }
      return columns;
    };
    // rows are 28 px from y = 6 (SVG pixels); at 2× the labels' middle is about 2 px above the bar's
    const cosave = inkColumns((6 + 14) * 2 - 2);
    const io = inkColumns((6 + 28 + 14) * 2 - 2);
    const gap = inkColumns((6 + 28) * 2);
    const spread = (columns: number[]) => (columns.at(-1) ?? 0) - (columns[0] ?? 0);
    expect(cosave.length).toBeGreaterThan(10);
    expect(io.length).toBeGreaterThan(3);
    expect(spread(cosave)).toBeGreaterThan(3 * spread(io));
    expect(gap).toEqual([]);
  });

  it('draws the same bytes for the same bars', () => {
    const first = barChart(bars, { width: 600, title: 'Budget' });
    const second = barChart(bars, { width: 600, title: 'Budget' });

    expect(second.png.equals(first.png)).toBe(true);
    expect(second.svg).toBe(first.svg);
  });

  it('escapes labels for the SVG and draws characters it has no outline for as a question mark', () => {
    const chart = barChart([{ label: 'A&B <é>', value: 1 }], { width: 300, title: 'T' });

    expect(chart.svg).toContain('>A&#38;B &#60;é&#62;</text>');
    expect(readPng(chart.png).width).toBe(600);
  });
});
