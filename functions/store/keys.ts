/**
 * Every key of the single table, built in one place. One partition per call holds the call, the
 * current submissions, their revisions and the assembled proposals, so one query reads a call whole.
 *
 * | item        | PK            | SK                                   | GSI1PK | GSI1SK              |
 * |-------------|---------------|--------------------------------------|--------|---------------------|
 * | call        | CALL#<callId> | CALL                                 | CALLS  | <createdAt>#<callId> |
 * | submission  | CALL#<callId> | SUB#<rppo>#<form>                    |        |                     |
 * | revision    | CALL#<callId> | REV#<rppo>#<form>#<version, 6 digits> |        |                     |
 * | proposal    | CALL#<callId> | PROP#<proposalId (time-ordered)>     |        |                     |
 * | RPPO        | REF           | RPPO#<code>                          |        |                     |
 * | idempotency | IDEMPOTENCY#<subject>#<key> | IDEMPOTENCY            |        |                     |
 * | write quota | QUOTA#<subject>#<minute>    | QUOTA                  |        |                     |
 *
 * Idempotency records and write quotas expire through the table's TTL attribute `expiresAt`.
 */
import type { FormName } from '#domain/forms.ts';
import type { RppoCode } from '#domain/rppos.ts';

export interface Key {
  readonly PK: string;
  readonly SK: string;
}

const callPartition = (callId: string) => `CALL#${callId}`;
const VERSION_DIGITS = 6;

export const keys = {
  call: (callId: string): Key => ({ PK: callPartition(callId), SK: 'CALL' }),
  callsIndex: (createdAt: string, callId: string) => ({ GSI1PK: 'CALLS', GSI1SK: `${createdAt}#${callId}` }),
  callsIndexPartition: 'CALLS',

  submission: (callId: string, rppo: RppoCode, form: FormName): Key => ({
    PK: callPartition(callId),
    SK: `SUB#${rppo}#${form}`,
  }),
  /** SK prefix of the current submissions of a call, of one RPPO if given. */
  submissionsPrefix: (callId: string, rppo?: RppoCode) => ({
    PK: callPartition(callId),
    prefix: rppo ? `SUB#${rppo}#` : 'SUB#',
  }),

  revision: (callId: string, rppo: RppoCode, form: FormName, version: number): Key => ({
    PK: callPartition(callId),
    SK: `REV#${rppo}#${form}#${String(version).padStart(VERSION_DIGITS, '0')}`,
  }),
  revisionsPrefix: (callId: string, rppo: RppoCode, form: FormName) => ({
    PK: callPartition(callId),
    prefix: `REV#${rppo}#${form}#`,
  }),

  proposal: (callId: string, proposalId: string): Key => ({
    PK: callPartition(callId),
    SK: `PROP#${proposalId}`,
  }),
  proposalsPrefix: (callId: string) => ({ PK: callPartition(callId), prefix: 'PROP#' }),

  rppo: (code: RppoCode): Key => ({ PK: 'REF', SK: `RPPO#${code}` }),
  rpposPrefix: { PK: 'REF', prefix: 'RPPO#' },

  idempotency: (subject: string, key: string): Key => ({
    PK: `IDEMPOTENCY#${subject}#${key}`,
    SK: 'IDEMPOTENCY',
  }),
  writeQuota: (subject: string, minute: number): Key => ({ PK: `QUOTA#${subject}#${minute}`, SK: 'QUOTA' }),
} as const;

/** S3 object key of the house Word template a call's proposals take their look from. */
export function houseTemplateObjectKey(callId: string): string {
  return `templates/${callId}/house-style.docx`;
}

/** S3 object key of an assembled proposal document. */
export function proposalObjectKey(callId: string, proposalId: string): string {
  return `proposals/${callId}/${proposalId}.docx`;
}
