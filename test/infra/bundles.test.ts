/**
 * The real bundles, built by esbuild as `cdk synth` builds them (slow: ~10 s): their size, that each
 * loads in a fresh Node process and exports its handler, and that the assembly bundle renders a
 * proposal from the templates copied into it, against the emulators of the test run.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FunctionName, routes } from '#http/routes.ts';
import { createCall, saveAndSubmit } from '../support/api.ts';
import { buildApp } from './synth.ts';

const run = promisify(execFile);

type Bundled = FunctionName | 'seed';
const functionNames = [...new Set(routes.map((route) => route.function)), 'seed'] as Bundled[];
/** The JSON API's functions: small bundles, quick cold starts. */
const JSON_API: readonly Bundled[] = ['reference', 'calls', 'submissions'];
const MB = 1_000_000;

let outdir: string;
const bundles = new Map<Bundled, string>();

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'rppo-cdk-'));
  const { app, service } = buildApp({ stage: 'prod', bundle: true, outdir });
  app.synth();
  const template = JSON.parse(readFileSync(join(outdir, service.templateFile), 'utf8'));
  for (const [logicalId, resource] of Object.entries(template.Resources) as [string, any][]) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const name = functionNames.find((candidate) =>
      logicalId.startsWith(candidate === 'seed' ? 'RppoSeedFunction' : `Api${pascal(candidate)}Function`),
    );
    if (name) bundles.set(name, join(outdir, resource.Metadata['aws:asset:path']));
  }
}, 120_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

const pascal = (name: string) => `${name[0]?.toUpperCase()}${name.slice(1)}`;

function bundleOf(name: Bundled): string {
  const dir = bundles.get(name);
  if (!dir) throw new Error(`no bundle for ${name}`);
  return join(dir, 'index.mjs');
}

describe('function bundles', () => {
  it('exist for every function, one ES module each, with its source map', () => {
    expect([...bundles.keys()].toSorted()).toEqual(functionNames.toSorted());
    for (const name of functionNames) {
      expect(existsSync(bundleOf(name)), name).toBe(true);
      expect(existsSync(`${bundleOf(name)}.map`), name).toBe(true);
    }
  });

  it('stay under 1 MB minified for the JSON API and the seed, under 3.5 MB where the .docx is built', () => {
    const sizes = Object.fromEntries(functionNames.map((name) => [name, statSync(bundleOf(name)).size]));
    console.info(`bundle sizes (bytes): ${JSON.stringify(sizes)}`);
    for (const name of [...JSON_API, 'seed' as const]) expect(sizes[name], name).toBeLessThan(1 * MB);
    // The docx library alone is 1.3 MB minified (its layout module 1 MB).
    for (const name of ['proposals', 'web'] as const) expect(sizes[name], name).toBeLessThan(3.5 * MB);
  });

  it('each load in a fresh Node process and export a handler function', async () => {
    // One at a time, so that the load times printed are not those of six processes competing.
    const loaded: [Bundled, string | undefined, number][] = [];
    for (const name of functionNames) {
      const url = pathToFileURL(bundleOf(name)).href;
      const { stdout } = await run(process.execPath, [
        '--input-type=module',
        '-e',
        `const t = performance.now(); const m = await import(${JSON.stringify(url)});
         process.stdout.write(typeof m.handler + ' ' + Math.round(performance.now() - t));`,
      ]);
      const [type, milliseconds] = stdout.split(' ');
      loaded.push([name, type, Number(milliseconds)]);
    }
    console.info(
      `module load (ms, this machine): ${JSON.stringify(Object.fromEntries(loaded.map(([n, , ms]) => [n, ms])))}`,
    );
    expect(Object.fromEntries(loaded.map(([name, type]) => [name, type]))).toEqual(
      Object.fromEntries(functionNames.map((name) => [name, 'function'])),
    );
  });

  it('carry the templates the functions read at run time', () => {
    for (const name of ['proposals', 'web'] as const) {
      const dir = bundles.get(name) ?? '';
      expect(existsSync(join(dir, 'templates/proposal/proposal.md.hbs')), name).toBe(true);
      expect(existsSync(join(dir, 'templates/proposal/partials')), name).toBe(true);
    }
    expect(existsSync(join(bundles.get('web') ?? '', 'templates/web/layout.hbs'))).toBe(true);
    expect(existsSync(join(bundles.get('reference') ?? '', 'templates'))).toBe(false);
  });

  it('assemble a proposal with the bundled templates (assembly bundle against the emulators)', async () => {
    const callId = await createCall();
    await saveAndSubmit(callId, 'EPPO', 'draft-input');
    const dir = bundles.get('proposals') ?? '';
    const event = {
      version: '2.0',
      routeKey: 'POST /api/calls/{callId}/proposals',
      rawPath: `/api/calls/${callId}/proposals`,
      rawQueryString: '',
      headers: {},
      pathParameters: { callId },
      isBase64Encoded: false,
      requestContext: {
        requestId: 'bundle-test',
        routeKey: 'POST /api/calls/{callId}/proposals',
        http: { method: 'POST', path: `/api/calls/${callId}/proposals` },
        // As the HTTP API's JWT authorizer passes them: array claims flattened to one string.
        authorizer: {
          jwt: {
            claims: {
              sub: 'bundle-test',
              email: 'secretariat@example.org',
              'cognito:groups': '[secretariat]',
            },
          },
        },
      },
    };
    const script = `
      const { handler } = await import(${JSON.stringify(pathToFileURL(join(dir, 'index.mjs')).href)});
      const response = await handler(${JSON.stringify(event)}, { awsRequestId: 'bundle-test' });
      process.stdout.write('\\nRESULT ' + JSON.stringify(response));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH,
        TABLE_NAME: inject('tableName'),
        DOCUMENTS_BUCKET: inject('documentsBucket'),
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoDbEndpoint'),
        AWS_ENDPOINT_URL_S3: inject('s3Endpoint'),
        S3_FORCE_PATH_STYLE: 'true',
        // As on Lambda, where the bundle's folder is /var/task.
        TEMPLATES_DIR: join(dir, 'templates/proposal'),
      },
    });
    // The function's own logs go to stdout too: the result is the last line.
    const response = JSON.parse(stdout.slice(stdout.lastIndexOf('\nRESULT ') + '\nRESULT '.length));
    expect(response.statusCode, stdout).toBe(201);
    const proposal = JSON.parse(response.body);
    expect(proposal.bytes).toBeGreaterThan(5_000);
    expect(proposal.downloadUrl).toMatch(/^http/);
  });
});
