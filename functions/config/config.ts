/**
 * The environment, read and validated once per cold start. Endpoints are configuration: on AWS they
 * are absent (the SDK's defaults), locally they point at the emulators; no code path differs.
 */
import * as z from 'zod';
import { lazy } from '#domain/lazy.ts';

// Built when the configuration is first read (the first invocation), not when the module is imported.
const environmentSchema = lazy(() =>
  z.object({
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
    /** Where the web pages send a visitor without a session; `/auth/sign-in` when WEB_OAUTH_* are set. */
    WEB_SIGN_IN_URL: z.string().min(1).optional(),
    /**
     * The web pages' own sign-in (authorization code flow with PKCE): the authorization server's base
     * URL (Cognito's domain `https://<prefix>.auth.<region>.amazoncognito.com`, locally `<server>/local`),
     * the public app client's id and the site's base URL, from which the callback URL is made.
     */
    WEB_OAUTH_DOMAIN: z.url().optional(),
    WEB_CLIENT_ID: z.string().min(1).optional(),
    WEB_BASE_URL: z.url().optional(),
    /** Folder of the web pages' templates; set on AWS, where they are copied into the function's bundle. */
    WEB_TEMPLATES_DIR: z.string().min(1).optional(),
  }),
);

const WEB_SESSION_VARIABLES = ['WEB_JWKS_URL', 'WEB_ISSUER', 'WEB_AUDIENCE'] as const;
const WEB_OAUTH_VARIABLES = ['WEB_OAUTH_DOMAIN', 'WEB_CLIENT_ID', 'WEB_BASE_URL'] as const;
/** The web function's own sign-in route, used when the OAuth variables are set. */
const OAUTH_SIGN_IN_URL = '/auth/sign-in';

/** Where the web pages sign people in: Cognito's managed login (or its local stand-in). */
export interface OAuthConfig {
  /** Base URL of the authorization server's `/oauth2/authorize`, `/oauth2/token` and `/logout`. */
  readonly domain: string;
  /** The public app client (no secret). */
  readonly clientId: string;
  /** The site's base URL: the callback is `<baseUrl>/auth/callback`, the sign-out URL `<baseUrl>/`. */
  readonly baseUrl: string;
}

/** How the web function verifies the ID token held in its session cookie, and where it signs people in. */
export interface WebConfig {
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  readonly signInUrl?: string;
  /** Present when the WEB_OAUTH_* variables are set; the sign-in URL is then `/auth/sign-in`. */
  readonly oauth?: OAuthConfig;
}

/** Fails unless all or none of the named variables are set. */
function allOrNone(env: Record<string, unknown>, names: readonly string[]): boolean {
  const set = names.filter((name) => env[name] !== undefined);
  if (set.length > 0 && set.length < names.length) {
    const missing = names.filter((name) => env[name] === undefined);
    throw new Error(`Bad configuration: ${missing.join(', ')} must be set with ${set.join(', ')}`);
  }
  return set.length > 0;
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
  const result = environmentSchema().safeParse(environment);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Bad configuration: ${problems.join('; ')}`);
  }
  const env = result.data;
  const session = allOrNone(env, WEB_SESSION_VARIABLES);
  const oauthSet = allOrNone(env, WEB_OAUTH_VARIABLES);
  if (oauthSet && !session) {
    throw new Error(
      `Bad configuration: ${WEB_OAUTH_VARIABLES.join(', ')} need ${WEB_SESSION_VARIABLES.join(', ')}`,
    );
  }
  if (oauthSet && env.WEB_SIGN_IN_URL !== undefined && env.WEB_SIGN_IN_URL !== OAUTH_SIGN_IN_URL) {
    throw new Error(
      `Bad configuration: WEB_SIGN_IN_URL must be unset (or ${OAUTH_SIGN_IN_URL}) with WEB_OAUTH_DOMAIN`,
    );
  }
  const oauth: OAuthConfig | undefined =
    env.WEB_OAUTH_DOMAIN && env.WEB_CLIENT_ID && env.WEB_BASE_URL
      ? { domain: env.WEB_OAUTH_DOMAIN, clientId: env.WEB_CLIENT_ID, baseUrl: env.WEB_BASE_URL }
      : undefined;
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
            signInUrl: oauth ? OAUTH_SIGN_IN_URL : env.WEB_SIGN_IN_URL,
            ...(oauth ? { oauth } : {}),
          },
        }
      : {}),
  };
}
