/** Records of assembled proposals in the table (the documents themselves live in S3). */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ProposalRecord } from '#domain/proposals.ts';
import { queryPrefix, type TableRef } from './dynamo.ts';
import { keys } from './keys.ts';

export type ProposalStore = ReturnType<typeof createProposalStore>;

function fromItem({ PK, SK, type, ...record }: Record<string, unknown>): ProposalRecord {
  return record as unknown as ProposalRecord;
}

export function createProposalStore(table: TableRef) {
  const { client, tableName } = table;
  return {
    async create(record: ProposalRecord): Promise<void> {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.proposal(record.callId, record.id), type: 'proposal', ...record },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    },

    async find(callId: string, proposalId: string): Promise<ProposalRecord | undefined> {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: keys.proposal(callId, proposalId) }),
      );
      return Item ? fromItem(Item) : undefined;
    },

    /** The newest proposal of a call: one item read, however many versions there are. */
    async latest(callId: string): Promise<ProposalRecord | undefined> {
      const { PK, prefix } = keys.proposalsPrefix(callId);
      const { Items } = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': PK, ':prefix': prefix },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      );
      const item = Items?.[0];
      return item ? fromItem(item) : undefined;
    },

    /** Newest first. */
    async list(callId: string): Promise<ProposalRecord[]> {
      const items = await queryPrefix(table, keys.proposalsPrefix(callId), { ScanIndexForward: false });
      return items.map(fromItem);
    },
  };
}
