/**
 * The house Lambda function: every function of the product is one of these, saying only its entry,
 * its size and its grants. The grants helpers set a function's environment variable and its
 * narrowest permission together, so a function never knows a resource it may not use, or the reverse.
 */
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { Construct } from 'constructs';
import { ENTRY_FILE, functionCode } from './bundle.ts';

/** The repository root: entries, the lock file and the templates are found from here. */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** The newest Node.js runtime Lambda offers (and cdk-nag's L1 rule asks for). */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;

/** Where Lambda unpacks a function's bundle. */
export const LAMBDA_TASK_ROOT = '/var/task';

/** esbuild's target for the runtime: `node24` for nodejs24.x. */
export const BUNDLE_TARGET = FUNCTION_RUNTIME.name.replace(/^nodejs(\d+)\.x$/, 'node$1');

export interface HouseFunctionProps {
  /** The handler module, relative to functions/ without extension, e.g. `calls`. */
  readonly entry: string;
  readonly description: string;
  /**
   * MB of memory, which also buys CPU: Lambda gives one full vCPU at 1,769 MB.
   * @default 512
   */
  readonly memorySize?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /**
   * Folders of the repository copied into the bundle at the same relative path (read at run time).
   * @default - none
   */
  readonly bundledFolders?: readonly string[];
  /** Production keeps logs longer and keeps them when the stack is deleted. */
  readonly production: boolean;
  /**
   * Who invokes the function, and so who learns of a failure.
   * @default 'api'
   */
  readonly invokedBy?: keyof typeof FAILURES_GO_TO;
}

const FAILURES_GO_TO = {
  api: 'Invoked synchronously by API Gateway: the client receives the error and retries; no event is lost.',
  cloudformation:
    'Invoked by CloudFormation, which receives every outcome through the response URL and rolls back on failure.',
} as const;

/**
 * A Node.js function on arm64, bundled locally by esbuild as minified ES modules with source maps
 * (bundle.ts), tracing on, and its own log group with a retention period.
 */
export class HouseFunction extends LambdaFunction {
  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.production ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
      removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // Our own role: the AWS managed basic-execution policy would let it write to every log group.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.entry} function`,
    });
    logGroup.grantWrite(role);
    super(scope, id, {
      code: functionCode({
        entry: `${projectRoot}functions/${props.entry}.ts`,
        projectRoot,
        target: BUNDLE_TARGET,
        folders: props.bundledFolders ?? [],
      }),
      handler: `${ENTRY_FILE.replace(/\.mjs$/, '')}.handler`,
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      environment: { NODE_OPTIONS: '--enable-source-maps' },
    });
    // A dead-letter queue or failure destination keeps failed asynchronous events: ours have none.
    const reason = FAILURES_GO_TO[props.invokedBy ?? 'api'];
    Validations.of(this).acknowledge(
      { id: 'Serverless-LambdaDLQ', reason },
      { id: 'Serverless-LambdaAsyncFailureDestination', reason },
    );
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments and PutTelemetryRecords do not support resource-level permissions.',
    });
  }
}

/** A DynamoDB action a function may be granted; Scan and table management never are. */
export type TableAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'ConditionCheckItem';

export interface TableGrant {
  readonly actions: readonly TableAction[];
  /**
   * Global secondary indexes the function queries.
   * @default - none
   */
  readonly indexes?: readonly string[];
  /**
   * The only partition keys the function may touch (IAM `dynamodb:LeadingKeys`).
   * @default - any
   */
  readonly partitions?: readonly string[];
}

/** Reading by key and by query, nothing else. */
export const TABLE_READ: readonly TableAction[] = ['GetItem', 'BatchGetItem', 'Query'];

/** Sets TABLE_NAME and grants exactly these actions on the table and the named indexes (read by default). */
export function bindTable(
  fn: HouseFunction,
  table: ITable,
  grant: TableGrant = { actions: TABLE_READ },
): void {
  fn.addEnvironment('TABLE_NAME', table.tableName);
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: grant.actions.map((action) => `dynamodb:${action}`),
      resources: [
        table.tableArn,
        ...(grant.indexes ?? []).map((index) => `${table.tableArn}/index/${index}`),
      ],
      ...(grant.partitions
        ? { conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [...grant.partitions] } } }
        : {}),
    }),
  );
}

export interface DocumentsGrant {
  /** The key prefix the function works under, e.g. `proposals/`. */
  readonly prefix: string;
  readonly actions: readonly ('GetObject' | 'PutObject')[];
}

/**
 * Sets DOCUMENTS_BUCKET and grants each grant's actions on objects under its prefix only, one statement
 * per prefix. Without grants the function learns the name (the configuration asks every function for
 * it) and gets no S3 access.
 */
export function bindDocuments(
  fn: HouseFunction,
  bucket: IBucket,
  grants: readonly DocumentsGrant[] = [],
): void {
  fn.addEnvironment('DOCUMENTS_BUCKET', bucket.bucketName);
  for (const grant of grants) {
    const resource = bucket.arnForObjects(`${grant.prefix}*`);
    fn.addToRolePolicy(
      new PolicyStatement({ actions: grant.actions.map((action) => `s3:${action}`), resources: [resource] }),
    );
    acknowledgeResolvedResource(fn, resource, {
      rule: 'AwsSolutions-IAM5',
      reason: 'Object keys are generated per document; the key prefix is the narrowest scope there is.',
    });
  }
}

/**
 * Acknowledges a finding about one policy resource. cdk-nag names the finding after the resource as
 * the template has it, known only once cross-stack references are resolved: hence at validation,
 * with cdk-nag's own formatting of references.
 */
function acknowledgeResolvedResource(
  fn: HouseFunction,
  resource: string,
  { rule, reason }: { rule: string; reason: string },
): void {
  fn.node.addValidation({
    validate: () => {
      const finding = flattenCfnReference(Stack.of(fn).resolve(resource));
      Validations.of(fn.role ?? fn).acknowledge({ id: `${rule}[Resource::${finding}]`, reason });
      return [];
    },
  });
}
