import { describe, expect, it } from 'vitest';
import {
  completeForms,
  createCall,
  request,
  saveAndSubmit,
  submissionPath,
  tokenFor,
} from '../support/api.ts';
import { makeActivity } from '../support/fixtures.ts';

const form = 'pilot-activities';

async function firstSave(callId: string) {
  const token = await tokenFor('EPPO');
  const path = submissionPath(callId, 'EPPO', form);
  const saved = await request(path, {
    method: 'PUT',
    token,
    body: { activities: [{ title: 'First idea' }] },
  });
  return { token, path, saved };
}

describe('saving and submitting a form', () => {
  it('creates version 1 with an ETag and keeps a partial draft as typed', async () => {
    // prepare
    const callId = await createCall();

    // act
    const { token, path, saved } = await firstSave(callId);
    const read = await request(path, { token });

    // assess
    expect(saved.status).toBe(201);
    expect(saved.headers.get('etag')).toBe('"1"');
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      version: 1,
      status: 'draft',
      data: { activities: [{ title: 'First idea' }] },
    });
  });

  it('returns 428 when an existing form is saved without If-Match', async () => {
    // prepare
    const callId = await createCall();
    const { token, path } = await firstSave(callId);

    // act
    const second = await request(path, { method: 'PUT', token, body: { activities: [] } });

    // assess
    expect(second.status).toBe(428);
    expect(second.headers.get('content-type')).toContain('application/problem+json');
    expect((await request(path, { token })).body.data.activities).toEqual([{ title: 'First idea' }]);
  });

  it('returns 412 with the current version when If-Match is stale, and overwrites nothing', async () => {
    // prepare: two offices read version 1; the first saves version 2
    const callId = await createCall();
    const { token, path } = await firstSave(callId);
    await request(path, {
      method: 'PUT',
      token,
      headers: { 'if-match': '"1"' },
      body: { activities: [{ title: 'Office A' }] },
    });

    // act
    const stale = await request(path, {
      method: 'PUT',
      token,
      headers: { 'if-match': '"1"' },
      body: { activities: [{ title: 'Office B' }] },
    });

    // assess
    expect(stale.status).toBe(412);
    expect(stale.body.currentVersion).toBe(2);
    expect(stale.headers.get('etag')).toBe('"2"');
    expect((await request(path, { token })).body.data.activities).toEqual([{ title: 'Office A' }]);
  });

  it('lets exactly one of several concurrent saves with the same If-Match win', async () => {
    // prepare
    const callId = await createCall();
    const { token, path } = await firstSave(callId);

    // act
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        request(path, {
          method: 'PUT',
          token,
          headers: { 'if-match': '"1"' },
          body: { activities: [{ title: `Writer ${index}` }] },
        }),
      ),
    );

    // assess
    const winners = results.filter((result) => result.status === 200);
    expect(winners).toHaveLength(1);
    expect(results.filter((result) => result.status === 412)).toHaveLength(19);
    const stored = await request(path, { token });
    expect(stored.body.data).toEqual(winners[0]?.body.data);
    expect((await request(`${path}/revisions`, { token })).body.revisions).toHaveLength(2);
  });

  it('returns 422 naming every missing field when an incomplete draft is submitted', async () => {
    // prepare
    const callId = await createCall();
    const { token, path } = await firstSave(callId);

    // act
    const submitted = await request(`${path}/submit`, {
      method: 'POST',
      token,
      headers: { 'if-match': '"1"' },
    });

    // assess
    expect(submitted.status).toBe(422);
    const paths = submitted.body.errors.map((error: { path: string }) => error.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'activities.0.description',
        'activities.0.activityType',
        'activities.0.countries',
        'activities.0.estimatedCostUsd',
        'activities.0.gbfTargets',
      ]),
    );
    expect(paths).not.toContain('activities.0.title');
    expect((await request(path, { token })).body).toMatchObject({ version: 1, status: 'draft' });
  });

  it('keeps every version as a revision when a submitted form is edited and submitted again', async () => {
    // prepare
    const callId = await createCall();
    await saveAndSubmit(callId, 'EPPO', form);
    const token = await tokenFor('EPPO');
    const path = submissionPath(callId, 'EPPO', form);

    // act
    const edited = await request(path, {
      method: 'PUT',
      token,
      headers: { 'if-match': '"2"' },
      body: { activities: [makeActivity({ title: 'Revised activity' })] },
    });
    const resubmitted = await request(`${path}/submit`, {
      method: 'POST',
      token,
      headers: { 'if-match': '"3"' },
    });
    const revisions = await request(`${path}/revisions`, { token });
    const first = await request(`${path}/revisions/1`, { token });

    // assess
    expect(edited.body).toMatchObject({ version: 3, status: 'draft', submittedVersion: 2 });
    expect(resubmitted.body).toMatchObject({ version: 4, status: 'submitted', submittedVersion: 4 });
    expect(
      revisions.body.revisions.map((r: { version: number; status: string }) => [r.version, r.status]),
    ).toEqual([
      [1, 'draft'],
      [2, 'submitted'],
      [3, 'draft'],
      [4, 'submitted'],
    ]);
    expect(first.body.data).toEqual(completeForms[form]);
  });

  it('returns 409 and stores nothing when the deadline has passed or the call is closed', async () => {
    // prepare
    const callId = await createCall();
    const { token, path } = await firstSave(callId);
    const secretariat = await tokenFor('secretariat');
    await request(`/api/calls/${callId}`, {
      method: 'PATCH',
      token: secretariat,
      body: { deadline: '2020-01-01T00:00:00Z' },
    });

    // act
    const late = await request(path, {
      method: 'PUT',
      token,
      headers: { 'if-match': '"1"' },
      body: { activities: [] },
    });
    await request(`/api/calls/${callId}`, {
      method: 'PATCH',
      token: secretariat,
      body: { deadline: '2099-01-01T00:00:00Z', status: 'closed' },
    });
    const closed = await request(`${path}/submit`, { method: 'POST', token, headers: { 'if-match': '"1"' } });

    // assess
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('deadline');
    expect(closed.status).toBe(409);
    expect(closed.body.detail).toContain('closed');
    expect((await request(`${path}/revisions`, { token })).body.revisions).toHaveLength(1);
  });

  it('returns 404 for an unknown call, RPPO or form', async () => {
    // prepare
    const callId = await createCall();
    const token = await tokenFor('EPPO');

    // act
    const unknownCall = await request(submissionPath('0000000000000000000000000', 'EPPO', form), { token });
    const unknownRppo = await request(`/api/calls/${callId}/submissions/ORISA/${form}`, { token });
    const unknownForm = await request(`/api/calls/${callId}/submissions/EPPO/wishes`, { token });
    const nothingSaved = await request(submissionPath(callId, 'EPPO', form), { token });

    // assess
    expect([unknownCall.status, unknownRppo.status, unknownForm.status, nothingSaved.status]).toEqual([
      404, 404, 404, 404,
    ]);
    expect(unknownRppo.body.errors[0].path).toBe('rppo');
  });

  it.each([
    ['a version', '/revisions/2', `There is no version 2 of EPPO's ${form}`],
    ['the revisions', '/revisions', `EPPO has saved nothing for ${form} yet`],
  ])(
    'answers %s of a form of an unknown call with the call’s 404, as the form’s other routes do',
    async (_, suffix, notSavedDetail) => {
      // prepare: a call where EPPO has saved nothing yet
      const callId = await createCall();
      const token = await tokenFor('EPPO');
      const unknown = '0000000000000000000000000';

      // act
      const formOfUnknownCall = await request(submissionPath(unknown, 'EPPO', form), { token });
      const ofUnknownCall = await request(submissionPath(unknown, 'EPPO', form, suffix), { token });
      const notSaved = await request(submissionPath(callId, 'EPPO', form, suffix), { token });

      // assess
      expect([formOfUnknownCall.status, ofUnknownCall.status, notSaved.status]).toEqual([404, 404, 404]);
      expect(ofUnknownCall.headers.get('content-type')).toContain('application/problem+json');
      expect(ofUnknownCall.body.detail).toBe(`There is no call ${unknown}`);
      expect(ofUnknownCall.body.detail).toBe(formOfUnknownCall.body.detail);
      expect(notSaved.body.detail).toBe(notSavedDetail);
    },
  );

  it('lists all submissions to the Secretariat and only its own to an RPPO', async () => {
    // prepare
    const callId = await createCall();
    await saveAndSubmit(callId, 'EPPO', form);
    await saveAndSubmit(callId, 'CAHFSA', 'guide-promotion');

    // act
    const all = await request(`/api/calls/${callId}/submissions`, { token: await tokenFor('secretariat') });
    const own = await request(`/api/calls/${callId}/submissions`, { token: await tokenFor('CAHFSA') });

    // assess
    expect(all.body.submissions.map((s: { rppo: string }) => s.rppo).sort()).toEqual(['CAHFSA', 'EPPO']);
    expect(own.body.submissions.map((s: { rppo: string }) => s.rppo)).toEqual(['CAHFSA']);
  });
});
