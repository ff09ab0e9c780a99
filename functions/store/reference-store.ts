/** RPPO reference data in the table, seeded once and then maintained as data. */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Rppo } from '#domain/rppos.ts';
import { queryPrefix, type TableRef } from './dynamo.ts';
import { keys } from './keys.ts';

export type ReferenceStore = ReturnType<typeof createReferenceStore>;

/** RPPOs change a few times a decade: a warm Lambda may keep them for a few minutes. */
const CACHE_MILLISECONDS = 5 * 60 * 1000;

export function createReferenceStore(table: TableRef, now: () => number = Date.now) {
  let cache: { rppos: Rppo[]; readAt: number } | undefined;
  return {
    async rppos(): Promise<Rppo[]> {
      if (cache && now() - cache.readAt < CACHE_MILLISECONDS) return cache.rppos;
      const items = await queryPrefix(table, keys.rpposPrefix);
      const rppos = items.map(({ PK, SK, type, ...rppo }) => rppo as unknown as Rppo);
      rppos.sort((a, b) => a.code.localeCompare(b.code));
      cache = { rppos, readAt: now() };
      return rppos;
    },

    /** Writes the seed data, keeping any RPPO already in the table as it is. */
    async seed(rppos: readonly Rppo[]): Promise<void> {
      for (const rppo of rppos) {
        try {
          await table.client.send(
            new PutCommand({
              TableName: table.tableName,
              Item: { ...keys.rppo(rppo.code), type: 'rppo', ...rppo },
              ConditionExpression: 'attribute_not_exists(PK)',
            }),
          );
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
      cache = undefined;
    },
  };
}
