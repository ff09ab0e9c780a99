/** Building API Gateway (payload 2.0) responses. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpResponse = APIGatewayProxyStructuredResultV2;

const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...SECURITY_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}

/** An RFC 9457 problem details response. */
export function problem(
  statusCode: number,
  body: { title: string; detail: string; [member: string]: unknown },
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/problem+json; charset=utf-8', ...SECURITY_HEADERS, ...headers },
    body: JSON.stringify({ type: 'about:blank', status: statusCode, ...body }),
  };
}

/** The `ETag` of a versioned resource. */
export function etag(version: number): Record<string, string> {
  return { ETag: `"${version}"` };
}
