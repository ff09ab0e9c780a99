/** Assembling the proposal document and handing it out. */
import { createHash } from 'node:crypto';
import type { Dependencies } from '#config/dependencies.ts';
import type { HouseTemplate } from '#documents/house-template.ts';
import { type Principal, requireSecretariat } from '#domain/access.ts';
import { NotFoundError } from '#domain/errors.ts';
import { lazy } from '#domain/lazy.ts';
import { changeNote, changesSince, fingerprintsOf } from '#domain/proposal-changes.ts';
import { buildProposalModel, type ProposalRecord, summarize } from '#domain/proposals.ts';
import { houseTemplateObjectKey, proposalObjectKey } from '#store/keys.ts';

// The document code (Handlebars, marked, the XML parser: most of the bundle) is evaluated when a request first needs
// it, not when the function starts: listing versions and signing download links never do.
const documents = lazy(async () => {
  const [render, house] = await Promise.all([
    import('#documents/render-proposal.ts'),
    import('#documents/house-template.ts'),
  ]);
  return { ...render, ...house };
});

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
  const [rppos, submissions, latest, uploaded] = await Promise.all([
    deps.reference.rppos(),
    deps.submissions.list(callId),
    deps.proposals.latest(callId),
    deps.documents.get(houseTemplateObjectKey(callId)),
  ]);
  const revisions = await deps.submissions.submittedRevisions(submissions);
  const model = buildProposalModel({ call, rppos, revisions });
  // The call's own template, else the repository's: either way its hash is an input, so a new look is a new proposal.
  const { readHouseTemplate, defaultHouseTemplate, renderProposal } = await documents();
  const houseTemplate = uploaded
    ? readHouseTemplate(uploaded)
    : await defaultHouseTemplate(deps.templatesDir);
  const inputsHash = createHash('sha256')
    .update(JSON.stringify({ model, houseTemplate: houseTemplate.sha256 }))
    .digest('hex');
  if (latest?.inputsHash === inputsHash)
    return { proposal: await withDownloadUrl(deps, latest), created: false };

  const fingerprints = fingerprintsOf(model);
  const changes = changesSince(latest, fingerprints);
  const document = await renderProposal(
    { ...model, versionNote: changeNote(changes, model) },
    { templatesDir: deps.templatesDir, houseTemplate },
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

/** What a client sees of a call's house template. */
export interface HouseTemplateView {
  readonly callId: string;
  /** `call`: uploaded for this call; `default`: the repository's templates/proposal/house-style.docx. */
  readonly source: 'call' | 'default';
  readonly bytes: number;
  readonly sha256: string;
  readonly placeholders: readonly string[];
  /** The id of each style the generated parts use, by role. */
  readonly styles: Readonly<Record<string, string>>;
  /** A 15-minute link to the .docx, for a call's own template. */
  readonly downloadUrl?: string;
}

/**
 * Checks an uploaded Word template (house-template.ts: 413, 415 or 422 naming each problem) and stores it as the
 * call's, so that the call's next assemblies take their look from it.
 */
export async function uploadHouseTemplate(
  deps: Deps,
  principal: Principal,
  callId: string,
  bytes: Uint8Array,
): Promise<HouseTemplateView> {
  requireSecretariat(principal);
  await deps.calls.get(callId);
  const template = (await documents()).readHouseTemplate(bytes);
  const key = houseTemplateObjectKey(callId);
  await deps.documents.put(key, bytes, createHash('sha256').update(bytes).digest('base64'));
  return templateView(deps, callId, template, 'call');
}

/** The house template a call's proposals are assembled with: its own, else the repository's. */
export async function getHouseTemplate(
  deps: Deps,
  principal: Principal,
  callId: string,
): Promise<HouseTemplateView> {
  requireSecretariat(principal);
  await deps.calls.get(callId);
  const uploaded = await deps.documents.get(houseTemplateObjectKey(callId));
  const { readHouseTemplate, defaultHouseTemplate } = await documents();
  return uploaded
    ? templateView(deps, callId, readHouseTemplate(uploaded), 'call')
    : templateView(deps, callId, await defaultHouseTemplate(deps.templatesDir), 'default');
}

async function templateView(
  deps: Deps,
  callId: string,
  template: HouseTemplate,
  source: HouseTemplateView['source'],
): Promise<HouseTemplateView> {
  const key = houseTemplateObjectKey(callId);
  return {
    callId,
    source,
    bytes: template.bytes.byteLength,
    sha256: template.sha256,
    placeholders: template.placeholders,
    styles: template.styleIds,
    ...(source === 'call'
      ? { downloadUrl: await deps.documents.downloadUrl(key, `house-style-${callId}.docx`) }
      : {}),
  };
}
