/** Assembles one proposal of N contributors × M activities in a fresh process; prints time and peak RSS. */
import { performance } from 'node:perf_hooks';
import { renderProposal } from '#documents/render-proposal.ts';
import { buildProposalModel } from '#domain/proposals.ts';
import { benchmarkInput } from './data.ts';

const [contributors = 10, activities = 20] = process.argv.slice(2).map(Number);
const input = benchmarkInput(contributors, activities);
// Warm the template cache and the JIT on a small proposal first, as a warm Lambda would be.
await renderProposal(buildProposalModel(benchmarkInput(2, 2)));
const started = performance.now();
const bytes = await renderProposal(buildProposalModel(input));
const milliseconds = performance.now() - started;
console.log(
  JSON.stringify({ milliseconds, bytes: bytes.byteLength, maxRssMb: process.resourceUsage().maxRSS / 1024 }),
);
