/**
 * Figure 4: each Lambda bundle as the CDK builds it (minified ESM), its size and the time to import it
 * in a fresh Node process, next to a floor bundle holding only the DynamoDB and S3 clients, and a
 * second one with the DynamoDB client alone (the JSON API's functions carry no S3 client).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { buildApp } from '../test/infra/synth.ts';

const pascal = (name: string) => `${name[0]?.toUpperCase()}${name.slice(1)}`;

/** Builds every function bundle through the CDK app; returns bundle paths by function name. */
function cdkBundles(outdir: string, names: readonly string[]): Map<string, string> {
  const { app, service } = buildApp({ stage: 'prod', bundle: true, outdir });
  app.synth();
  const template = JSON.parse(readFileSync(join(outdir, service.templateFile), 'utf8'));
  const bundles = new Map<string, string>();
  for (const [logicalId, resource] of Object.entries(template.Resources) as [
    string,
    { Type: string; Metadata: Record<string, string> },
  ][]) {
    const name = names.find((candidate) => logicalId.startsWith(`Api${pascal(candidate)}Function`));
    if (resource.Type === 'AWS::Lambda::Function' && name) {
      bundles.set(name, join(outdir, resource.Metadata['aws:asset:path'] ?? '', 'index.mjs'));
    }
  }
  return bundles;
}

const FLOORS = {
  /** The floor of the goal: the two clients, built the same way. */
  floor:
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { S3Client } from '@aws-sdk/client-s3';\nexport const handler = async () => [new DynamoDBClient({}), new S3Client({})].length;\n",
  /** The DynamoDB client alone: all that reference, calls and submissions need of the SDK. */
  'floor-ddb':
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const handler = async () => [new DynamoDBClient({})].length;\n",
} as const;

/** A floor bundle: nothing but AWS SDK clients, built the way the CDK builds the functions. */
async function floorBundle(dir: string, name: keyof typeof FLOORS): Promise<string> {
  const entry = join(dir, `${name}.ts`);
  writeFileSync(entry, FLOORS[name]);
  const outfile = join(dir, name, 'index.mjs');
  mkdirSync(join(dir, name), { recursive: true });
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    charset: 'utf8',
    mainFields: ['module', 'main'],
    nodePaths: [join(process.cwd(), 'node_modules')],
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
  return outfile;
}

/** Milliseconds to import the bundle, measured inside a fresh Node process. */
function importTime(bundle: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(bundle).href)}); console.log(performance.now() - t);`;
  return Number(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim(),
  );
}

export async function coldStarts(names: readonly string[], runs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'rppo-bench-bundles-'));
  try {
    const bundles = cdkBundles(join(dir, 'cdk.out'), names);
    for (const name of Object.keys(FLOORS) as (keyof typeof FLOORS)[]) {
      bundles.set(name, await floorBundle(dir, name));
    }
    const times = new Map<string, number[]>([...bundles.keys()].map((name) => [name, []]));
    for (let run = 0; run < runs + 1; run += 1) {
      for (const [name, bundle] of bundles) {
        const ms = importTime(bundle);
        if (run > 0) times.get(name)?.push(ms);
      }
    }
    return [...bundles].map(([name, bundle]) => ({
      name,
      bytes: statSync(bundle).size,
      times: times.get(name) ?? [],
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
