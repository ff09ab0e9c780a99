/**
 * How a function's code is built: esbuild, locally (no Docker), into minified ES modules with source maps.
 * Code a handler imports with `import()` is split into chunks of its own, so a cold start reads and
 * compiles only what the handler needs at import; a chunk is loaded the first time a request needs it
 * (the assembly code of `proposals`, for one). NodejsFunction always writes a single file, so the CDK
 * side (`functionCode`) runs this as its local bundling step.
 */
import { cpSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { buildSync } from 'esbuild';

/** The file Lambda imports: `index.handler`. */
export const ENTRY_FILE = 'index.mjs';

// Some dependencies call `require` (Node built-ins from CommonJS code); an ES module has none.
const REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

export interface BundleOptions {
  /** The handler module (absolute path). */
  readonly entry: string;
  readonly outdir: string;
  /** The Node.js version the code runs on, as esbuild's target (`node24`). */
  readonly target: string;
  /** Where packages are resolved from (the repository root). */
  readonly projectRoot: string;
}

/** Builds `index.mjs` and its chunks into `outdir`; the AWS SDK is bundled (the version we test with). */
export function bundleFunction({ entry, outdir, target, projectRoot }: BundleOptions): void {
  buildSync({
    entryPoints: { index: entry },
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    absWorkingDir: projectRoot,
    // Also for entries outside the repository (the benchmark's floor bundles).
    nodePaths: [join(projectRoot, 'node_modules')],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target,
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    // Non-ASCII text (vocabularies, messages) as is, not as \u escapes: 7% smaller bundles.
    charset: 'utf8',
    banner: { js: REQUIRE_BANNER },
    logLevel: 'warning',
  });
}

export interface FunctionCodeOptions extends Omit<BundleOptions, 'outdir'> {
  /** Folders of the repository copied into the bundle at the same relative path (read at run time). */
  readonly folders: readonly string[];
}

/** A function's code asset, bundled on this machine when the app is synthesized. */
export function functionCode({ folders, ...options }: FunctionCodeOptions): Code {
  return Code.fromAsset(options.projectRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never used: local bundling always succeeds or throws, and these machines have no Docker.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24'),
      // The CDK reuses a bundle within a synth by its bundling options, and a local bundler's code is not among
      // them: this is what tells one function's bundle from another's.
      environment: {
        BUNDLE: JSON.stringify({
          entry: relative(options.projectRoot, options.entry),
          folders,
          target: options.target,
        }),
      },
      local: {
        tryBundle(outputDir) {
          bundleFunction({ ...options, outdir: outputDir });
          for (const folder of folders) {
            mkdirSync(join(outputDir, folder), { recursive: true });
            cpSync(join(options.projectRoot, folder), join(outputDir, folder), { recursive: true });
          }
          return true;
        },
      },
    },
  });
}
