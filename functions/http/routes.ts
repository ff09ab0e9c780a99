/**
 * Every API route and the Lambda function that serves it: the single list the local server reads now
 * and the CDK app will read, so the deployed API and the local one cannot drift apart.
 */

export type FunctionName = 'reference' | 'calls' | 'submissions' | 'proposals' | 'web';

export interface Route {
  /** API Gateway route key: method, space, path with `{parameters}`. */
  readonly routeKey: string;
  readonly function: FunctionName;
  /**
   * Needs a signed-in user (a JWT authorizer on the deployed API). The web pages are not authorized
   * here: an HTTP API authorizer cannot read cookies, so the web function checks its session itself.
   */
  readonly authorized: boolean;
}

const route = (routeKey: string, fn: FunctionName, authorized = true): Route => ({
  routeKey,
  function: fn,
  authorized,
});

export const routes: readonly Route[] = [
  route('GET /api/rppos', 'reference', false),
  route('GET /api/forms/{form}/schema', 'reference', false),
  route('GET /api/openapi.json', 'reference', false),

  route('POST /api/calls', 'calls'),
  route('GET /api/calls', 'calls'),
  route('GET /api/calls/{callId}', 'calls'),
  route('PATCH /api/calls/{callId}', 'calls'),
  route('GET /api/calls/{callId}/status', 'calls'),

  route('GET /api/calls/{callId}/submissions', 'submissions'),
  route('GET /api/calls/{callId}/submissions/{rppo}/{form}', 'submissions'),
  route('PUT /api/calls/{callId}/submissions/{rppo}/{form}', 'submissions'),
  route('POST /api/calls/{callId}/submissions/{rppo}/{form}/submit', 'submissions'),
  route('GET /api/calls/{callId}/submissions/{rppo}/{form}/revisions', 'submissions'),
  route('GET /api/calls/{callId}/submissions/{rppo}/{form}/revisions/{version}', 'submissions'),

  route('POST /api/calls/{callId}/proposals', 'proposals'),
  route('GET /api/calls/{callId}/proposals', 'proposals'),
  route('GET /api/calls/{callId}/proposals/{proposalId}', 'proposals'),
  route('PUT /api/calls/{callId}/template', 'proposals'),
  route('GET /api/calls/{callId}/template', 'proposals'),

  // Server-rendered pages for people (functions/web.ts); the session cookie is checked in the function.
  route('GET /', 'web', false),
  route('GET /assets/{file}', 'web', false),
  route('GET /language/{lang}', 'web', false),
  // Sign-in through Cognito's managed login (functions/web/sign-in.ts); locally through its stand-in.
  route('GET /auth/sign-in', 'web', false),
  route('GET /auth/callback', 'web', false),
  route('POST /sign-out', 'web', false),
  route('GET /calls/new', 'web', false),
  route('POST /calls', 'web', false),
  route('GET /calls/{callId}', 'web', false),
  route('GET /calls/{callId}/edit', 'web', false),
  route('POST /calls/{callId}/edit', 'web', false),
  route('GET /calls/{callId}/forms/{rppo}/{form}', 'web', false),
  route('POST /calls/{callId}/forms/{rppo}/{form}', 'web', false),
  route('GET /calls/{callId}/forms/{rppo}/{form}/revisions', 'web', false),
  route('GET /calls/{callId}/forms/{rppo}/{form}/revisions/{version}', 'web', false),
  route('POST /calls/{callId}/proposals', 'web', false),
  route('GET /calls/{callId}/proposals/{proposalId}/download', 'web', false),
];

/** The JSON API's routes (the OpenAPI document describes these, not the web pages). */
export const apiRoutes: readonly Route[] = routes.filter((entry) => entry.function !== 'web');

/** Splits a route key into its method and path template. */
export function parseRouteKey(routeKey: string): { method: string; path: string } {
  const [method = '', path = ''] = routeKey.split(' ');
  return { method, path };
}
