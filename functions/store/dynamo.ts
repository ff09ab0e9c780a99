/**
 * Small helpers shared by the repositories: paging through a query and reading why a transaction
 * was cancelled.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

export interface TableRef {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** Runs a query to its last page. */
export async function queryAll(
  { client, tableName }: TableRef,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({ ...input, TableName: tableName, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Queries the items of a partition whose sort key starts with a prefix. */
export function queryPrefix(
  table: TableRef,
  { PK, prefix }: { PK: string; prefix: string },
  options: Pick<
    QueryCommandInput,
    'ScanIndexForward' | 'ProjectionExpression' | 'ExpressionAttributeNames' | 'ConsistentRead'
  > = {},
): Promise<Record<string, unknown>[]> {
  return queryAll(table, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': PK, ':prefix': prefix },
    ...options,
  });
}

/** For a cancelled transaction: which of its actions failed their condition (by index). */
export function failedConditions(error: unknown): number[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).flatMap((reason, index) =>
    reason.Code === 'ConditionalCheckFailed' ? [index] : [],
  );
}

/**
 * Whether a transaction was cancelled because another request was changing one of its items at the same moment
 * (`TransactionConflict`), rather than because a condition failed: the same request may succeed when retried.
 */
export function isTransactionConflict(error: unknown): boolean {
  return (
    error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict') &&
    (error.CancellationReasons ?? []).every((reason) => reason.Code !== 'ConditionalCheckFailed')
  );
}
