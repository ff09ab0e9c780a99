/** Lambda: calls for input (create, read, update, completeness status). */
import { environmentTableDependencies, type TableDependencies } from '#config/dependencies.ts';
import { createCallSchema, updateCallSchema } from '#domain/calls.ts';
import { createApiHandler, deployedHandler } from '#http/handler.ts';
import { callParameters } from '#http/parameters.ts';
import { ifMatchVersion, parseBody, pathParameters, principalOf } from '#http/request.ts';
import { etag, json } from '#http/responses.ts';
import { guardWrite } from '#http/write-guards.ts';
import { callStatus, createCall, getCall, listCalls, updateCall } from '#usecases/calls.ts';

export function createCallsHandler(deps: TableDependencies) {
  return createApiHandler({
    'POST /api/calls': guardWrite(deps, async (event) => {
      const principal = principalOf(event);
      const call = await createCall(deps, principal, parseBody(event, createCallSchema()));
      return json(201, call, { ...etag(call.version), Location: `/api/calls/${call.id}` });
    }),
    'GET /api/calls': async (event) => json(200, { calls: await listCalls(deps, principalOf(event)) }),
    'GET /api/calls/{callId}': async (event) => {
      const principal = principalOf(event);
      const call = await getCall(deps, principal, pathParameters(event, callParameters()).callId);
      return json(200, call, etag(call.version));
    },
    'PATCH /api/calls/{callId}': guardWrite(deps, async (event) => {
      const principal = principalOf(event);
      const { callId } = pathParameters(event, callParameters());
      const call = await updateCall(
        deps,
        principal,
        callId,
        parseBody(event, updateCallSchema()),
        ifMatchVersion(event),
      );
      return json(200, call, etag(call.version));
    }),
    'GET /api/calls/{callId}/status': async (event) => {
      const principal = principalOf(event);
      return json(200, await callStatus(deps, principal, pathParameters(event, callParameters()).callId));
    },
  });
}

export const handler = deployedHandler(() => createCallsHandler(environmentTableDependencies()));
