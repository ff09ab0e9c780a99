/**
 * The function bundles as `cdk synth` builds them (infra/bundle.ts), for the bundle tests and the cold-start
 * benchmark: where each function's bundle is, and which of its module files an import loads.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ENTRY_FILE } from '../../infra/bundle.ts';
import { buildApp } from '../infra/synth.ts';

const pascal = (name: string) => `${name[0]?.toUpperCase()}${name.slice(1)}`;

/**
 * Synthesizes the app with bundling into `outdir`; returns each named function's entry file (`index.mjs`). The
 * seed custom resource's function is `seed`; the API's are named as in the route table.
 */
export function synthBundles(outdir: string, names: readonly string[]): Map<string, string> {
  const { app, service } = buildApp({ stage: 'prod', bundle: true, outdir });
  app.synth();
  const template = JSON.parse(readFileSync(join(outdir, service.templateFile), 'utf8')) as {
    Resources: Record<string, { Type: string; Metadata?: Record<string, string> }>;
  };
  const bundles = new Map<string, string>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const name = names.find((candidate) =>
      logicalId.startsWith(candidate === 'seed' ? 'RppoSeedFunction' : `Api${pascal(candidate)}Function`),
    );
    if (name) bundles.set(name, join(outdir, resource.Metadata?.['aws:asset:path'] ?? '', ENTRY_FILE));
  }
  return bundles;
}

// A static import between esbuild's output files, minified: `from"./chunk-X.mjs"` or `import"./chunk-X.mjs"`;
// `import("./x.mjs")` (a chunk loaded on first use) does not match.
const STATIC_IMPORT = /(?:from|import)\s*"(\.{1,2}\/[^"]+\.mjs)"/g;

/**
 * A bundle's module files in two sets: those an import of its entry loads (the entry and what it imports
 * statically, transitively), and the chunks loaded only on first use.
 */
export function eagerAndLazy(entry: string): { eager: string[]; lazy: string[] } {
  const eager = new Set<string>();
  const visit = (file: string) => {
    if (eager.has(file)) return;
    eager.add(file);
    for (const [, path] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT))
      visit(join(dirname(file), path ?? ''));
  };
  visit(entry);
  const chunksDir = join(dirname(entry), 'chunks');
  const chunks = existsSync(chunksDir)
    ? readdirSync(chunksDir)
        .filter((file) => file.endsWith('.mjs'))
        .map((file) => join(chunksDir, file))
    : [];
  return { eager: [...eager], lazy: chunks.filter((file) => !eager.has(file)) };
}

/** The total size of files, in bytes. */
export const bytesOf = (files: readonly string[]) =>
  files.reduce((sum, file) => sum + statSync(file).size, 0);
