/**
 * An RPPO's answer to one form of a call. Every save makes a new version, kept as a revision, so
 * nothing is ever overwritten; the proposal uses the latest submitted version, never a later draft.
 */
import type { Call } from './calls.ts';
import { PreconditionFailedError, PreconditionRequiredError } from './errors.ts';
import type { FormName } from './forms.ts';
import type { RppoCode } from './rppos.ts';

export type SubmissionStatus = 'draft' | 'submitted';

export interface Actor {
  readonly subject: string;
  readonly email: string | undefined;
}

export interface Submission {
  readonly callId: string;
  readonly rppo: RppoCode;
  readonly form: FormName;
  readonly version: number;
  readonly status: SubmissionStatus;
  readonly data: unknown;
  readonly updatedAt: string;
  readonly updatedBy: Actor;
  /** The version the proposal uses, if any version was ever submitted. */
  readonly submittedVersion?: number;
  readonly submittedAt?: string;
}

export interface Revision {
  readonly callId: string;
  readonly rppo: RppoCode;
  readonly form: FormName;
  readonly version: number;
  readonly status: SubmissionStatus;
  readonly data: unknown;
  readonly createdAt: string;
  readonly createdBy: Actor;
}

export type RevisionSummary = Omit<Revision, 'data'>;

/** What a save needs to know of the stored submission it replaces: everything but the data. */
export type SubmissionVersion = Pick<
  Submission,
  'version' | 'updatedAt' | 'submittedVersion' | 'submittedAt'
>;

/** What the completeness matrix shows for one RPPO and form. */
export type FormState = 'missing' | 'draft' | 'submitted';

export function stateOf(submission: Submission | undefined): FormState {
  return submission?.status ?? 'missing';
}

/**
 * Checks the client's `If-Match` against the stored version: creating needs none, updating needs
 * the current one. Returns the version the write must find in the table.
 */
export function expectedVersion(
  current: SubmissionVersion | undefined,
  ifMatch: number | '*' | undefined,
): number | undefined {
  if (!current) {
    if (ifMatch !== undefined && ifMatch !== '*') {
      throw new PreconditionFailedError(
        'There is no saved version yet; send the first save without If-Match',
        undefined,
      ).coded({ code: 'noVersionYet' });
    }
    return undefined;
  }
  if (ifMatch === undefined) {
    throw new PreconditionRequiredError(
      `This form already has version ${current.version}; send If-Match: "${current.version}" to replace it`,
    ).coded({ code: 'versionRequired', params: { version: current.version } });
  }
  if (ifMatch !== '*' && ifMatch !== current.version) {
    throw new PreconditionFailedError(
      `Version ${ifMatch} is no longer current: version ${current.version} was saved on ${current.updatedAt}`,
      current.version,
    ).coded({
      code: 'versionNotCurrent',
      params: { version: ifMatch, current: current.version, when: current.updatedAt },
    });
  }
  return current.version;
}

/** The next version of a submission and the revision that records it. */
export function nextVersion(
  call: Call,
  target: { rppo: RppoCode; form: FormName },
  current: SubmissionVersion | undefined,
  change: { data: unknown; status: SubmissionStatus },
  actor: Actor,
  now: Date,
): { submission: Submission; revision: Revision } {
  const version = (current?.version ?? 0) + 1;
  const at = now.toISOString();
  const submitted = change.status === 'submitted';
  const submission: Submission = {
    callId: call.id,
    rppo: target.rppo,
    form: target.form,
    version,
    status: change.status,
    data: change.data,
    updatedAt: at,
    updatedBy: actor,
    ...(submitted
      ? { submittedVersion: version, submittedAt: at }
      : current?.submittedVersion !== undefined
        ? { submittedVersion: current.submittedVersion, submittedAt: current.submittedAt }
        : {}),
  };
  const revision: Revision = {
    callId: call.id,
    rppo: target.rppo,
    form: target.form,
    version,
    status: change.status,
    data: change.data,
    createdAt: at,
    createdBy: actor,
  };
  return { submission, revision };
}
