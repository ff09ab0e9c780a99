/**
 * Idempotency records: the first response to a request sent with an `Idempotency-Key`, kept for a
 * day so that a retry gets the same answer instead of doing the work twice.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { HttpResponse } from '#http/responses.ts';
import type { TableRef } from './dynamo.ts';
import { keys } from './keys.ts';

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;

export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export type Claim =
  | { readonly outcome: 'claimed' }
  | { readonly outcome: 'replay'; readonly response: HttpResponse }
  | { readonly outcome: 'in-progress' }
  | { readonly outcome: 'mismatch' };

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

export function createIdempotencyStore({ client, tableName }: TableRef) {
  return {
    /** Claims the key for this request, or says what an earlier request with it left. */
    async claim(scope: { subject: string; key: string }, requestHash: string, now: Date): Promise<Claim> {
      const Key = keys.idempotency(scope.subject, scope.key);
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...Key,
              type: 'idempotency',
              requestHash,
              state: 'in-progress',
              expiresAt: epochSeconds(now) + IDEMPOTENCY_TTL_SECONDS,
            },
            // An expired record that TTL has not deleted yet counts as absent.
            ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
            ExpressionAttributeValues: { ':now': epochSeconds(now) },
          }),
        );
        return { outcome: 'claimed' };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key, ConsistentRead: true }));
      if (!Item || Item.requestHash !== requestHash) return { outcome: 'mismatch' };
      if (Item.state !== 'done') return { outcome: 'in-progress' };
      return { outcome: 'replay', response: JSON.parse(Item.response as string) as HttpResponse };
    },

    /** Records the response the claimed request produced. */
    async complete(scope: { subject: string; key: string }, response: HttpResponse): Promise<void> {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.idempotency(scope.subject, scope.key),
          UpdateExpression: 'SET #state = :done, #response = :response',
          ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
          ExpressionAttributeValues: { ':done': 'done', ':response': JSON.stringify(response) },
        }),
      );
    },

    /** Frees the key after a failure on our side, so that the client's retry runs again. */
    async release(scope: { subject: string; key: string }): Promise<void> {
      await client.send(
        new DeleteCommand({ TableName: tableName, Key: keys.idempotency(scope.subject, scope.key) }),
      );
    },
  };
}
