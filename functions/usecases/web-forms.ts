/**
 * What the web pages ask for beyond the API's use cases: a focal point's overview of their calls, a
 * form opened with its context, and "Submit" pressed on a form (save what was typed, then submit it).
 * Each composes the existing use cases, so every access rule and version check stays in one place.
 */
import type { Dependencies } from '#config/dependencies.ts';
import { type Principal, requireAnyRole, requireRead } from '#domain/access.ts';
import type { Call } from '#domain/calls.ts';
import { type DomainError, NotFoundError, UnprocessableError } from '#domain/errors.ts';
import type { Rppo, RppoCode } from '#domain/rppos.ts';
import type { Submission } from '#domain/submissions.ts';
import { type FormRef, getSubmission, saveDraft, submit } from './submissions.ts';

type Deps = Pick<Dependencies, 'calls' | 'submissions' | 'reference' | 'clock'>;

export interface RppoCallOverview {
  readonly call: Call;
  /** The current submission of each form the RPPO has saved. */
  readonly submissions: readonly Submission[];
}

/** Every call with the submissions of each RPPO the person is a focal point of. */
export async function rppoOverview(
  deps: Deps,
  principal: Principal,
): Promise<{ rppos: Rppo[]; calls: { rppo: RppoCode; calls: RppoCallOverview[] }[] }> {
  requireAnyRole(principal);
  const [calls, rppos] = await Promise.all([deps.calls.list(), deps.reference.rppos()]);
  const own = rppos.filter((rppo) => principal.rppos.includes(rppo.code));
  const perRppo = await Promise.all(
    own.map(async (rppo) => ({
      rppo: rppo.code,
      calls: await Promise.all(
        calls.map(async (call) => ({ call, submissions: await deps.submissions.list(call.id, rppo.code) })),
      ),
    })),
  );
  return { rppos: own, calls: perRppo };
}

export interface OpenedForm {
  readonly call: Call;
  readonly rppo: Rppo;
  readonly submission: Submission | undefined;
  /** The person is a focal point of this RPPO (else they may only read). */
  readonly writer: boolean;
  /** Why the call takes no input now (closed, deadline passed), if it does not. */
  readonly closedReason: string | undefined;
}

/** A form with what its page shows around it; 403 for someone who may not read it. */
export async function openForm(deps: Deps, principal: Principal, ref: FormRef): Promise<OpenedForm> {
  requireRead(principal, ref.rppo);
  const [call, rppos] = await Promise.all([deps.calls.get(ref.callId), deps.reference.rppos()]);
  const rppo = rppos.find((entry) => entry.code === ref.rppo);
  if (!rppo) {
    throw new NotFoundError(`There is no RPPO ${ref.rppo}`).coded({
      code: 'noSuchRppo',
      params: { rppo: ref.rppo },
    });
  }
  let submission: Submission | undefined;
  try {
    submission = await getSubmission(deps, principal, ref);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  const now = deps.clock();
  const closedReason =
    call.status !== 'open' ? 'closed' : now.getTime() > Date.parse(call.deadline) ? 'deadline' : undefined;
  return { call, rppo, submission, writer: principal.rppos.includes(ref.rppo), closedReason };
}

export type SubmitOutcome =
  | { readonly outcome: 'submitted'; readonly submission: Submission }
  /** The typed data was saved as a draft but is not complete: nothing was submitted. */
  | { readonly outcome: 'incomplete'; readonly saved: Submission; readonly error: DomainError };

/**
 * Saves what the person typed as a draft, then submits that version. A draft that fails the draft
 * checks throws (nothing saved); one that is saved but incomplete is reported, not thrown, because
 * the page must then show the new version.
 */
export async function saveAndSubmit(
  deps: Deps,
  principal: Principal,
  ref: FormRef,
  data: unknown,
  ifMatch: number | '*' | undefined,
): Promise<SubmitOutcome> {
  const saved = await saveDraft(deps, principal, ref, data, ifMatch);
  try {
    return { outcome: 'submitted', submission: await submit(deps, principal, ref, saved.version) };
  } catch (error) {
    if (error instanceof UnprocessableError) return { outcome: 'incomplete', saved, error };
    throw error;
  }
}
