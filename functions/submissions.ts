/** Lambda: RPPO submissions (drafts, submission, revisions). */
import { environmentTableDependencies, type TableDependencies } from '#config/dependencies.ts';
import type { Submission } from '#domain/submissions.ts';
import { createApiHandler, deployedHandler } from '#http/handler.ts';
import { callParameters, formParameters, revisionParameters } from '#http/parameters.ts';
import { ifMatchVersion, jsonBody, pathParameters, principalOf } from '#http/request.ts';
import { etag, json } from '#http/responses.ts';
import { guardWrite } from '#http/write-guards.ts';
import {
  getRevision,
  getSubmission,
  listRevisions,
  listSubmissions,
  saveDraft,
  submit,
} from '#usecases/submissions.ts';

const withEtag = (status: number, submission: Submission) =>
  json(status, submission, etag(submission.version));

export function createSubmissionsHandler(deps: TableDependencies) {
  const route = '/api/calls/{callId}/submissions/{rppo}/{form}';
  return createApiHandler({
    'GET /api/calls/{callId}/submissions': async (event) => {
      const principal = principalOf(event);
      const { callId } = pathParameters(event, callParameters());
      return json(200, { submissions: await listSubmissions(deps, principal, callId) });
    },
    [`GET ${route}`]: async (event) => {
      const principal = principalOf(event);
      return withEtag(200, await getSubmission(deps, principal, pathParameters(event, formParameters())));
    },
    [`PUT ${route}`]: guardWrite(deps, async (event) => {
      const principal = principalOf(event);
      const ref = pathParameters(event, formParameters());
      const saved = await saveDraft(deps, principal, ref, jsonBody(event), ifMatchVersion(event));
      return withEtag(saved.version === 1 ? 201 : 200, saved);
    }),
    [`POST ${route}/submit`]: guardWrite(deps, async (event) => {
      const principal = principalOf(event);
      const ref = pathParameters(event, formParameters());
      return withEtag(200, await submit(deps, principal, ref, ifMatchVersion(event)));
    }),
    [`GET ${route}/revisions`]: async (event) => {
      const principal = principalOf(event);
      const revisions = await listRevisions(deps, principal, pathParameters(event, formParameters()));
      return json(200, { revisions });
    },
    [`GET ${route}/revisions/{version}`]: async (event) => {
      const principal = principalOf(event);
      const { version, ...ref } = pathParameters(event, revisionParameters());
      return json(200, await getRevision(deps, principal, ref, version));
    },
  });
}

export const handler = deployedHandler(() => createSubmissionsHandler(environmentTableDependencies()));
