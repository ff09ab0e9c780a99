/**
 * The OpenAPI 3.1 description of the API, generated from the route table and the zod schemas so it
 * cannot disagree with what the handlers accept.
 */
import * as z from 'zod';
import { createCallSchema, updateCallSchema } from '#domain/calls.ts';
import { formJsonSchema, formNames } from '#domain/forms.ts';
import { apiRoutes, parseRouteKey } from './routes.ts';

const problem = {
  description: 'An error, as RFC 9457 problem details naming each bad field in `errors`',
  content: {
    'application/problem+json': {
      schema: {
        type: 'object',
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          errors: {
            type: 'array',
            items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
          },
        },
      },
    },
  },
};

/** The request bodies the API validates, as JSON Schema (built with the document, not at import). */
function requestBodies(): Record<string, unknown> {
  return {
    'POST /api/calls': z.toJSONSchema(createCallSchema(), { unrepresentable: 'any' }),
    'PATCH /api/calls/{callId}': z.toJSONSchema(updateCallSchema(), { unrepresentable: 'any' }),
    'PUT /api/calls/{callId}/submissions/{rppo}/{form}': {
      oneOf: formNames.map((form) => ({ $ref: `#/components/schemas/${form}` })),
      description: 'The form data; a draft may leave fields out, but what it holds must be valid',
    },
  };
}

/** Builds the OpenAPI document. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const bodies = requestBodies();
  for (const route of apiRoutes) {
    const { method, path } = parseRouteKey(route.routeKey);
    const parameters = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: name === 'form' ? { type: 'string', enum: formNames } : { type: 'string' },
    }));
    const body = bodies[route.routeKey];
    paths[path] ??= {};
    paths[path][method.toLowerCase()] = {
      operationId: route.routeKey,
      parameters,
      ...(route.authorized ? { security: [{ bearer: [] }] } : {}),
      ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
      responses: { '2XX': { description: 'Success' }, '4XX': problem },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'RPPO proposal pipeline API', version: '1' },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: Object.fromEntries(formNames.map((form) => [form, formJsonSchema(form)])),
    },
  };
}
