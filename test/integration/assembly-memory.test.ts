import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { apiFunctions } from '../../infra/api.ts';

describe('assembling a proposal of 185 contributors with 20 activities each', () => {
  it('peaks under the memory of the function that assembles proposals, in a process of its own', () => {
    // act: the benchmark's data (every draft section commented by every contributor), in a fresh process
    const output = execFileSync(process.execPath, ['--import', 'tsx', 'bench/scale-child.ts', '185', '20'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    const { bytes, maxRssMb } = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as {
      bytes: number;
      maxRssMb: number;
    };

    // assess: a real document came out, and the whole process (Node, the loader, the code) stayed under the limit
    expect(bytes).toBeGreaterThan(1_000_000);
    expect(maxRssMb).toBeLessThan(apiFunctions.proposals.memorySize);
  }, 150_000);
});
