/** Lambda: reference data anyone may read (RPPOs, form schemas, the OpenAPI document). */
import { environmentTableDependencies, type TableDependencies } from '#config/dependencies.ts';
import { formJsonSchema } from '#domain/forms.ts';
import { createApiHandler, deployedHandler } from '#http/handler.ts';
import { openApiDocument } from '#http/openapi.ts';
import { schemaParameters } from '#http/parameters.ts';
import { pathParameters } from '#http/request.ts';
import { json } from '#http/responses.ts';

export function createReferenceHandler(deps: Pick<TableDependencies, 'reference'>) {
  let document: Record<string, unknown> | undefined;
  return createApiHandler({
    'GET /api/rppos': async () => json(200, { rppos: await deps.reference.rppos() }),
    'GET /api/forms/{form}/schema': async (event) =>
      json(200, formJsonSchema(pathParameters(event, schemaParameters()).form), {
        'Content-Type': 'application/schema+json',
      }),
    'GET /api/openapi.json': async () => {
      // Built from static schemas: once per warm instance, on first request rather than at cold start.
      document ??= openApiDocument();
      return json(200, document);
    },
  });
}

export const handler = deployedHandler(() => createReferenceHandler(environmentTableDependencies()));
