/** What RPPO focal points do with their forms, and what the Secretariat reads of them. */
import type { Dependencies } from '#config/dependencies.ts';
import { type Principal, requireRead, requireWrite } from '#domain/access.ts';
import { assertAcceptsInput, type Call } from '#domain/calls.ts';
import { DomainError, NotFoundError, UnprocessableError } from '#domain/errors.ts';
import { type FormName, validateForm } from '#domain/forms.ts';
import type { RppoCode } from '#domain/rppos.ts';
import {
  expectedVersion,
  nextVersion,
  type Submission,
  type SubmissionVersion,
} from '#domain/submissions.ts';

type Deps = Pick<Dependencies, 'calls' | 'submissions' | 'clock'>;

export interface FormRef {
  readonly callId: string;
  readonly rppo: RppoCode;
  readonly form: FormName;
}

/** The stored submission; a 404 without one, the call's own when the call is unknown. */
async function current(deps: Deps, { callId, rppo, form }: FormRef): Promise<Submission> {
  const submission = await deps.submissions.find(callId, rppo, form);
  if (submission) return submission;
  // A saved form proves its call exists; without one, an unknown call is the reason to give.
  await deps.calls.get(callId);
  throw new NotFoundError(`${rppo} has saved nothing for ${form} yet`).coded({
    code: 'nothingSavedYet',
    params: { rppo, form },
  });
}

export async function getSubmission(deps: Deps, principal: Principal, ref: FormRef): Promise<Submission> {
  requireRead(principal, ref.rppo);
  return current(deps, ref);
}

/** The Secretariat sees every RPPO's submissions, a focal point those of their own RPPO(s). */
export async function listSubmissions(
  deps: Deps,
  principal: Principal,
  callId: string,
): Promise<Submission[]> {
  await deps.calls.get(callId);
  if (principal.secretariat) return deps.submissions.list(callId);
  const perRppo = await Promise.all(principal.rppos.map((rppo) => deps.submissions.list(callId, rppo)));
  return perRppo.flat();
}

/** Saves a draft: types and limits are checked, completeness is not. */
export async function saveDraft(
  deps: Deps,
  principal: Principal,
  ref: FormRef,
  data: unknown,
  ifMatch: number | '*' | undefined,
): Promise<Submission> {
  requireWrite(principal, ref.rppo);
  const save = async ({ call, stored, callVersion }: WriteBase<SubmissionVersion>) => {
    const now = deps.clock();
    assertAcceptsInput(call, now);
    const clean = validateForm(ref.form, 'draft', data, call);
    const expected = expectedVersion(stored, ifMatch);
    const next = nextVersion(call, ref, stored, { data: clean, status: 'draft' }, actorOf(principal), now);
    await deps.submissions.save(next, { version: expected, acceptingAt: now, callVersion });
    return next.submission;
  };
  return writeVersion(deps, ref, await draftBase(deps, ref, ifMatch), save);
}

/** Submits the stored draft after checking that it is complete. */
export async function submit(
  deps: Deps,
  principal: Principal,
  ref: FormRef,
  ifMatch: number | '*' | undefined,
): Promise<Submission> {
  requireWrite(principal, ref.rppo);
  const save = async ({ call, stored, callVersion }: WriteBase<Submission>) => {
    const now = deps.clock();
    assertAcceptsInput(call, now);
    if (!stored) {
      throw new UnprocessableError(`Save the ${ref.form} form before submitting it`).coded({
        code: 'notSavedYet',
      });
    }
    const expected = expectedVersion(stored, ifMatch);
    const clean = validateForm(ref.form, 'complete', stored.data, call);
    const change = { data: clean, status: 'submitted' } as const;
    const next = nextVersion(call, ref, stored, change, actorOf(principal), now);
    await deps.submissions.save(next, { version: expected, acceptingAt: now, callVersion });
    return next.submission;
  };
  return writeVersion(deps, ref, await submitBase(deps, ref), save);
}

export async function listRevisions(deps: Deps, principal: Principal, ref: FormRef) {
  requireRead(principal, ref.rppo);
  await current(deps, ref);
  return deps.submissions.revisions(ref.callId, ref.rppo, ref.form);
}

export async function getRevision(deps: Deps, principal: Principal, ref: FormRef, version: number) {
  requireRead(principal, ref.rppo);
  const revision = await deps.submissions.revision(ref.callId, ref.rppo, ref.form, version);
  if (revision) return revision;
  // A saved version proves its call exists; without one, an unknown call is the reason to give.
  await deps.calls.get(ref.callId);
  throw new NotFoundError(`There is no version ${version} of ${ref.rppo}'s ${ref.form}`).coded({
    code: 'noSuchVersion',
    params: { version, rppo: ref.rppo, form: ref.form },
  });
}

/**
 * What a write starts from: the call and the stored submission. `callVersion` is set when the call
 * is this instance's recent copy rather than read now, and `guessed` when anything was not read now.
 */
interface WriteBase<Stored extends SubmissionVersion> {
  readonly call: Call;
  readonly stored: Stored | undefined;
  readonly callVersion: number | undefined;
  readonly guessed: boolean;
}

/**
 * Where a draft save starts. Nothing is read that this instance already knows: the call it read in
 * the last minute, and the stored version when the client's If-Match names the one it saw last, or
 * when there is no If-Match and it knows of none (a first save). The transaction then requires all
 * of it to still hold, so a save that goes through is the one a fresh read would have allowed.
 */
async function draftBase(
  deps: Deps,
  ref: FormRef,
  ifMatch: number | '*' | undefined,
): Promise<WriteBase<SubmissionVersion>> {
  const recent = deps.calls.recent(ref.callId);
  const known = deps.submissions.known(ref.callId, ref.rppo, ref.form);
  const storedIsKnown = ifMatch === undefined ? known === undefined : known?.version === ifMatch;
  const [call, stored] = await Promise.all([
    recent ?? deps.calls.get(ref.callId),
    storedIsKnown ? known : deps.submissions.find(ref.callId, ref.rppo, ref.form),
  ]);
  return { call, stored, callVersion: recent?.version, guessed: recent !== undefined || storedIsKnown };
}

/** Where a submit starts: the stored draft is what gets submitted, so it is always read. */
async function submitBase(deps: Deps, ref: FormRef): Promise<WriteBase<Submission>> {
  const recent = deps.calls.recent(ref.callId);
  const [call, stored] = await Promise.all([
    recent ?? deps.calls.get(ref.callId),
    deps.submissions.find(ref.callId, ref.rppo, ref.form),
  ]);
  return { call, stored, callVersion: recent?.version, guessed: recent !== undefined };
}

/**
 * Runs a write from its base. When the base holds a guess, any refusal (a domain error: closed,
 * invalid, stale, changed meanwhile) is decided again from a fresh read of the call and the
 * submission, so the answer is always the one the table's data gives; a guess only spares reads.
 */
async function writeVersion<Stored extends SubmissionVersion>(
  deps: Deps,
  ref: FormRef,
  base: WriteBase<Stored>,
  write: (base: WriteBase<Stored | Submission>) => Promise<Submission>,
): Promise<Submission> {
  if (!base.guessed) return write(base);
  try {
    return await write(base);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
  }
  const [call, stored] = await readForWrite(deps, ref);
  return write({ call, stored, callVersion: undefined, guessed: false });
}

/** The call and the stored submission, read together: a save waits for one round trip, not two. */
function readForWrite(deps: Deps, ref: FormRef) {
  return Promise.all([deps.calls.get(ref.callId), deps.submissions.find(ref.callId, ref.rppo, ref.form)]);
}

function actorOf(principal: Principal) {
  return { subject: principal.subject, email: principal.email };
}
