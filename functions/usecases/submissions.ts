/** What RPPO focal points do with their forms, and what the Secretariat reads of them. */
import type { Dependencies } from '#config/dependencies.ts';
import { type Principal, requireRead, requireWrite } from '#domain/access.ts';
import { assertAcceptsInput } from '#domain/calls.ts';
import { NotFoundError, UnprocessableError } from '#domain/errors.ts';
import { type FormName, validateForm } from '#domain/forms.ts';
import type { RppoCode } from '#domain/rppos.ts';
import { expectedVersion, nextVersion, type Submission } from '#domain/submissions.ts';

type Deps = Pick<Dependencies, 'calls' | 'submissions' | 'clock'>;

export interface FormRef {
  readonly callId: string;
  readonly rppo: RppoCode;
  readonly form: FormName;
}

async function current(deps: Deps, { callId, rppo, form }: FormRef): Promise<Submission> {
  const submission = await deps.submissions.find(callId, rppo, form);
  if (!submission) throw new NotFoundError(`${rppo} has saved nothing for ${form} yet`);
  return submission;
}

export async function getSubmission(deps: Deps, principal: Principal, ref: FormRef): Promise<Submission> {
  requireRead(principal, ref.rppo);
  await deps.calls.get(ref.callId);
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
  const [call, stored] = await readForWrite(deps, ref);
  const now = deps.clock();
  assertAcceptsInput(call, now);
  const clean = validateForm(ref.form, 'draft', data, call);
  const expected = expectedVersion(stored, ifMatch);
  const next = nextVersion(call, ref, stored, { data: clean, status: 'draft' }, actorOf(principal), now);
  await deps.submissions.save(next, { version: expected, acceptingAt: now });
  return next.submission;
}

/** Submits the stored draft after checking that it is complete. */
export async function submit(
  deps: Deps,
  principal: Principal,
  ref: FormRef,
  ifMatch: number | '*' | undefined,
): Promise<Submission> {
  requireWrite(principal, ref.rppo);
  const [call, stored] = await readForWrite(deps, ref);
  const now = deps.clock();
  assertAcceptsInput(call, now);
  if (!stored) {
    throw new UnprocessableError(`Save the ${ref.form} form before submitting it`).coded({
      code: 'notSavedYet',
    });
  }
  const expected = expectedVersion(stored, ifMatch);
  const clean = validateForm(ref.form, 'complete', stored.data, call);
  const next = nextVersion(call, ref, stored, { data: clean, status: 'submitted' }, actorOf(principal), now);
  await deps.submissions.save(next, { version: expected, acceptingAt: now });
  return next.submission;
}

export async function listRevisions(deps: Deps, principal: Principal, ref: FormRef) {
  requireRead(principal, ref.rppo);
  await current(deps, ref);
  return deps.submissions.revisions(ref.callId, ref.rppo, ref.form);
}

export async function getRevision(deps: Deps, principal: Principal, ref: FormRef, version: number) {
  requireRead(principal, ref.rppo);
  const revision = await deps.submissions.revision(ref.callId, ref.rppo, ref.form, version);
  if (!revision) throw new NotFoundError(`There is no version ${version} of ${ref.rppo}'s ${ref.form}`);
  return revision;
}

/** The call and the stored submission, read together: a save waits for one round trip, not two. */
function readForWrite(deps: Deps, ref: FormRef) {
  return Promise.all([deps.calls.get(ref.callId), deps.submissions.find(ref.callId, ref.rppo, ref.form)]);
}

function actorOf(principal: Principal) {
  return { subject: principal.subject, email: principal.email };
}
