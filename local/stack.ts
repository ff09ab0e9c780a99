/**
 * The whole product on one machine: DynamoDB Local, s3rver, the local API server and the same
 * handler modules that are deployed to Lambda, configured through the same environment variables.
 */
import { join } from 'node:path';
import { type Config, loadConfig } from '#config/config.ts';
import { createClients, createDependencies } from '#config/dependencies.ts';
import { rppoSeed } from '#domain/rppos.ts';
import { handler as callsHandler } from '../functions/calls.ts';
import { handler as proposalsHandler } from '../functions/proposals.ts';
import { handler as referenceHandler } from '../functions/reference.ts';
import { handler as submissionsHandler } from '../functions/submissions.ts';
import { handler as webHandler } from '../functions/web.ts';
import { createLocalAuth, LOCAL_AUDIENCE, LOCAL_ISSUER, type LocalAuth } from './auth.ts';
import { type Emulator, startDynamoDbLocal, startS3 } from './emulators.ts';
import { startLocalServer } from './server.ts';
import { ensureTable } from './table-setup.ts';

export interface LocalStackOptions {
  /** Keeps data on disk here (survives restarts); without it everything lives in memory. */
  readonly dataDir?: string;
  /** @default 3000; 0 takes a free port */
  readonly port?: number;
}

export interface LocalStack {
  readonly url: string;
  readonly config: Config;
  readonly auth: LocalAuth;
  readonly dynamoDb: Emulator;
  readonly s3: Emulator;
  stop(): Promise<void>;
}

const TABLE_NAME = 'rppo-proposal-pipeline';
const DOCUMENTS_BUCKET = 'rppo-proposal-documents';

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const { dataDir } = options;
  const started = await Promise.allSettled([
    startDynamoDbLocal({ dataDir: dataDir && join(dataDir, 'dynamodb') }),
    startS3({ dataDir: dataDir && join(dataDir, 's3'), buckets: [DOCUMENTS_BUCKET] }),
  ]);
  const [dynamoDb, s3] = started.map((result) => (result.status === 'fulfilled' ? result.value : undefined));
  if (!dynamoDb || !s3) {
    // Stop whichever emulator did start, so that a failed start leaves no process behind.
    await Promise.all([dynamoDb?.stop(), s3?.stop()]);
    throw started.find((result) => result.status === 'rejected')?.reason;
  }
  // The handlers read their configuration from the environment, exactly as on Lambda.
  Object.assign(process.env, {
    TABLE_NAME,
    DOCUMENTS_BUCKET,
    AWS_REGION: 'us-east-1',
    // s3rver accepts only these credentials; DynamoDB Local (-sharedDb) accepts any.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    // Lambda runs Node 24; this machine's Node 20 is supported locally on purpose.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  const config = loadConfig();
  const clients = createClients(config);
  await ensureTable(clients.dynamoDb, config.tableName);
  await createDependencies(config, clients).reference.seed(rppoSeed);

  const auth = await createLocalAuth(dataDir && join(dataDir, 'local-auth-key.json'));
  const server = await startLocalServer({
    auth,
    port: options.port,
    handlers: {
      reference: referenceHandler,
      calls: callsHandler,
      submissions: submissionsHandler,
      proposals: proposalsHandler,
      web: webHandler,
    },
  });
  // The web function checks its session cookie against the local key set, as it does against
  // Cognito's on AWS, and signs people in through the local stand-in of the managed login
  // (/local/oauth2/...), so /auth/sign-in and /auth/callback run locally as deployed.
  // Set before any request reaches it: it reads the environment on first use.
  Object.assign(process.env, {
    WEB_JWKS_URL: `${server.url}/local/jwks.json`,
    WEB_ISSUER: LOCAL_ISSUER,
    WEB_AUDIENCE: LOCAL_AUDIENCE,
    WEB_OAUTH_DOMAIN: `${server.url}/local`,
    WEB_CLIENT_ID: LOCAL_AUDIENCE,
    WEB_BASE_URL: server.url,
  });
  return {
    url: server.url,
    config,
    auth,
    dynamoDb,
    s3,
    async stop() {
      await server.close();
      await Promise.all([dynamoDb.stop(), s3.stop()]);
    },
  };
}
