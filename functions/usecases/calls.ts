/** What the Secretariat and the RPPOs do with calls for input. */
import type { Dependencies } from '#config/dependencies.ts';
import { type Principal, requireAnyRole, requireSecretariat } from '#domain/access.ts';
import { type Call, type CreateCall, patchCall, type UpdateCall } from '#domain/calls.ts';
import { PreconditionFailedError, ValidationError } from '#domain/errors.ts';
import { formNames } from '#domain/forms.ts';
import { stateOf } from '#domain/submissions.ts';

type Deps = Pick<Dependencies, 'calls' | 'submissions' | 'reference' | 'clock' | 'newId'>;

export async function createCall(deps: Deps, principal: Principal, input: CreateCall): Promise<Call> {
  requireSecretariat(principal);
  const now = deps.clock();
  if (Date.parse(input.deadline) <= now.getTime()) {
    throw new ValidationError('The deadline has passed', [
      { path: 'deadline', message: 'Must be in the future', code: 'futureDate' },
    ]);
  }
  const at = now.toISOString();
  const call: Call = {
    ...input,
    id: deps.newId(now),
    status: 'open',
    version: 1,
    createdAt: at,
    createdBy: principal.email ?? principal.subject,
    updatedAt: at,
  };
  await deps.calls.create(call);
  return call;
}

export async function listCalls(deps: Deps, principal: Principal): Promise<Call[]> {
  requireAnyRole(principal);
  return deps.calls.list();
}

export async function getCall(deps: Deps, principal: Principal, callId: string): Promise<Call> {
  requireAnyRole(principal);
  return deps.calls.get(callId);
}

export async function updateCall(
  deps: Deps,
  principal: Principal,
  callId: string,
  patch: UpdateCall,
  ifMatch: number | '*' | undefined,
): Promise<Call> {
  requireSecretariat(principal);
  const current = await deps.calls.get(callId);
  if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== current.version) {
    throw new PreconditionFailedError(
      `Version ${ifMatch} of the call is no longer current`,
      current.version,
    ).coded({ code: 'callVersionNotCurrent', params: { version: ifMatch } });
  }
  const updated: Call = {
    ...patchCall(current, patch),
    version: current.version + 1,
    updatedAt: deps.clock().toISOString(),
  };
  await deps.calls.replace(updated, current.version);
  return updated;
}

/** The completeness matrix: for each RPPO and form, whether input is missing, a draft or submitted. */
export async function callStatus(deps: Deps, principal: Principal, callId: string) {
  requireSecretariat(principal);
  const call = await deps.calls.get(callId);
  const [rppos, submissions] = await Promise.all([deps.reference.rppos(), deps.submissions.list(callId)]);
  return {
    callId: call.id,
    status: call.status,
    deadline: call.deadline,
    rppos: rppos.map((rppo) => ({
      rppo: rppo.code,
      name: rppo.name,
      forms: Object.fromEntries(
        formNames.map((form) => {
          const submission = submissions.find((entry) => entry.rppo === rppo.code && entry.form === form);
          return [
            form,
            {
              state: stateOf(submission),
              version: submission?.version ?? null,
              submittedVersion: submission?.submittedVersion ?? null,
              updatedAt: submission?.updatedAt ?? null,
            },
          ];
        }),
      ),
    })),
  };
}
