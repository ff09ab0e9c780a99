/** Submissions and their revisions in the table. */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, PreconditionFailedError } from '#domain/errors.ts';
import type { FormName } from '#domain/forms.ts';
import { createRecentMap } from '#domain/recent.ts';
import type { RppoCode } from '#domain/rppos.ts';
import type { Revision, RevisionSummary, Submission, SubmissionVersion } from '#domain/submissions.ts';
import { failedConditions, queryPrefix, type TableRef } from './dynamo.ts';
import { type Key, keys } from './keys.ts';

export type SubmissionStore = ReturnType<typeof createSubmissionStore>;

/**
 * How long a warm Lambda remembers the last version of a submission it saw. What version n holds
 * never changes once written, so the only risk is that n is no longer current, which the save's
 * condition on the version catches.
 */
const KNOWN_VERSION_MILLISECONDS = 10 * 60 * 1000;

const keyText = ({ PK, SK }: Key) => `${PK}\n${SK}`;

function versionOf({ version, updatedAt, submittedVersion, submittedAt }: Submission): SubmissionVersion {
  return {
    version,
    updatedAt,
    ...(submittedVersion === undefined ? {} : { submittedVersion, submittedAt }),
  };
}

// Form data is kept as a JSON string: it round-trips exactly and its size is what we measured.
function submissionToItem(submission: Submission): Record<string, unknown> {
  return {
    ...keys.submission(submission.callId, submission.rppo, submission.form),
    type: 'submission',
    ...submission,
    data: JSON.stringify(submission.data),
  };
}

function submissionFromItem(item: Record<string, unknown>): Submission {
  const { PK, SK, type, data, ...rest } = item;
  return { ...(rest as unknown as Omit<Submission, 'data'>), data: JSON.parse(data as string) };
}

function revisionToItem(revision: Revision): Record<string, unknown> {
  return {
    ...keys.revision(revision.callId, revision.rppo, revision.form, revision.version),
    type: 'revision',
    ...revision,
    data: JSON.stringify(revision.data),
  };
}

function revisionFromItem(item: Record<string, unknown>): Revision {
  const { PK, SK, type, data, ...rest } = item;
  return { ...(rest as unknown as Omit<Revision, 'data'>), data: JSON.parse(data as string) };
}

export function createSubmissionStore(table: TableRef, now: () => number = Date.now) {
  const { client, tableName } = table;
  const knownVersions = createRecentMap<SubmissionVersion>({
    maxEntries: 1000,
    maxAgeMilliseconds: KNOWN_VERSION_MILLISECONDS,
    now,
  });
  const remember = (submission: Submission) =>
    knownVersions.set(
      keyText(keys.submission(submission.callId, submission.rppo, submission.form)),
      versionOf(submission),
    );

  const store = {
    async find(callId: string, rppo: RppoCode, form: FormName): Promise<Submission | undefined> {
      const { Item } = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.submission(callId, rppo, form),
          ConsistentRead: true,
        }),
      );
      if (!Item) return undefined;
      const submission = submissionFromItem(Item);
      remember(submission);
      return submission;
    },

    /**
     * The last version of a submission this instance read or wrote in the last ten minutes, if any: a
     * guess, for a save that then requires it to still be the current version.
     */
    known(callId: string, rppo: RppoCode, form: FormName): SubmissionVersion | undefined {
      return knownVersions.get(keyText(keys.submission(callId, rppo, form)));
    },

    /** The current submissions of a call, of one RPPO if given. */
    async list(callId: string, rppo?: RppoCode): Promise<Submission[]> {
      // Strongly consistent: an assembly right after a submission must see it.
      const items = await queryPrefix(table, keys.submissionsPrefix(callId, rppo), { ConsistentRead: true });
      return items.map(submissionFromItem);
    },

    /**
     * Writes a new version and its revision in one transaction, only if the call still accepts
     * input (and is still at `callVersion`, when the caller relied on a copy of it) and the stored
     * version is still the one the client saw.
     */
    async save(
      next: { submission: Submission; revision: Revision },
      expected: { version: number | undefined; acceptingAt: Date; callVersion?: number | undefined },
    ): Promise<void> {
      const { submission, revision } = next;
      const versionCondition =
        expected.version === undefined
          ? { ConditionExpression: 'attribute_not_exists(PK)' }
          : {
              ConditionExpression: 'version = :expected',
              ExpressionAttributeValues: { ':expected': expected.version },
            };
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                ConditionCheck: {
                  TableName: tableName,
                  Key: keys.call(submission.callId),
                  ConditionExpression: `#status = :open AND deadlineAt >= :now${
                    expected.callVersion === undefined ? '' : ' AND version = :callVersion'
                  }`,
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: {
                    ':open': 'open',
                    ':now': expected.acceptingAt.getTime(),
                    ...(expected.callVersion === undefined ? {} : { ':callVersion': expected.callVersion }),
                  },
                },
              },
              { Put: { TableName: tableName, Item: submissionToItem(submission), ...versionCondition } },
              {
                Put: {
                  TableName: tableName,
                  Item: revisionToItem(revision),
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
            ],
          }),
        );
        remember(submission);
      } catch (error) {
        const failed = failedConditions(error);
        // With `callVersion`, the call may merely have changed: the caller decides again on a fresh read.
        if (failed?.includes(0))
          throw new ConflictError('The call closed or its deadline passed before the save').coded({
            code: 'closedBeforeSave',
          });
        if (failed?.includes(1) || failed?.includes(2)) {
          const current = await store.find(submission.callId, submission.rppo, submission.form);
          throw new PreconditionFailedError(
            `Someone else saved version ${current?.version ?? '?'} of this form in the meantime; reload it`,
            current?.version,
          ).coded({ code: 'savedMeanwhile', params: { version: current?.version ?? '?' } });
        }
        throw error;
      }
    },

    /** Every version of a submission, oldest first, without the form data. */
    async revisions(callId: string, rppo: RppoCode, form: FormName): Promise<RevisionSummary[]> {
      const items = await queryPrefix(table, keys.revisionsPrefix(callId, rppo, form), {
        ProjectionExpression: 'callId, rppo, form, version, #status, createdAt, createdBy',
        ExpressionAttributeNames: { '#status': 'status' },
      });
      return items as unknown as RevisionSummary[];
    },

    async revision(
      callId: string,
      rppo: RppoCode,
      form: FormName,
      version: number,
    ): Promise<Revision | undefined> {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: keys.revision(callId, rppo, form, version) }),
      );
      return Item ? revisionFromItem(Item) : undefined;
    },

    /** The revisions the proposal uses: the latest submitted version of each submission. */
    async submittedRevisions(submissions: readonly Submission[]): Promise<Revision[]> {
      const wanted = submissions.flatMap((submission) =>
        submission.submittedVersion === undefined
          ? []
          : [keys.revision(submission.callId, submission.rppo, submission.form, submission.submittedVersion)],
      );
      const revisions: Revision[] = [];
      // BatchGetItem takes at most 100 keys and may return some of them as unprocessed.
      for (let start = 0; start < wanted.length; start += 100) {
        let pending: Record<string, unknown>[] | undefined = wanted.slice(start, start + 100) as never;
        while (pending && pending.length > 0) {
          const page: BatchGetCommandOutput = await client.send(
            new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
          );
          revisions.push(...(page.Responses?.[tableName] ?? []).map(revisionFromItem));
          pending = page.UnprocessedKeys?.[tableName]?.Keys;
        }
      }
      return revisions;
    },
  };
  return store;
}
