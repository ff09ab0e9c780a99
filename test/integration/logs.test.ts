import { describe, expect, it } from 'vitest';
import { createSubmissionsHandler } from '../../functions/submissions.ts';
import { createCall } from '../support/api.ts';
import { apiEvent, testConfig, testDependencies } from '../support/dependencies.ts';
import { captureLogLines } from '../support/logs.ts';

describe('logs', () => {
  const lines = captureLogLines('info');

  it('writes one JSON line per request with its id, and no token or form content', async () => {
    // prepare
    const callId = await createCall();
    const handler = createSubmissionsHandler(testDependencies(testConfig()));
    const secretText = 'CONFIDENTIAL-BUDGET-NOTE';
    const token = 'eyJhbGciOiJFUzI1NiJ9.secret-token-body.signature';

    // act
    const saved = await handler(
      apiEvent({
        routeKey: 'PUT /api/calls/{callId}/submissions/{rppo}/{form}',
        pathParameters: { callId, rppo: 'EPPO', form: 'pilot-activities' },
        headers: { authorization: `Bearer ${token}` },
        body: { activities: [{ title: secretText, estimatedCostUsd: -1 }] },
        claims: { sub: 'focal-point-1', 'cognito:groups': '[rppo-EPPO]' },
      }),
    );

    // assess
    expect(saved.statusCode).toBe(400);
    expect(saved.body).not.toMatch(/at .+\.ts:\d+/);
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? '{}');
    expect(entry).toMatchObject({
      level: 'info',
      route: 'PUT /api/calls/{callId}/submissions/{rppo}/{form}',
      status: 400,
      subject: 'focal-point-1',
    });
    expect(entry.requestId).toMatch(/^test-/);
    expect(lines.join('\n')).not.toContain(secretText);
    expect(lines.join('\n')).not.toContain('secret-token-body');
  });
});
