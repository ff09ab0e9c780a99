/**
 * The table's shape, shared by the CDK construct and the local setup so both create the same table.
 */
export const tableDefinition = {
  partitionKey: 'PK',
  sortKey: 'SK',
  /** Lists calls newest first. */
  callsIndex: { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
  /** Epoch seconds after which DynamoDB may delete the item (idempotency records). */
  timeToLiveAttribute: 'expiresAt',
} as const;
