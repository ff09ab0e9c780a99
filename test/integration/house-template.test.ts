import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { houseStyleTemplate } from '../../local/make-house-style.ts';
import { createCall, request, saveAndSubmit, tokenFor } from '../support/api.ts';
import { wordParts } from '../support/docx.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const DEFAULT_TEMPLATE = new URL('../../templates/proposal/house-style.docx', import.meta.url);

function upload(callId: string, token: string, body: Uint8Array, contentType = DOCX) {
  return request(`/api/calls/${callId}/template`, {
    method: 'PUT',
    token,
    rawBody: body,
    headers: { 'content-type': contentType },
  });
}

async function stylesOfProposal(url: string): Promise<string> {
  const download = await fetch(url);
  expect(download.status).toBe(200);
  return (await wordParts(await download.arrayBuffer())).styles ?? '';
}

describe('PUT /api/calls/{callId}/template', () => {
  it('stores a new house template for the call, and the next assembly takes its look', async () => {
    // prepare
    const callId = await createCall();
    await saveAndSubmit(callId, 'EPPO', 'pilot-activities');
    const secretariat = await tokenFor('secretariat');
    const before = await request(`/api/calls/${callId}/proposals`, { method: 'POST', token: secretariat });
    const red = await houseStyleTemplate({ headingColor: 'FF0000' });

    // act
    const uploaded = await upload(callId, secretariat, red);
    const after = await request(`/api/calls/${callId}/proposals`, { method: 'POST', token: secretariat });
    const current = await request(`/api/calls/${callId}/template`, { token: secretariat });

    // assess: a new proposal (the template is an input), with the template's red headings
    expect(uploaded.status).toBe(200);
    expect(uploaded.body).toMatchObject({ callId, source: 'call', bytes: red.length });
    expect(before.status).toBe(201);
    expect(after.status).toBe(201);
    expect(after.body.id).not.toBe(before.body.id);
    expect(await stylesOfProposal(before.body.downloadUrl)).not.toContain('<w:color w:val="FF0000"/>');
    expect(await stylesOfProposal(after.body.downloadUrl)).toMatch(
      /w:styleId="Heading1">[\s\S]*?<w:color w:val="FF0000"\/>/,
    );
    expect(current.body).toMatchObject({ source: 'call', sha256: uploaded.body.sha256 });
    const stored = await fetch(current.body.downloadUrl);
    expect(Buffer.from(await stored.arrayBuffer()).equals(red)).toBe(true);
  });

  it('answers with the repository template for a call that has none', async () => {
    // prepare
    const callId = await createCall();

    // act
    const current = await request(`/api/calls/${callId}/template`, { token: await tokenFor('secretariat') });

    // assess
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ source: 'default', styles: { table: 'ProposalTable' } });
    expect(current.body.downloadUrl).toBeUndefined();
  });

  it('refuses a file that is not a Word document with 422 naming the problem', async () => {
    // prepare
    const callId = await createCall();

    // act
    const response = await upload(
      callId,
      await tokenFor('secretariat'),
      new TextEncoder().encode('not a zip'),
    );

    // assess
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([{ path: 'body', message: 'Not a zip (OOXML) package' }]);
  });

  it('refuses a macro-enabled document with 415 naming the macros', async () => {
    // prepare
    const callId = await createCall();
    const zip = await JSZip.loadAsync(await readFile(DEFAULT_TEMPLATE));
    zip.file('word/vbaProject.bin', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]));
    const macros = await zip.generateAsync({ type: 'uint8array' });

    // act
    const response = await upload(callId, await tokenFor('secretariat'), macros);

    // assess
    expect(response.status).toBe(415);
    expect(response.body.detail).toMatch(/macro-enabled/);
    expect(response.body.errors).toEqual([
      { path: 'word/vbaProject.bin', message: 'Macros (VBA project) are not accepted' },
    ]);
  });

  it('refuses a file over 4 MB with 413', async () => {
    // prepare
    const callId = await createCall();

    // act
    const response = await upload(callId, await tokenFor('secretariat'), new Uint8Array(4 * 1024 * 1024 + 1));

    // assess
    expect(response.status).toBe(413);
    expect(response.body.detail).toMatch(/at most 4194304 are accepted/);
  });

  it('refuses another media type with 415, and an RPPO with 403', async () => {
    // prepare
    const callId = await createCall();
    const template = await readFile(DEFAULT_TEMPLATE);

    // act
    const wrongType = await upload(callId, await tokenFor('secretariat'), template, 'application/pdf');
    const byRppo = await upload(callId, await tokenFor('EPPO'), template);

    // assess
    expect(wrongType.status).toBe(415);
    expect(byRppo.status).toBe(403);
  });
});
