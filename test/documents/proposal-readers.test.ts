/**
 * The assembled proposal read back by independent readers: pandoc (text and tables) and LibreOffice
 * (layout: converted to PDF, pages counted, footer fields filled in).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCall, request, saveAndSubmit, tokenFor } from '../support/api.ts';
import { makeActivity } from '../support/fixtures.ts';
import { requireCommands } from '../support/system-tools.ts';

const available = requireCommands(
  'Document readers suite',
  ['pandoc', 'libreoffice', 'pdfinfo', 'pdftotext'],
  'apt-get install -y --no-install-recommends pandoc libreoffice-writer-nogui poppler-utils fonts-liberation2 fonts-crosextra-carlito',
);

const workDir = mkdtempSync(join(tmpdir(), 'proposal-readers-'));
const docxPath = join(workDir, 'proposal.docx');

beforeAll(async () => {
  if (!available) return;
  const callId = await createCall();
  await saveAndSubmit(callId, 'EPPO', 'pilot-activities', {
    activities: [
      makeActivity({
        title: 'Xylella fastidiosa surveillance in olive groves',
        countries: ['IT', 'ES'],
        estimatedCostUsd: 250_000,
      }),
      makeActivity({ title: 'Pest risk analysis of <ornamental> plants & trees', estimatedCostUsd: 90_000 }),
    ],
  });
  await saveAndSubmit(callId, 'EPPO', 'draft-input');
  await saveAndSubmit(callId, 'OIRSA', 'pilot-activities', {
    activities: [
      makeActivity({
        title: 'Huanglongbing containment in citrus',
        countries: ['GT', 'HN'],
        estimatedCostUsd: 180_000,
      }),
    ],
  });
  await saveAndSubmit(callId, 'OIRSA', 'implementation-support');
  const assembled = await request(`/api/calls/${callId}/proposals`, {
    method: 'POST',
    token: await tokenFor('secretariat'),
  });
  const download = await fetch(assembled.body.downloadUrl);
  writeFileSync(docxPath, Buffer.from(await download.arrayBuffer()));
});

describe.runIf(available)('the proposal document read by independent readers', () => {
  it('reads in pandoc with every region, activity and the grand total', () => {
    // act
    const text = execFileSync('pandoc', ['-f', 'docx', '-t', 'plain', '--wrap=none', docxPath], {
      encoding: 'utf8',
    });

    // assess
    for (const expected of [
      'European and Mediterranean Plant Protection Organization',
      'Organismo Internacional Regional de Sanidad Agropecuaria',
      'Xylella fastidiosa surveillance in olive groves',
      'Pest risk analysis of <ornamental> plants & trees',
      'Huanglongbing containment in citrus',
      'Pending: no input received',
      'USD 520,000',
      'Mention the cost of inaction.',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('opens in LibreOffice and lays out into numbered pages', () => {
    // act
    execFileSync(
      'libreoffice',
      [
        `-env:UserInstallation=file://${workDir}/profile`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        workDir,
        docxPath,
      ],
      { stdio: 'ignore', timeout: 120_000 },
    );
    const pdf = join(workDir, 'proposal.pdf');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });

    // assess
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(text).toContain('Huanglongbing containment in citrus');
  }, 180_000);
});
