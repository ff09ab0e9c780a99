import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('npm run bench -- --quick', () => {
  it('runs and writes one well-formed object per figure to bench/results.json', () => {
    // act
    execFileSync('npm', ['run', 'bench', '--', '--quick'], { stdio: 'ignore', timeout: 120_000 });
    const figures = JSON.parse(readFileSync('bench/results.json', 'utf8')) as Record<string, unknown>[];

    // assess
    expect(figures.map((figure) => figure.name)).toEqual(
      expect.arrayContaining([
        'assembly.ratio-to-docxtemplater',
        'assembly.ratio-to-deflate',
        'api.save.ratio',
      ]),
    );
    for (const figure of figures) {
      expect(Object.keys(figure).sort()).toEqual(['median', 'name', 'p90', 'runs', 'unit']);
      expect(figure.median).toBeGreaterThan(0);
      expect(Number.isFinite(figure.p90)).toBe(true);
      expect(figure.runs).toBeGreaterThanOrEqual(1);
    }
  }, 150_000);
});
