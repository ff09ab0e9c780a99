import { describe, expect, it } from 'vitest';
import {
  completeForms,
  createCall,
  request,
  saveAndSubmit,
  submissionPath,
  tokenFor,
} from '../support/api.ts';
import { textOf, wordParts } from '../support/docx.ts';
import { makeActivity } from '../support/fixtures.ts';

async function documentText(url: string): Promise<{ text: string; disposition: string | null }> {
  const download = await fetch(url);
  expect(download.status).toBe(200);
  const text = textOf((await wordParts(await download.arrayBuffer())).document ?? '');
  return { text, disposition: download.headers.get('content-disposition') };
}

describe('the pipeline from RPPO forms to the proposal document', () => {
  it('assembles submitted input of several RPPOs into a .docx and marks the others pending', async () => {
    // prepare: a call, EPPO and NAPPO submit everything, OIRSA only a draft
    const callId = await createCall();
    for (const form of [
      'draft-input',
      'pilot-activities',
      'implementation-support',
      'guide-promotion',
    ] as const) {
      await saveAndSubmit(callId, 'EPPO', form);
    }
    await saveAndSubmit(callId, 'NAPPO', 'pilot-activities', {
      activities: [makeActivity({ title: 'Pathway analysis of wood packaging', estimatedCostUsd: 80_000.5 })],
    });
    await request(submissionPath(callId, 'OIRSA', 'pilot-activities'), {
      method: 'PUT',
      token: await tokenFor('OIRSA'),
      body: { activities: [{ title: 'Draft only, never submitted' }] },
    });
    const secretariat = await tokenFor('secretariat');

    // act
    const assembled = await request(`/api/calls/${callId}/proposals`, { method: 'POST', token: secretariat });

    // assess: the summary
    expect(assembled.status).toBe(201);
    const eppoBudget = completeForms['pilot-activities'].activities.reduce(
      (sum, a) => sum + a.estimatedCostUsd,
      0,
    );
    expect(assembled.body.summary.totalBudgetUsd).toBe(eppoBudget + 80_000.5);
    const regions = Object.fromEntries(
      assembled.body.summary.regions.map((r: { rppo: string }) => [r.rppo, r]),
    );
    expect(regions.EPPO).toMatchObject({ status: 'included', activities: 2, budgetUsd: eppoBudget });
    expect(regions.NAPPO).toMatchObject({ status: 'included', activities: 1, budgetUsd: 80_000.5 });
    expect(regions.OIRSA).toMatchObject({ status: 'pending', activities: 0, budgetUsd: 0 });
    expect(assembled.body.bytes).toBeGreaterThan(5_000);
    expect(assembled.body.sha256).toMatch(/^[0-9a-f]{64}$/);

    // assess: the document itself, read back through the presigned link
    const { text, disposition } = await documentText(assembled.body.downloadUrl);
    expect(disposition).toMatch(/^attachment; filename=".+\.docx"$/);
    expect(new URL(assembled.body.downloadUrl).searchParams.get('X-Amz-Expires')).toBe('900');
    expect(text).toContain('European and Mediterranean Plant Protection Organization');
    expect(text).toContain('North American Plant Protection Organization');
    expect(text).toContain('Regional surveillance of fruit flies');
    expect(text).toContain('National pest risk analysis training');
    expect(text).toContain('Pathway analysis of wood packaging');
    expect(text).not.toContain('Draft only, never submitted');
    expect(text).toContain('Pending: no input received');
    expect(text).toContain('USD 245,501');
    expect(text).toContain('Mention the cost of inaction.');
  });

  it('returns the existing proposal when nothing changed, and a new one after new input', async () => {
    // prepare
    const callId = await createCall();
    await saveAndSubmit(callId, 'CAN', 'pilot-activities');
    const secretariat = await tokenFor('secretariat');
    const first = await request(`/api/calls/${callId}/proposals`, { method: 'POST', token: secretariat });

    // act
    const again = await request(`/api/calls/${callId}/proposals`, { method: 'POST', token: secretariat });
    await saveAndSubmit(callId, 'COSAVE', 'pilot-activities');
    const changed = await request(`/api/calls/${callId}/proposals`, { method: 'POST', token: secretariat });
    const listed = await request(`/api/calls/${callId}/proposals`, { token: secretariat });
    const fetched = await request(`/api/calls/${callId}/proposals/${first.body.id}`, { token: secretariat });

    // assess
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(changed.status).toBe(201);
    expect(changed.body.id).not.toBe(first.body.id);
    expect(first.body.changes).toEqual({ since: null, regions: [], sections: [] });
    expect(changed.body.changes).toEqual({
      since: { id: first.body.id, createdAt: first.body.createdAt },
      regions: ['COSAVE'],
      sections: [],
    });
    expect(changed.body).not.toHaveProperty('fingerprints');
    const { text } = await documentText(changed.body.downloadUrl);
    expect(text).toContain('new or revised input from COSAVE');
    expect(listed.body.proposals.map((p: { id: string }) => p.id)).toEqual([changed.body.id, first.body.id]);
    expect(fetched.status).toBe(200);
    expect(fetched.body.sha256).toBe(first.body.sha256);
    expect((await fetch(fetched.body.downloadUrl)).status).toBe(200);
  });

  it('uses the last submitted version when a newer draft exists', async () => {
    // prepare: submit, then start editing again without submitting
    const callId = await createCall();
    await saveAndSubmit(callId, 'PPPO', 'pilot-activities', {
      activities: [makeActivity({ title: 'Submitted title' })],
    });
    const token = await tokenFor('PPPO');
    const path = submissionPath(callId, 'PPPO', 'pilot-activities');
    const current = await request(path, { token });
    await request(path, {
      method: 'PUT',
      token,
      headers: { 'if-match': current.headers.get('etag') ?? '' },
      body: { activities: [makeActivity({ title: 'Unfinished new title' })] },
    });

    // act
    const assembled = await request(`/api/calls/${callId}/proposals`, {
      method: 'POST',
      token: await tokenFor('secretariat'),
    });

    // assess
    const { text } = await documentText(assembled.body.downloadUrl);
    expect(text).toContain('Submitted title');
    expect(text).not.toContain('Unfinished new title');
  });

  it('shows the completeness of every RPPO and form to the Secretariat', async () => {
    // prepare
    const callId = await createCall();
    await saveAndSubmit(callId, 'IAPSC', 'guide-promotion');
    await request(submissionPath(callId, 'NEPPO', 'draft-input'), {
      method: 'PUT',
      token: await tokenFor('NEPPO'),
      body: { comments: [] },
    });

    // act
    const status = await request(`/api/calls/${callId}/status`, { token: await tokenFor('secretariat') });

    // assess
    expect(status.status).toBe(200);
    const byRppo = Object.fromEntries(status.body.rppos.map((row: { rppo: string }) => [row.rppo, row]));
    expect(Object.keys(byRppo)).toHaveLength(10);
    expect(byRppo.IAPSC.forms['guide-promotion']).toMatchObject({
      state: 'submitted',
      version: 2,
      submittedVersion: 2,
    });
    expect(byRppo.NEPPO.forms['draft-input']).toMatchObject({
      state: 'draft',
      version: 1,
      submittedVersion: null,
    });
    expect(byRppo.EPPO.forms['pilot-activities']).toMatchObject({ state: 'missing', version: null });
  });
});
