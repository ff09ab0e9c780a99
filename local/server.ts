/**
 * The local stand-in for API Gateway (HTTP API, payload format 2.0): matches the request to a route
 * of the shared route table, runs the JWT authorizer's checks, builds the same event the deployed
 * API sends and calls the same handler. No business logic lives here.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import { rppoCodeSchema } from '#domain/rppos.ts';
import type { ApiHandler } from '#http/handler.ts';
import type { HttpResponse } from '#http/responses.ts';
import { type FunctionName, parseRouteKey, type Route, routes } from '#http/routes.ts';
import { safeLocalPath } from '#web/respond.ts';
import { sessionCookie } from '#web/session.ts';
import { LOCAL_AUDIENCE, type LocalAuth, roleOfChoice } from './auth.ts';
import { createLocalOAuth } from './oauth.ts';
import { signInPage } from './sign-in-page.ts';

/** API Gateway's own payload limit; the handlers apply their smaller one. */
const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

interface CompiledRoute extends Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly parameterNames: string[];
}

const compiledRoutes: CompiledRoute[] = routes.map((route) => {
  const { method, path } = parseRouteKey(route.routeKey);
  const parameterNames = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
  const pattern = new RegExp(`^${path.replace(/\{\w+\}/g, '([^/]+)')}$`);
  return { ...route, method, pattern, parameterNames };
});

const loginSchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('secretariat') }),
  z.strictObject({ role: z.literal('rppo'), rppo: rppoCodeSchema() }),
]);

/** The HTTP API hands array claims to Lambda flattened into one string: `[a b]`. */
function flattenClaims(claims: Record<string, unknown>): Record<string, string | number | boolean> {
  return Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [
      name,
      Array.isArray(value) ? `[${value.join(' ')}]` : (value as string | number | boolean),
    ]),
  );
}

function send(
  response: ServerResponse,
  statusCode: number,
  body: string,
  headers: Record<string, string> = {},
) {
  response.writeHead(statusCode, { 'Content-Type': 'application/json', ...headers });
  response.end(body);
}

async function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > GATEWAY_MAX_BODY_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function isText(contentType: string | undefined): boolean {
  return (
    !contentType ||
    /^(text\/|application\/([\w.-]+\+)?(json|xml)|application\/x-www-form-urlencoded)/i.test(contentType)
  );
}

function toEvent(
  request: IncomingMessage,
  url: URL,
  route: CompiledRoute,
  match: RegExpExecArray,
  body: Buffer,
  claims: Record<string, unknown> | undefined,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const { cookie, ...received } = request.headers;
  const headers: Record<string, string> = {
    ...Object.fromEntries(
      Object.entries(received).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(',') : (value ?? ''),
      ]),
    ),
    // API Gateway adds these; the web pages read the scheme to decide on Secure cookies.
    'x-forwarded-for': request.socket.remoteAddress ?? '127.0.0.1',
    'x-forwarded-proto': 'http',
    'x-forwarded-port': String(request.socket.localPort ?? ''),
  };
  // Payload 2.0 moves the Cookie header into `cookies`, one entry per cookie.
  const cookies = cookie
    ?.split(';')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const now = new Date();
  const text = isText(headers['content-type']);
  const pathParameters = Object.fromEntries(
    route.parameterNames.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]),
  );
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies?.length ? { cookies } : {}),
    headers,
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    pathParameters: route.parameterNames.length > 0 ? pathParameters : undefined,
    body: body.length > 0 ? body.toString(text ? 'utf8' : 'base64') : undefined,
    isBase64Encoded: body.length > 0 && !text,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      authorizer: claims
        ? { principalId: '', integrationLatency: 0, jwt: { claims: flattenClaims(claims), scopes: [] } }
        : (undefined as never),
      domainName: url.host,
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
  };
}

function writeResult(response: ServerResponse, result: HttpResponse) {
  const headers: Record<string, string | string[]> = Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)]),
  );
  if (result.cookies?.length) headers['Set-Cookie'] = result.cookies;
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(
    result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : undefined,
  );
}

export interface LocalServerOptions {
  readonly handlers: Readonly<Record<FunctionName, ApiHandler>>;
  readonly auth: LocalAuth;
  /** @default 3000 */
  readonly port?: number;
  /** @default 127.0.0.1 */
  readonly host?: string;
}

export interface LocalServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** Starts the local API on http://host:port. */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const { handlers, auth } = options;
  let baseUrl = '';
  // The managed login's stand-in: its client is the audience of the local tokens.
  const oauth = createLocalOAuth({ auth, clientId: LOCAL_AUDIENCE, baseUrl: () => baseUrl });

  /** The sign-in page's form: a session cookie for the chosen role, then back to the page asked for. */
  async function handleLoginForm(body: Buffer, response: ServerResponse) {
    const form = new URLSearchParams(body.toString('utf8'));
    const next = safeLocalPath(form.get('next') ?? '/');
    const login = roleOfChoice(form.get('who'));
    if (!login) {
      response.writeHead(400, { 'Content-Type': 'text/html; charset=utf-8' });
      return response.end(
        signInPage({ action: '/local/login', hidden: { next } }, 'Choose whom to sign in as'),
      );
    }
    const token = await auth.sign(login);
    const expiresAt = decodeJwt(token).exp ?? 0;
    response.writeHead(303, {
      Location: next,
      'Set-Cookie': sessionCookie(token, expiresAt, new Date(), false),
      'Cache-Control': 'no-store',
    });
    response.end();
  }

  async function handleLogin(body: Buffer, response: ServerResponse) {
    let login: z.output<typeof loginSchema>;
    try {
      login = loginSchema.parse(JSON.parse(body.toString('utf8') || '{}'));
    } catch {
      return send(
        response,
        400,
        JSON.stringify({ message: 'Send { "role": "secretariat" } or { "role": "rppo", "rppo": "EPPO" }' }),
      );
    }
    send(response, 200, JSON.stringify({ token: await auth.sign(login) }));
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
    const body = await readBody(request);
    if (body === 'too-large')
      return send(response, 413, JSON.stringify({ message: 'Request Entity Too Large' }));
    if (url.pathname === '/local/login' && request.method === 'POST') {
      // The sign-in page posts a form; scripts post JSON (curl -d sends JSON as a form, so look at the body).
      return body.toString('utf8').trimStart().startsWith('{')
        ? handleLogin(body, response)
        : handleLoginForm(body, response);
    }
    if (url.pathname === '/local/login' && request.method === 'GET') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      const next = safeLocalPath(url.searchParams.get('next') ?? '/');
      return response.end(signInPage({ action: '/local/login', hidden: { next } }));
    }
    const answer = await oauth.handle(request.method ?? 'GET', url, body);
    if (answer) {
      response.writeHead(answer.status, answer.headers);
      return response.end(answer.body);
    }
    if (url.pathname === '/local/jwks.json' && request.method === 'GET') {
      return send(response, 200, JSON.stringify(auth.jwks()));
    }

    const candidates = compiledRoutes.flatMap((route) => {
      const match = route.pattern.exec(url.pathname);
      return match ? [{ route, match }] : [];
    });
    const found = candidates.find(({ route }) => route.method === request.method);
    if (!found) {
      if (candidates.length === 0) return send(response, 404, JSON.stringify({ message: 'Not Found' }));
      const allowed = candidates.map(({ route }) => route.method).join(', ');
      return send(response, 405, JSON.stringify({ message: 'Method Not Allowed' }), { Allow: allowed });
    }

    let claims: Record<string, unknown> | undefined;
    if (found.route.authorized) {
      const token = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      claims = token ? await auth.verify(token) : undefined;
      if (!claims) {
        return send(response, 401, JSON.stringify({ message: 'Unauthorized' }), {
          'WWW-Authenticate': 'Bearer',
        });
      }
    }
    const event = toEvent(request, url, found.route, found.match, body, claims);
    const handler = handlers[found.route.function];
    writeResult(response, await handler(event, { awsRequestId: event.requestContext.requestId }));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error(
        JSON.stringify({ level: 'error', message: 'local server failure', error: String(error) }),
      );
      if (!response.headersSent) send(response, 500, JSON.stringify({ message: 'Internal Server Error' }));
      else response.end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host}:${port}`;
  return {
    url: baseUrl,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
