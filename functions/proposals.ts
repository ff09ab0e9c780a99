/** Lambda: assembling the proposal document, listing versions, fresh download links. */
import { type Dependencies, environmentDependencies } from '#config/dependencies.ts';
import { MAX_TEMPLATE_BYTES } from '#documents/limits.ts';
import { createApiHandler, deployedHandler } from '#http/handler.ts';
import { callParameters, proposalParameters } from '#http/parameters.ts';
import { binaryBody, pathParameters, principalOf } from '#http/request.ts';
import { json } from '#http/responses.ts';
import { guardWrite } from '#http/write-guards.ts';
import { DOCX_CONTENT_TYPE } from '#store/document-store.ts';
import {
  assembleProposal,
  getHouseTemplate,
  getProposal,
  listProposals,
  type ProposalView,
  uploadHouseTemplate,
} from '#usecases/proposals.ts';

/** What a client sees of a proposal: the storage key and the fingerprints stay internal. */
function view({ objectKey, fingerprints, ...proposal }: ProposalView) {
  return proposal;
}

export function createProposalsHandler(deps: Dependencies) {
  return createApiHandler({
    'POST /api/calls/{callId}/proposals': guardWrite(deps, async (event) => {
      const principal = principalOf(event);
      const { callId } = pathParameters(event, callParameters());
      const { proposal, created } = await assembleProposal(deps, principal, callId);
      return json(created ? 201 : 200, view(proposal), {
        Location: `/api/calls/${callId}/proposals/${proposal.id}`,
      });
    }),
    'GET /api/calls/{callId}/proposals': async (event) => {
      const principal = principalOf(event);
      const { callId } = pathParameters(event, callParameters());
      return json(200, { proposals: (await listProposals(deps, principal, callId)).map(view) });
    },
    'GET /api/calls/{callId}/proposals/{proposalId}': async (event) => {
      const principal = principalOf(event);
      const { callId, proposalId } = pathParameters(event, proposalParameters());
      return json(200, view(await getProposal(deps, principal, callId, proposalId)));
    },
    // The Word template the call's proposals take their look from (templates/README.md).
    'PUT /api/calls/{callId}/template': guardWrite(deps, async (event) => {
      const principal = principalOf(event);
      const { callId } = pathParameters(event, callParameters());
      const bytes = binaryBody(event, { contentType: DOCX_CONTENT_TYPE, maxBytes: MAX_TEMPLATE_BYTES });
      return json(200, await uploadHouseTemplate(deps, principal, callId, bytes));
    }),
    'GET /api/calls/{callId}/template': async (event) => {
      const principal = principalOf(event);
      const { callId } = pathParameters(event, callParameters());
      return json(200, await getHouseTemplate(deps, principal, callId));
    },
  });
}

export const handler = deployedHandler(() => createProposalsHandler(environmentDependencies()));
