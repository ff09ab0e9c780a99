/**
 * The stateful storage: the single DynamoDB table (shape from functions/store/table.ts, the same the
 * local setup creates) and the documents bucket with its access-log bucket. Everything here is
 * retained when the stack is deleted.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, type ITable, Table } from 'aws-cdk-lib/aws-dynamodb';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { tableDefinition } from '#store/table.ts';

export interface DataStoreProps {
  /** Turns on the table's deletion protection. */
  readonly production: boolean;
  /**
   * Days a replaced or deleted document version is kept before S3 removes it.
   * @default 90
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Days S3 access logs are kept.
   * @default 365
   */
  readonly accessLogDays?: number;
}

/** The table and the documents bucket. Construct ids are part of the logical ids: never rename them. */
export class DataStore extends Construct {
  readonly table: ITable;
  readonly documents: IBucket;
  readonly accessLogs: IBucket;

  constructor(scope: Construct, id: string, props: DataStoreProps) {
    super(scope, id);
    const { callsIndex } = tableDefinition;
    const string = (name: string) => ({ name, type: AttributeType.STRING });

    const table = new Table(this, 'Table', {
      partitionKey: string(tableDefinition.partitionKey),
      sortKey: string(tableDefinition.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.production,
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    table.addGlobalSecondaryIndex({
      indexName: callsIndex.name,
      partitionKey: string(callsIndex.partitionKey),
      sortKey: string(callsIndex.sortKey),
    });
    this.table = table;

    const hardened = {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    } as const;

    const accessLogs = new Bucket(this, 'AccessLogs', {
      ...hardened,
      lifecycleRules: [{ expiration: Duration.days(props.accessLogDays ?? 365) }],
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging it into itself would loop.',
    });
    this.accessLogs = accessLogs;

    this.documents = new Bucket(this, 'Documents', {
      ...hardened,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'documents/',
      lifecycleRules: [
        {
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays ?? 90),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
  }
}
