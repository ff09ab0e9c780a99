/**
 * The table's shape, in one place for every place that creates the table (the local setup now, the
 * CDK construct when the deployment is built).
 */
export const tableDefinition = {
  partitionKey: 'PK',
  sortKey: 'SK',
  /** Lists calls newest first. */
  callsIndex: { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
  /** Epoch seconds after which DynamoDB deletes the item (idempotency records, write quotas). */
  timeToLiveAttribute: 'expiresAt',
} as const;
