/**
 * Per-person write quotas: a counter per identity and minute in the table (shared by every Lambda
 * instance), so that one account cannot flood the service.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from './dynamo.ts';
import { keys } from './keys.ts';

export type WriteQuotaStore = ReturnType<typeof createWriteQuotaStore>;

export function createWriteQuotaStore({ client, tableName }: TableRef, writesPerMinute: number) {
  return {
    /** Counts one write; returns the seconds to wait when the minute's quota is used up. */
    async consume(
      subject: string,
      now: Date,
    ): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
      const minute = Math.floor(now.getTime() / 60_000);
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.writeQuota(subject, minute),
            UpdateExpression: 'ADD #count :one SET expiresAt = if_not_exists(expiresAt, :expiresAt)',
            ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
            ExpressionAttributeNames: { '#count': 'count' },
            ExpressionAttributeValues: {
              ':one': 1,
              ':limit': writesPerMinute,
              ':expiresAt': (minute + 2) * 60,
            },
          }),
        );
        return { allowed: true };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        return {
          allowed: false,
          retryAfterSeconds: Math.max(1, 60 - Math.floor((now.getTime() % 60_000) / 1000)),
        };
      }
    },
  };
}
