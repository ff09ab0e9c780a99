/**
 * Lambda: the CloudFormation custom resource that writes the RPPO seed data into the deployed table,
 * with the same store code `npm start` seeds the local table with. RPPOs already in the table are
 * kept as they are (they are maintained as data), and deleting the resource deletes nothing.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { rppoSeed } from '#domain/rppos.ts';
import type { TableRef } from '#store/dynamo.ts';
import { createReferenceStore } from '#store/reference-store.ts';

/** One physical id for the life of the resource: CloudFormation never sees a replacement. */
export const SEED_PHYSICAL_ID = 'rppo-seed';

type SeedEvent = CloudFormationCustomResourceEvent;

/** Sends CloudFormation the outcome through the presigned URL of the event. */
export type Respond = (url: string, body: string) => Promise<void>;

const respondByPut: Respond = async (url, body) => {
  // A byte body and no Content-Type: the presigned URL may have been signed without one.
  const response = await fetch(url, { method: 'PUT', body: new TextEncoder().encode(body) });
  if (!response.ok) throw new Error(`CloudFormation refused the response: ${response.status}`);
};

/** The custom resource handler for a table; it always answers CloudFormation, or the stack would hang. */
export function createSeedRpposHandler(table: () => TableRef, respond: Respond = respondByPut) {
  return async (event: SeedEvent, context?: Pick<Context, 'logStreamName'>): Promise<void> => {
    let status: 'SUCCESS' | 'FAILED' = 'SUCCESS';
    let reason: string | undefined;
    try {
      if (event.RequestType !== 'Delete') await createReferenceStore(table()).seed(rppoSeed);
    } catch (error) {
      status = 'FAILED';
      reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      console.error(JSON.stringify({ level: 'error', message: 'seeding failed', reason }));
    }
    const body = JSON.stringify({
      Status: status,
      Reason: reason ?? `See CloudWatch log stream ${context?.logStreamName ?? 'of the seed function'}`,
      PhysicalResourceId: event.RequestType === 'Create' ? SEED_PHYSICAL_ID : event.PhysicalResourceId,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
      Data: { count: rppoSeed.length },
    });
    await respond(event.ResponseURL, body);
  };
}

function tableFromEnvironment(): TableRef {
  const tableName = process.env.TABLE_NAME;
  if (!tableName) throw new Error('Bad configuration: TABLE_NAME is missing');
  return { client: DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 3 })), tableName };
}

export const handler = createSeedRpposHandler(tableFromEnvironment);
