/**
 * The real bundles, built by esbuild as `cdk synth` builds them (slow: ~10 s): their size, that each
 * loads in a fresh Node process and exports its handler, and that the assembly bundle renders a
 * proposal from the templates copied into it, against the emulators of the test run.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FunctionName, routes } from '#http/routes.ts';
import { createCall, saveAndSubmit } from '../support/api.ts';
import { bytesOf, eagerAndLazy, synthBundles } from '../support/bundles.ts';

const run = promisify(execFile);

type Bundled = FunctionName | 'seed';
const functionNames = [...new Set(routes.map((route) => route.function)), 'seed'] as Bundled[];
const MB = 1_000_000;
/** Texts found only in the document code's libraries: marked's lexer, xmldom's parser, Handlebars' compiler. */
const DOCUMENT_CODE = ['marked(): input parameter is', 'xmldom', 'Parse error on line'];

let outdir: string;
let bundles: Map<string, string>;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'rppo-cdk-'));
  bundles = synthBundles(outdir, functionNames);
}, 120_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

/** A function's entry file, `index.mjs`. */
function bundleOf(name: Bundled): string {
  const entry = bundles.get(name);
  if (!entry) throw new Error(`no bundle for ${name}`);
  return entry;
}

describe('function bundles', () => {
  it('exist for every function, ES modules each with its source map', () => {
    expect([...bundles.keys()].toSorted()).toEqual(functionNames.toSorted());
    for (const name of functionNames) {
      const { eager, lazy } = eagerAndLazy(bundleOf(name));
      for (const file of [...eager, ...lazy]) expect(existsSync(`${file}.map`), file).toBe(true);
    }
  });

  it('load under 1 MB of code at a cold start, the assembly function included', () => {
    const sizes = Object.fromEntries(
      functionNames.map((name) => {
        const { eager, lazy } = eagerAndLazy(bundleOf(name));
        return [name, { atImport: bytesOf(eager), onFirstUse: bytesOf(lazy) }];
      }),
    );
    console.info(`bundle sizes (bytes): ${JSON.stringify(sizes)}`);
    for (const name of functionNames) expect(sizes[name]?.atImport, name).toBeLessThan(1 * MB);
  });

  it('leave the assembly code (Handlebars, marked, xmldom) to the first assembly of a proposals instance', () => {
    // The assembly code is what makes the bundle slow to import, and most requests (the versions, a download
    // link) never run it: it must sit in chunks of their own, loaded by import() on first use.
    const { eager, lazy } = eagerAndLazy(bundleOf('proposals'));
    const atImport = eager.map((file) => readFileSync(file, 'utf8')).join('\n');
    const onFirstUse = lazy.map((file) => readFileSync(file, 'utf8')).join('\n');
    for (const marker of DOCUMENT_CODE) {
      expect(atImport.includes(marker), `imports ${marker} at start`).toBe(false);
      expect(onFirstUse.includes(marker), `carries ${marker}`).toBe(true);
    }
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
      const dir = dirname(bundleOf(name));
      expect(existsSync(join(dir, 'templates/proposal/proposal.md.hbs')), name).toBe(true);
      expect(existsSync(join(dir, 'templates/proposal/partials')), name).toBe(true);
    }
    expect(existsSync(join(dirname(bundleOf('web')), 'templates/web/layout.hbs'))).toBe(true);
    expect(existsSync(join(dirname(bundleOf('reference')), 'templates'))).toBe(false);
  });

  it('assemble a proposal with the bundled templates (assembly bundle against the emulators)', async () => {
    const callId = await createCall();
    await saveAndSubmit(callId, 'EPPO', 'draft-input');
    const dir = dirname(bundleOf('proposals'));
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
      const { handler } = await import(${JSON.stringify(pathToFileURL(bundleOf('proposals')).href)});
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
