/**
 * `npm run bench` (`-- --quick` for a smoke run, `-- --only=cold-start,api` for some parts): prints a
 * table of figures and writes bench/results.json (one object per figure: name, unit, median, p90,
 * runs). Comparisons are ratios measured in the same run, interleaved (A B A B …), medians after warm-up.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import {
  DynamoDBDocumentClient,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import JSZip from 'jszip';
import { createClients } from '#config/dependencies.ts';
import { renderProposal } from '#documents/render-proposal.ts';
import { buildProposalModel } from '#domain/proposals.ts';
import { startLocalStack } from '../local/stack.ts';
import { benchmarkInput } from './data.ts';
import { peerTemplate, renderWithPeer } from './peer.ts';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 3 : 15;
const WARMUP = quick ? 1 : 3;
const benchDir = dirname(fileURLToPath(import.meta.url));
/** The parts of the benchmark, named as their figures' prefixes. */
const PARTS = ['assembly', 'scaling', 'cold-start', 'api'] as const;
type Part = (typeof PARTS)[number];
const onlyArgument = process.argv.find((argument) => argument.startsWith('--only='));
const only = onlyArgument?.slice('--only='.length).split(',') as Part[] | undefined;
const unknownPart = only?.find((part) => !PARTS.includes(part));
if (unknownPart !== undefined) throw new Error(`--only: no part ${unknownPart}; parts: ${PARTS.join(', ')}`);
const selected = (part: Part) => !only || only.includes(part);

interface Figure {
  readonly name: string;
  readonly unit: string;
  readonly median: number;
  readonly p90: number;
  readonly runs: number;
}
const figures: Figure[] = [];

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function record(name: string, unit: string, values: readonly number[]): Figure {
  const figure = {
    name,
    unit,
    median: percentile(values, 50),
    p90: percentile(values, 90),
    runs: values.length,
  };
  figures.push(figure);
  return figure;
}

/** Each run's time of A over B's in the same run (the runs interleaved). */
function ratios(a: readonly number[], b: readonly number[]): number[] {
  return a.map((ms, i) => ms / (b[i] ?? Number.NaN));
}

async function time(action: () => unknown): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

/** Runs the actions alternately, after warm-up; returns each one's timings. */
async function interleave(actions: readonly (() => unknown)[], runs = RUNS): Promise<number[][]> {
  const timings = actions.map(() => [] as number[]);
  for (let run = 0; run < WARMUP + runs; run += 1) {
    for (const [index, action] of actions.entries()) {
      const elapsed = await time(action);
      if (run >= WARMUP) timings[index]?.push(elapsed);
    }
  }
  return timings;
}

/** The text of a .docx file's body: its `<w:t>` elements in word/document.xml, joined, entities decoded. */
async function bodyText(docx: Buffer): Promise<string> {
  const xml = (await (await JSZip.loadAsync(docx)).file('word/document.xml')?.async('string')) ?? '';
  const entities: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)]
    .map((match) =>
      (match[1] ?? '').replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => entities[name] ?? ''),
    )
    .join('');
}

/**
 * Figure 1 and 2: our assembly against docxtemplater filling a template of the same document (bench/peer.ts), and
 * against deflating its XML with zlib. `assembly.peer-text-share`, the length of the peer document's text over ours,
 * shows that both write the same document (ours also has the chart's caption and the contents' page numbers).
 */
async function assembly() {
  const input = benchmarkInput(10, 15);
  const template = await peerTemplate();
  const ours = await renderProposal(buildProposalModel(input));
  const peer = renderWithPeer(template, buildProposalModel(input));
  const zip = await JSZip.loadAsync(ours);
  const xmlParts = await Promise.all(
    Object.keys(zip.files)
      .filter((name) => name.endsWith('.xml') || name.endsWith('.rels'))
      .map(async (name) => [name, await zip.file(name)?.async('uint8array')] as const),
  );
  const textShare = (await bodyText(peer)).length / (await bodyText(ours)).length;
  const [oursMs = [], peerMs = [], deflateMs = []] = await interleave([
    () => renderProposal(buildProposalModel(input)),
    () => renderWithPeer(template, buildProposalModel(input)),
    () => {
      for (const [, bytes] of xmlParts) if (bytes) deflateRawSync(bytes, { level: 6 });
    },
  ]);
  record('assembly.ours', 'ms', oursMs);
  record('assembly.docxtemplater', 'ms', peerMs);
  record('assembly.deflate-xml', 'ms', deflateMs);
  record('assembly.ratio-to-docxtemplater', 'x', ratios(oursMs, peerMs));
  record('assembly.ratio-to-deflate', 'x', ratios(oursMs, deflateMs));
  record('assembly.peer-text-share', 'x', [textShare]);
}

/** Figure 3: time and peak RSS for growing proposals, each in a fresh process (`--sizes=10,185,1000`). */
function scaling() {
  const sizesArgument = process.argv.find((argument) => argument.startsWith('--sizes='));
  const sizes = sizesArgument
    ? sizesArgument.slice('--sizes='.length).split(',').map(Number)
    : quick
      ? [10]
      : [10, 185, 1000];
  for (const contributors of sizes) {
    const runs = quick ? 1 : 3;
    const results: { milliseconds: number; maxRssMb: number }[] = [];
    for (let run = 0; run < runs; run += 1) {
      try {
        const output = execFileSync(
          process.execPath,
          ['--import', 'tsx', join(benchDir, 'scale-child.ts'), String(contributors), '20'],
          { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'ignore'] },
        );
        results.push(JSON.parse(output));
      } catch (error) {
        // A size that does not fit (out of memory) is a finding to print, not a reason to lose the others.
        console.log(`scaling ${contributors}x20 failed: ${(error as Error).message.split('\n')[0]}`);
        break;
      }
    }
    if (results.length === 0) continue;
    record(
      `scaling.${contributors}x20.time`,
      'ms',
      results.map((r) => r.milliseconds),
    );
    record(
      `scaling.${contributors}x20.per-activity`,
      'ms',
      results.map((r) => r.milliseconds / (contributors * 20)),
    );
    record(
      `scaling.${contributors}x20.peak-rss`,
      'MB',
      results.map((r) => r.maxRssMb),
    );
  }
}

/** Figure 5: saving a form through the local API against a raw PutItem of the same item. */
async function apiOverhead() {
  process.env.LOG_LEVEL = 'warn';
  process.env.WRITES_PER_MINUTE = '1000000';
  const stack = await startLocalStack({ port: 0 });
  try {
    const login = await fetch(`${stack.url}/local/login`, {
      method: 'POST',
      body: JSON.stringify({ role: 'rppo', rppo: 'EPPO' }),
    });
    const secretariat = await fetch(`${stack.url}/local/login`, {
      method: 'POST',
      body: JSON.stringify({ role: 'secretariat' }),
    });
    const eppo = ((await login.json()) as { token: string }).token;
    const sec = ((await secretariat.json()) as { token: string }).token;
    const created = await fetch(`${stack.url}/api/calls`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sec}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Bench call',
        deadline: '2099-01-01T00:00:00Z',
        draftSections: [{ id: 'a', title: 'A', text: 'A' }],
      }),
    });
    const callId = ((await created.json()) as { id: string }).id;
    // A complete three-activity form, as a focal point would save it.
    const data = benchmarkInput(1, 3).revisions[0]?.data;
    const path = `${stack.url}/api/calls/${callId}/submissions/EPPO/pilot-activities`;
    let etag: string | undefined;
    const table = {
      client: DynamoDBDocumentClient.from(createClients(stack.config).dynamoDb),
      tableName: stack.config.tableName,
    };
    let counter = 0;
    await table.client.send(
      new PutCommand({ TableName: table.tableName, Item: { PK: 'BENCH', SK: 'CALL', status: 'open' } }),
    );
    const [apiMs = [], rawMs = [], floorMs = []] = await interleave(
      [
        async () => {
          const response = await fetch(path, {
            method: 'PUT',
            headers: {
              authorization: `Bearer ${eppo}`,
              'content-type': 'application/json',
              ...(etag ? { 'if-match': etag } : {}),
            },
            body: JSON.stringify(data),
          });
          await response.arrayBuffer();
          etag = response.headers.get('etag') ?? etag;
        },
        () =>
          table.client.send(
            new PutCommand({
              TableName: table.tableName,
              Item: { PK: 'BENCH', SK: `RAW#${counter++}`, data: JSON.stringify(data) },
            }),
          ),
        // What issue 6 asks of a save, written raw: the per-person counter, then the call check, the
        // submission and its revision in one transaction (the design's floor, without our code or the API).
        async () => {
          const run = counter++;
          await table.client.send(
            new UpdateCommand({
              TableName: table.tableName,
              Key: { PK: 'BENCH', SK: `QUOTA#${Math.floor(run / 100)}` },
              UpdateExpression: 'ADD #count :one',
              ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
              ExpressionAttributeNames: { '#count': 'count' },
              ExpressionAttributeValues: { ':one': 1, ':limit': 1_000_000 },
            }),
          );
          await table.client.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  ConditionCheck: {
                    TableName: table.tableName,
                    Key: { PK: 'BENCH', SK: 'CALL' },
                    ConditionExpression: '#status = :open',
                    ExpressionAttributeNames: { '#status': 'status' },
                    ExpressionAttributeValues: { ':open': 'open' },
                  },
                },
                {
                  Put: {
                    TableName: table.tableName,
                    Item: { PK: 'BENCH', SK: `SUB#${run}`, data: JSON.stringify(data) },
                    ConditionExpression: 'attribute_not_exists(PK)',
                  },
                },
                {
                  Put: {
                    TableName: table.tableName,
                    Item: { PK: 'BENCH', SK: `REV#${run}`, data: JSON.stringify(data) },
                    ConditionExpression: 'attribute_not_exists(PK)',
                  },
                },
              ],
            }),
          );
        },
      ],
      quick ? 5 : 60,
    );
    record('api.save.local-api', 'ms', apiMs);
    record('api.save.raw-putitem', 'ms', rawMs);
    record('api.save.ratio', 'x', ratios(apiMs, rawMs));
    record('api.save.raw-counter-and-transaction', 'ms', floorMs);
    record('api.save.raw-counter-and-transaction.ratio-to-putitem', 'x', ratios(floorMs, rawMs));
    record('api.save.ratio-to-raw-counter-and-transaction', 'x', ratios(apiMs, floorMs));
    figures.push({
      name: 'api.save.local-api.p99',
      unit: 'ms',
      median: percentile(apiMs, 99),
      p90: percentile(apiMs, 99),
      runs: apiMs.length,
    });
  } finally {
    await stack.stop();
  }
}

/** Figure 4: bundle sizes and import times against the floor (skipped by --quick: it bundles for real). */
async function coldStart() {
  if (quick) return;
  const { coldStarts } = await import('./cold-start.ts');
  const results = await coldStarts(['reference', 'calls', 'submissions', 'proposals', 'web'], RUNS);
  const floors = results.filter((result) => result.name.startsWith('floor'));
  for (const { name, bytes, lazyBytes, times, withChunks } of results) {
    record(`cold-start.${name}.bytes`, 'bytes', [bytes]);
    record(`cold-start.${name}.import`, 'ms', times);
    // Chunks behind import(), loaded by the first request that needs them: the assembly code of `proposals`, and
    // the AWS SDK's credential providers that the environment's credentials make unnecessary (the floor's too).
    record(`cold-start.${name}.lazy-bytes`, 'bytes', [lazyBytes]);
    record(`cold-start.${name}.import-all-chunks`, 'ms', withChunks);
    if (name.startsWith('floor')) continue;
    // Against each floor: the goal's (DynamoDB and S3 clients: `ratio-to-floor`), and the DynamoDB
    // client alone (`ratio-to-ddb`); and with every chunk loaded, on both sides.
    for (const floor of floors) {
      const suffix = floor.name === 'floor' ? 'floor' : 'ddb';
      record(`cold-start.${name}.ratio-to-${suffix}`, 'x', ratios(times, floor.times));
      record(`cold-start.${name}.ratio-to-${suffix}-all-chunks`, 'x', ratios(withChunks, floor.withChunks));
    }
  }
}

if (selected('assembly')) await assembly();
if (selected('scaling')) scaling();
if (selected('cold-start')) await coldStart();
if (selected('api')) await apiOverhead();

mkdirSync(benchDir, { recursive: true });
const resultsFile = join(benchDir, 'results.json');
// With --only, the other parts' figures already in the file are kept: it still holds every figure.
const kept =
  only && existsSync(resultsFile)
    ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Figure[]).filter(
        (figure) => !only.some((part) => figure.name.startsWith(`${part}.`)),
      )
    : [];
// In the order the parts run, whichever of them ran this time (the sort is stable within a part).
const partOf = (figure: Figure) => PARTS.findIndex((part) => figure.name.startsWith(`${part}.`));
const results = [...kept, ...figures].sort((a, b) => partOf(a) - partOf(b));
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
console.log(`${'figure'.padEnd(40)} ${'unit'.padEnd(5)} ${'median'.padStart(10)} ${'p90'.padStart(10)} runs`);
for (const figure of figures) {
  console.log(
    `${figure.name.padEnd(40)} ${figure.unit.padEnd(5)} ${figure.median.toFixed(2).padStart(10)} ${figure.p90.toFixed(2).padStart(10)} ${figure.runs}`,
  );
}
console.log(
  `Node ${process.version}; results in bench/results.json${quick ? ' (quick run: too few runs to compare)' : ''}`,
);
