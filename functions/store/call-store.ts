/** Calls for input in the table. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Call } from '#domain/calls.ts';
import { NotFoundError, PreconditionFailedError } from '#domain/errors.ts';
import { queryAll, type TableRef } from './dynamo.ts';
import { keys } from './keys.ts';
import { tableDefinition } from './table.ts';

export type CallStore = ReturnType<typeof createCallStore>;

function toItem(call: Call): Record<string, unknown> {
  return {
    ...keys.call(call.id),
    ...keys.callsIndex(call.createdAt, call.id),
    type: 'call',
    // Epoch milliseconds, so that a transaction can compare the deadline whatever its time zone.
    deadlineAt: Date.parse(call.deadline),
    ...call,
  };
}

function fromItem(item: Record<string, unknown>): Call {
  const { PK, SK, GSI1PK, GSI1SK, type, deadlineAt, ...call } = item;
  return call as unknown as Call;
}

export function createCallStore(table: TableRef) {
  const { client, tableName } = table;
  return {
    async create(call: Call): Promise<void> {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: toItem(call),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    },

    async find(callId: string): Promise<Call | undefined> {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: keys.call(callId), ConsistentRead: true }),
      );
      return Item ? fromItem(Item) : undefined;
    },

    async get(callId: string): Promise<Call> {
      const call = await this.find(callId);
      if (!call) throw new NotFoundError(`There is no call ${callId}`);
      return call;
    },

    /** All calls, newest first. */
    async list(): Promise<Call[]> {
      const items = await queryAll(table, {
        IndexName: tableDefinition.callsIndex.name,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.callsIndexPartition },
        ScanIndexForward: false,
      });
      return items.map(fromItem);
    },

    /** Replaces a call if it is still at the version it was read at. */
    async replace(call: Call, readVersion: number): Promise<void> {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: toItem(call),
            ConditionExpression: 'version = :read',
            ExpressionAttributeValues: { ':read': readVersion },
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) {
          const current = await this.find(call.id);
          throw new PreconditionFailedError(
            'The call was changed by someone else; reload it',
            current?.version,
          ).coded({ code: 'callChangedMeanwhile' });
        }
        throw error;
      }
    },
  };
}
