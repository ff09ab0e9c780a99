/** Assembling the proposal document and handing it out. */
import { createHash } from 'node:crypto';
import type { Dependencies } from '#config/dependencies.ts';
import { renderProposal } from '#documents/render-proposal.ts';
import { type Principal, requireSecretariat } from '#domain/access.ts';
import { NotFoundError } from '#domain/errors.ts';
import { changeNote, changesSince, fingerprintsOf } from '#domain/proposal-changes.ts';
import { buildProposalModel, type ProposalRecord, summarize } from '#domain/proposals.ts';
import { proposalObjectKey } from '#store/keys.ts';

type Deps = Pick<
  Dependencies,
  'calls' | 'submissions' | 'reference' | 'proposals' | 'documents' | 'clock' | 'newId'
> &
  Partial<Pick<Dependencies, 'templatesDir'>>;

export interface ProposalView extends ProposalRecord {
  readonly downloadUrl: string;
}

async function withDownloadUrl(deps: Deps, record: ProposalRecord): Promise<ProposalView> {
  return { ...record, downloadUrl: await deps.documents.downloadUrl(record.objectKey, record.fileName) };
}

/**
 * Builds the proposal from the latest submitted input. When nothing changed since the last
 * assembly, the existing document is returned (`created: false`) instead of a copy.
 */
export async function assembleProposal(
  deps: Deps,
  principal: Principal,
  callId: string,
): Promise<{ proposal: ProposalView; created: boolean }> {
  requireSecretariat(principal);
  const call = await deps.calls.get(callId);
  const [rppos, submissions, previous] = await Promise.all([
    deps.reference.rppos(),
    deps.submissions.list(callId),
    deps.proposals.list(callId),
  ]);
  const revisions = await deps.submissions.submittedRevisions(submissions);
  const model = buildProposalModel({ call, rppos, revisions });
  const inputsHash = createHash('sha256').update(JSON.stringify(model)).digest('hex');
  const latest = previous[0];
  if (latest?.inputsHash === inputsHash)
    return { proposal: await withDownloadUrl(deps, latest), created: false };

  const fingerprints = fingerprintsOf(model);
  const changes = changesSince(latest, fingerprints);
  const document = await renderProposal(
    { ...model, versionNote: changeNote(changes, model) },
    { templatesDir: deps.templatesDir },
  );
  const digest = createHash('sha256').update(document);
  const now = deps.clock();
  const id = deps.newId(now);
  const record: ProposalRecord = {
    id,
    callId,
    createdAt: now.toISOString(),
    createdBy: { subject: principal.subject, email: principal.email },
    objectKey: proposalObjectKey(callId, id),
    fileName: `proposal-${model.asOf}-${id.slice(-6)}.docx`,
    bytes: document.byteLength,
    sha256: digest.copy().digest('hex'),
    inputsHash,
    summary: summarize(model),
    fingerprints,
    changes,
  };
  // The object first: a record never points at a document that is not there.
  await deps.documents.put(record.objectKey, document, digest.digest('base64'));
  await deps.proposals.create(record);
  return { proposal: await withDownloadUrl(deps, record), created: true };
}

export async function listProposals(
  deps: Deps,
  principal: Principal,
  callId: string,
): Promise<ProposalView[]> {
  requireSecretariat(principal);
  await deps.calls.get(callId);
  const records = await deps.proposals.list(callId);
  return Promise.all(records.map((record) => withDownloadUrl(deps, record)));
}

export async function getProposal(
  deps: Deps,
  principal: Principal,
  callId: string,
  proposalId: string,
): Promise<ProposalView> {
  requireSecretariat(principal);
  const record = await deps.proposals.find(callId, proposalId);
  if (!record) throw new NotFoundError(`There is no proposal ${proposalId} for call ${callId}`);
  return withDownloadUrl(deps, record);
}
