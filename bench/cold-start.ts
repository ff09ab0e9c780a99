/**
 * Figure 4: each Lambda bundle as the CDK builds it (minified ESM), its size and the time to import it
 * in a fresh Node process, next to a floor bundle holding only the DynamoDB and S3 clients, and a
 * second one with the DynamoDB client alone (the JSON API's functions carry no S3 client).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleFunction, ENTRY_FILE } from '../infra/bundle.ts';
import { BUNDLE_TARGET, projectRoot } from '../infra/functions.ts';
import { bytesOf, eagerAndLazy, synthBundles } from '../test/support/bundles.ts';

const FLOORS = {
  /** The floor of the goal: the two clients, built the same way. */
  floor:
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { S3Client } from '@aws-sdk/client-s3';\nexport const handler = async () => [new DynamoDBClient({}), new S3Client({})].length;\n",
  /** The DynamoDB client alone: all that reference, calls and submissions need of the SDK. */
  'floor-ddb':
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const handler = async () => [new DynamoDBClient({})].length;\n",
} as const;

/** A floor bundle: nothing but AWS SDK clients, built the way the CDK builds the functions. */
function floorBundle(dir: string, name: keyof typeof FLOORS): string {
  const entry = join(dir, `${name}.ts`);
  writeFileSync(entry, FLOORS[name]);
  bundleFunction({ entry, outdir: join(dir, name), target: BUNDLE_TARGET, projectRoot });
  return join(dir, name, ENTRY_FILE);
}

/**
 * Milliseconds to import the bundle, measured inside a fresh Node process; with `chunks`, also every chunk after it
 * (what the first request that needs them adds).
 */
function importTime(bundle: string, chunks: readonly string[] = []): number {
  const urls = [bundle, ...chunks].map((file) => pathToFileURL(file).href);
  const script = `const t = performance.now(); for (const url of ${JSON.stringify(urls)}) await import(url); console.log(performance.now() - t);`;
  return Number(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim(),
  );
}

/** Each bundle's code size (entry and chunks), and its import times: the entry alone, then with every chunk. */
export async function coldStarts(names: readonly string[], runs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'rppo-bench-bundles-'));
  try {
    const bundles = synthBundles(join(dir, 'cdk.out'), names);
    for (const name of Object.keys(FLOORS) as (keyof typeof FLOORS)[]) {
      bundles.set(name, floorBundle(dir, name));
    }
    const times = new Map<string, { entry: number[]; all: number[] }>(
      [...bundles.keys()].map((name) => [name, { entry: [], all: [] }]),
    );
    const modules = new Map([...bundles].map(([name, bundle]) => [name, eagerAndLazy(bundle)]));
    for (let run = 0; run < runs + 1; run += 1) {
      for (const [name, bundle] of bundles) {
        const lazy = modules.get(name)?.lazy ?? [];
        const entry = importTime(bundle);
        const all = importTime(bundle, lazy);
        if (run > 0) {
          times.get(name)?.entry.push(entry);
          times.get(name)?.all.push(all);
        }
      }
    }
    return [...bundles.keys()].map((name) => ({
      name,
      /** What a cold start reads: the entry and the chunks it imports statically. */
      bytes: bytesOf(modules.get(name)?.eager ?? []),
      /** Chunks loaded on first use: our own `import()` and the AWS SDK's (credential providers). */
      lazyBytes: bytesOf(modules.get(name)?.lazy ?? []),
      times: times.get(name)?.entry ?? [],
      withChunks: times.get(name)?.all ?? [],
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
