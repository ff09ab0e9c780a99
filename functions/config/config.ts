/**
 * The environment, read and validated once per cold start. Endpoints are configuration: on AWS they
 * are absent (the SDK's defaults), locally they point at the emulators; no code path differs.
 */
import { z } from 'zod';

const environmentSchema = z.object({
  TABLE_NAME: z.string().min(1),
  DOCUMENTS_BUCKET: z.string().min(1),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** The SDK's own variables for custom endpoints, read here so that tests can pass them too. */
  AWS_ENDPOINT_URL_DYNAMODB: z.url().optional(),
  AWS_ENDPOINT_URL_S3: z.url().optional(),
  /** s3rver serves buckets by path, not by host name. */
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('false'),
});

export interface Config {
  readonly tableName: string;
  readonly documentsBucket: string;
  readonly region: string;
  readonly dynamoDbEndpoint?: string;
  readonly s3Endpoint?: string;
  readonly s3ForcePathStyle: boolean;
}

/** Reads the configuration, failing fast with the names of missing or bad variables. */
export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const result = environmentSchema.safeParse(environment);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Bad configuration: ${problems.join('; ')}`);
  }
  const env = result.data;
  return {
    tableName: env.TABLE_NAME,
    documentsBucket: env.DOCUMENTS_BUCKET,
    region: env.AWS_REGION,
    dynamoDbEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB,
    s3Endpoint: env.AWS_ENDPOINT_URL_S3,
    s3ForcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
  };
}
