/** Calls for input in the table. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Call } from '#domain/calls.ts';
import { NotFoundError, PreconditionFailedError } from '#domain/errors.ts';
import { createRecentMap } from '#domain/recent.ts';
import { queryAll, type TableRef } from './dynamo.ts';
import { keys } from './keys.ts';
import { tableDefinition } from './table.ts';

export type CallStore = ReturnType<typeof createCallStore>;

/**
 * How long a warm Lambda may start a save from a call it read. Not a matter of correctness: the
 * save's transaction requires the call's version to be the one read (see SubmissionStore.save).
 */
const RECENT_MILLISECONDS = 60 * 1000;

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

export function createCallStore(table: TableRef, now: () => number = Date.now) {
  const { client, tableName } = table;
  // Few calls are open at a time, and each may carry up to 200 KB of draft sections.
  const recentCalls = createRecentMap<Call>({
    maxEntries: 20,
    maxAgeMilliseconds: RECENT_MILLISECONDS,
    now,
  });
  return {
    async create(call: Call): Promise<void> {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: toItem(call),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      recentCalls.set(call.id, call);
    },

    async find(callId: string): Promise<Call | undefined> {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: keys.call(callId), ConsistentRead: true }),
      );
      if (!Item) return undefined;
      const call = fromItem(Item);
      recentCalls.set(callId, call);
      return call;
    },

    /**
     * The call as this instance read or wrote it in the last minute, if it did: a guess, for a
     * write that then requires the call to still be at this version.
     */
    recent(callId: string): Call | undefined {
      return recentCalls.get(callId);
    },

    async get(callId: string): Promise<Call> {
      const call = await this.find(callId);
      if (!call)
        throw new NotFoundError(`There is no call ${callId}`).coded({
          code: 'noSuchCall',
          params: { callId },
        });
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
        recentCalls.set(call.id, call);
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
