/**
 * The environment, read and validated once per cold start. Endpoints are configuration: on AWS they
 * are absent (the SDK's defaults), locally they point at the emulators; no code path differs.
 */
import * as z from 'zod';

const environmentSchema = z.object({
  TABLE_NAME: z.string().min(1),
  DOCUMENTS_BUCKET: z.string().min(1),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** The SDK's own variables for custom endpoints, read here so that tests can pass them too. */
  AWS_ENDPOINT_URL_DYNAMODB: z.url().optional(),
  AWS_ENDPOINT_URL_S3: z.url().optional(),
  /** s3rver serves buckets by path, not by host name. */
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
  /** Folder of the proposal templates; set on AWS, where they are copied into the function's bundle. */
  TEMPLATES_DIR: z.string().min(1).optional(),
  /** Writes one person may make per minute; saving all four forms at once uses 8. */
  WRITES_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /**
   * The web function's session check: where the signing keys of ID tokens are published (Cognito's
   * `.../.well-known/jwks.json`, locally `/local/jwks.json`), the issuer and the audience (app client id).
   */
  WEB_JWKS_URL: z.url().optional(),
  WEB_ISSUER: z.string().min(1).optional(),
  WEB_AUDIENCE: z.string().min(1).optional(),
  /** Where the web pages send a visitor without a session (locally `/local/login`). */
  WEB_SIGN_IN_URL: z.string().min(1).optional(),
  /** Folder of the web pages' templates; set on AWS, where they are copied into the function's bundle. */
  WEB_TEMPLATES_DIR: z.string().min(1).optional(),
});

const WEB_SESSION_VARIABLES = ['WEB_JWKS_URL', 'WEB_ISSUER', 'WEB_AUDIENCE'] as const;

/** How the web function verifies the ID token held in its session cookie. */
export interface WebConfig {
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  readonly signInUrl?: string;
}

export interface Config {
  readonly tableName: string;
  readonly documentsBucket: string;
  readonly region: string;
  readonly dynamoDbEndpoint?: string;
  readonly s3Endpoint?: string;
  readonly s3ForcePathStyle: boolean;
  /** Absent: the repository's templates/proposal/ (local runs and tests). */
  readonly templatesDir?: string;
  readonly writesPerMinute: number;
  /** Present when the WEB_* variables are set (the web function requires them). */
  readonly web?: WebConfig;
  /** Absent: the repository's templates/web/. */
  readonly webTemplatesDir?: string;
}

/** Reads the configuration, failing fast with the names of missing or bad variables. */
export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const result = environmentSchema.safeParse(environment);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Bad configuration: ${problems.join('; ')}`);
  }
  const env = result.data;
  const webSet = WEB_SESSION_VARIABLES.filter((name) => env[name] !== undefined);
  if (webSet.length > 0 && webSet.length < WEB_SESSION_VARIABLES.length) {
    const missing = WEB_SESSION_VARIABLES.filter((name) => env[name] === undefined);
    throw new Error(`Bad configuration: ${missing.join(', ')} must be set with ${webSet.join(', ')}`);
  }
  return {
    tableName: env.TABLE_NAME,
    documentsBucket: env.DOCUMENTS_BUCKET,
    region: env.AWS_REGION,
    dynamoDbEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB,
    s3Endpoint: env.AWS_ENDPOINT_URL_S3,
    s3ForcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
    templatesDir: env.TEMPLATES_DIR,
    writesPerMinute: env.WRITES_PER_MINUTE,
    webTemplatesDir: env.WEB_TEMPLATES_DIR,
    ...(env.WEB_JWKS_URL && env.WEB_ISSUER && env.WEB_AUDIENCE
      ? {
          web: {
            jwksUrl: env.WEB_JWKS_URL,
            issuer: env.WEB_ISSUER,
            audience: env.WEB_AUDIENCE,
            signInUrl: env.WEB_SIGN_IN_URL,
          },
        }
      : {}),
  };
}
