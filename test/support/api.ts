/** A small client of the local API for the integration tests (real HTTP, real emulators). */
import { inject } from 'vitest';
import type { FormData, FormName } from '#domain/forms.ts';
import type { RppoCode } from '#domain/rppos.ts';
import { makeActivity, makeCall, makeComment, makeCommitment, makeEvent } from './fixtures.ts';

export interface ApiResponse<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface RequestOptions {
  readonly method?: string;
  readonly token?: string;
  readonly body?: unknown;
  /** Sent as is, instead of JSON-encoding `body`. */
  readonly rawBody?: string | Uint8Array;
  readonly headers?: Record<string, string>;
}

export function apiUrl(path = ''): string {
  return `${inject('apiUrl')}${path}`;
}

export async function request<T = any>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | Uint8Array | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(apiUrl(path), { method: options.method ?? 'GET', headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

const tokens = new Map<string, Promise<string>>();

/** A token of the local sign-in, for the Secretariat or an RPPO focal point. */
export function tokenFor(who: 'secretariat' | RppoCode): Promise<string> {
  let token = tokens.get(who);
  if (!token) {
    const login = who === 'secretariat' ? { role: 'secretariat' } : { role: 'rppo', rppo: who };
    token = request<{ token: string }>('/local/login', { method: 'POST', body: login }).then(
      ({ status, body }) => {
        if (status !== 200) throw new Error(`login failed: ${status}`);
        return body.token;
      },
    );
    tokens.set(who, token);
  }
  return token;
}

/** Creates a call as the Secretariat and returns its id. */
export async function createCall(overrides: Record<string, unknown> = {}): Promise<string> {
  const { title, deadline, draftSections, proposalTitle, targetPartner, durationMonths } = makeCall();
  const response = await request('/api/calls', {
    method: 'POST',
    token: await tokenFor('secretariat'),
    body: { title, deadline, draftSections, proposalTitle, targetPartner, durationMonths, ...overrides },
  });
  if (response.status !== 201)
    throw new Error(`createCall: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id;
}

/** A complete, valid answer to each form. */
export const completeForms: { [F in FormName]: FormData[F] } = {
  'draft-input': {
    comments: [makeComment(), makeComment({ sectionId: 'executive-summary', type: 'editorial' })],
  },
  'pilot-activities': {
    activities: [
      makeActivity(),
      makeActivity({
        title: 'National pest risk analysis training',
        activityType: 'training',
        level: 'national',
        estimatedCostUsd: 45_500,
      }),
    ],
  },
  'implementation-support': { commitments: [makeCommitment()] },
  'guide-promotion': {
    events: [makeEvent()],
    feedbackOnGuide: 'Useful; please translate it into Portuguese.',
  },
};

export function submissionPath(callId: string, rppo: RppoCode, form: FormName, suffix = ''): string {
  return `/api/calls/${callId}/submissions/${rppo}/${form}${suffix}`;
}

/** Saves and submits a form as its RPPO; returns the submitted version. */
export async function saveAndSubmit<F extends FormName>(
  callId: string,
  rppo: RppoCode,
  form: F,
  data: FormData[F] = completeForms[form],
): Promise<number> {
  const token = await tokenFor(rppo);
  const path = submissionPath(callId, rppo, form);
  const current = await request(path, { token });
  const ifMatch = current.status === 200 ? { 'if-match': current.headers.get('etag') ?? '' } : undefined;
  const saved = await request(path, { method: 'PUT', token, body: data, headers: ifMatch });
  if (saved.status >= 300) throw new Error(`save ${form}: ${saved.status} ${JSON.stringify(saved.body)}`);
  const submitted = await request(`${path}/submit`, {
    method: 'POST',
    token,
    headers: { 'if-match': saved.headers.get('etag') ?? '' },
  });
  if (submitted.status !== 200)
    throw new Error(`submit ${form}: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  return submitted.body.version;
}
