/**
 * What every write route goes through before its action: the per-person write quota (429) and,
 * when the client sends an `Idempotency-Key`, replay of the first answer to a retried request.
 */
import { createHash } from 'node:crypto';
import { ConflictError, TooManyRequestsError, UnprocessableError, ValidationError } from '#domain/errors.ts';
import type { IdempotencyStore } from '#store/idempotency-store.ts';
import type { WriteQuotaStore } from '#store/write-quota-store.ts';
import { type Action, errorResponse } from './handler.ts';
import { type ApiEvent, header, principalOf } from './request.ts';

export interface WriteGuardDependencies {
  readonly idempotency: IdempotencyStore;
  readonly writeQuota: WriteQuotaStore;
  readonly clock: () => Date;
}

const KEY_FORMAT = /^[\w.:-]{1,128}$/;

function idempotencyKey(event: ApiEvent): string | undefined {
  const key = header(event, 'idempotency-key');
  if (key === undefined) return undefined;
  if (!KEY_FORMAT.test(key)) {
    throw new ValidationError('Idempotency-Key must be 1 to 128 letters, digits or . _ : -', [
      { path: 'Idempotency-Key', message: 'Not a valid key' },
    ]);
  }
  return key;
}

/** What makes two requests "the same": route, path, precondition and body. */
function requestHash(event: ApiEvent): string {
  return createHash('sha256')
    .update([event.routeKey, event.rawPath, header(event, 'if-match') ?? '', event.body ?? ''].join('\n'))
    .digest('hex');
}

/** Wraps a write action with the quota check and idempotent replay. */
export function guardWrite(deps: WriteGuardDependencies, action: Action): Action {
  return async (event) => {
    const principal = principalOf(event);
    const key = idempotencyKey(event);
    const quota = await deps.writeQuota.consume(principal.subject, deps.clock());
    if (!quota.allowed) {
      throw new TooManyRequestsError(
        'Too many changes in a minute; wait a moment and retry',
        quota.retryAfterSeconds,
      ).coded({ code: 'tooManyChanges' });
    }
    if (key === undefined) return action(event);

    const scope = { subject: principal.subject, key };
    const claim = await deps.idempotency.claim(scope, requestHash(event), deps.clock());
    if (claim.outcome === 'replay') {
      return { ...claim.response, headers: { ...claim.response.headers, 'Idempotency-Replayed': 'true' } };
    }
    if (claim.outcome === 'mismatch') {
      throw new UnprocessableError('This Idempotency-Key was already used for a different request');
    }
    if (claim.outcome === 'in-progress') {
      throw new ConflictError('A request with this Idempotency-Key is still being processed; retry shortly');
    }
    let response: ReturnType<typeof errorResponse>;
    try {
      response = await action(event);
    } catch (error) {
      response = errorResponse(error, event.requestContext.requestId);
    }
    // Failures on our side are not answers: free the key so that the retry runs again.
    if ((response.statusCode ?? 500) >= 500) await deps.idempotency.release(scope);
    else await deps.idempotency.complete(scope, response);
    return response;
  };
}
