/**
 * The assembled proposal read back by independent readers: pandoc (text and tables), LibreOffice (layout: converted
 * to PDF, pages counted, footer fields and the table of contents' page numbers checked, page images written to
 * artifacts/pages/ for review) and python-docx (every table).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCall, request, saveAndSubmit, tokenFor } from '../support/api.ts';
import { paragraphsOf, textOf, wordParts } from '../support/docx.ts';
import { makeActivity, makeComment, makeCommitment, makeEvent } from '../support/fixtures.ts';
import { hasCommand, requireCommands } from '../support/system-tools.ts';

const PYTHON = '/usr/bin/python3';
const available = requireCommands(
  'Document readers suite',
  ['pandoc', 'libreoffice', 'pdfinfo', 'pdftotext', 'pdftoppm'],
  'apt-get install -y --no-install-recommends pandoc libreoffice-writer-nogui poppler-utils fonts-liberation2 fonts-crosextra-carlito',
);
const withPythonDocx =
  available && requirePythonModule('docx', 'python-docx', 'apt-get install -y python3-docx');

/** As `requireCommands`, for a module of Debian's Python: skip loudly here, fail under CI. */
function requirePythonModule(module: string, name: string, installCommand: string): boolean {
  let present = false;
  try {
    execFileSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' });
    present = true;
  } catch {
    present = false;
  }
  if (present) return true;
  const message = `Document readers suite: missing ${name} for ${hasCommand(PYTHON) ? PYTHON : 'python3'}. Install with: ${installCommand}`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n${'!'.repeat(100)}\n!! SKIPPED ${message}\n${'!'.repeat(100)}\n`);
  return false;
}

const PAGES_DIR = resolve(import.meta.dirname, '..', '..', 'artifacts', 'pages');
const workDir = mkdtempSync(join(tmpdir(), 'proposal-readers-'));
const docxPath = join(workDir, 'proposal.docx');
const pdfPath = join(workDir, 'proposal.pdf');

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
      makeActivity({
        title: 'Pest risk analysis of <ornamental> plants & "trees" {{x}}',
        activityType: 'pest-risk-analysis',
        estimatedCostUsd: 90_000,
      }),
      makeActivity({ title: 'مراقبة الآفات في شمال أفريقيا', countries: ['MA'], estimatedCostUsd: 60_000 }),
    ],
  });
  await saveAndSubmit(callId, 'EPPO', 'draft-input');
  await saveAndSubmit(callId, 'EPPO', 'implementation-support', {
    commitments: [makeCommitment({ supportType: 'technical-experts', valueUsd: 45_000 })],
  });
  await saveAndSubmit(callId, 'EPPO', 'guide-promotion', {
    events: [makeEvent({ countriesReached: ['FR', 'IT'] })],
  });
  await saveAndSubmit(callId, 'OIRSA', 'pilot-activities', {
    activities: [
      makeActivity({
        title: 'Contención del Huanglongbing en cítricos',
        countries: ['GT', 'HN'],
        estimatedCostUsd: 180_000,
      }),
    ],
  });
  await saveAndSubmit(callId, 'OIRSA', 'implementation-support', {
    commitments: [makeCommitment({ status: 'indicative' })],
  });
  await saveAndSubmit(callId, 'APPPC', 'draft-input', {
    comments: [makeComment({ comment: '加强害虫监测 — add pest surveillance.' })],
  });
  const assembled = await request(`/api/calls/${callId}/proposals`, {
    method: 'POST',
    token: await tokenFor('secretariat'),
  });
  const download = await fetch(assembled.body.downloadUrl);
  writeFileSync(docxPath, Buffer.from(await download.arrayBuffer()));
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
}, 180_000);

function pdfPages(): string[] {
  const count = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' }))?.[1]);
  return Array.from({ length: count }, (_, index) =>
    execFileSync('pdftotext', ['-f', String(index + 1), '-l', String(index + 1), '-layout', pdfPath, '-'], {
      encoding: 'utf8',
    }),
  );
}

describe.runIf(available)('the proposal document read by independent readers', () => {
  it('reads in pandoc with every region, activity, total, placeholder and annex entry', () => {
    // act
    const text = execFileSync('pandoc', ['-f', 'docx', '-t', 'plain', '--wrap=none', docxPath], {
      encoding: 'utf8',
    });

    // assess
    for (const expected of [
      'European and Mediterranean Plant Protection Organization',
      'Organismo Internacional Regional de Sanidad Agropecuaria',
      'Xylella fastidiosa surveillance in olive groves',
      'Pest risk analysis of <ornamental> plants & "trees" {{x}}',
      'مراقبة الآفات في شمال أفريقيا',
      'Contención del Huanglongbing en cítricos',
      'Pending: no input received',
      'USD 580,000',
      'Implementation support by region',
      'Budget by type of activity',
      'Mention the cost of inaction.',
      '加强害虫监测 — add pest surveillance.',
      'oirsa@example.org',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('opens in LibreOffice and lays out into a plausible number of numbered pages', () => {
    // act
    const pages = pdfPages();
    const text = pages.join('\f');

    // assess: cover, contents, draft, ten outlines, cross-region parts and annexes
    expect(pages.length).toBeGreaterThanOrEqual(8);
    expect(pages.length).toBeLessThanOrEqual(40);
    expect(pages[0]).not.toContain('Page 1 of');
    expect(text).toContain(`Page 2 of ${pages.length}`);
    expect(text).toContain(`Page ${pages.length} of ${pages.length}`);
    expect(text).toContain('Contención del Huanglongbing en cítricos');
  });

  it('gives in its table of contents the pages on which LibreOffice lays the headings out', async () => {
    // prepare: the headings of levels 1 and 2, in order, from the document itself
    const { document = '' } = await wordParts(readFileSync(docxPath));
    const headings = paragraphsOf(document.replace(/<w:sdt>[\s\S]*?<\/w:sdt>/, ''))
      .filter((paragraph) => /<w:pStyle w:val="Heading[12]"\/>/.test(paragraph))
      .map(textOf);

    // act
    const pages = pdfPages();

    // assess
    const entries = pages
      .slice(1, 4)
      .flatMap((page) => [...page.matchAll(/^\s*(.+?)\s*\.{3,}\s*(\d+)\s*$/gm)])
      .map((match) => ({ title: match[1] ?? '', page: Number(match[2]) }));
    expect(entries.map((entry) => entry.title)).toEqual(headings);
    let from = 2;
    for (const { title, page } of entries) {
      const laidOut = pages.findIndex(
        (text, index) => index >= from && text.split('\n').some((l) => l.trim() === title),
      );
      // Word's layout (which the page numbers follow) and LibreOffice's may part by a page.
      expect(Math.abs(laidOut + 1 - page), title).toBeLessThanOrEqual(1);
      from = laidOut;
    }
  });

  it('draws every page as an image for review in artifacts/pages/', () => {
    // act
    rmSync(PAGES_DIR, { recursive: true, force: true });
    mkdirSync(PAGES_DIR, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '50', pdfPath, join(PAGES_DIR, 'proposal')], {
      timeout: 120_000,
    });

    // assess
    const images = readdirSync(PAGES_DIR).filter((name) => name.endsWith('.png'));
    expect(images).toHaveLength(pdfPages().length);
  });

  it.runIf(withPythonDocx)('reads every table in python-docx, each with its header row', () => {
    // act
    const script = [
      'import docx, json, sys',
      'document = docx.Document(sys.argv[1])',
      'print(json.dumps([[cell.text for cell in table.rows[0].cells] for table in document.tables]))',
    ].join('\n');
    const headers = JSON.parse(
      execFileSync(PYTHON, ['-c', script, docxPath], { encoding: 'utf8' }),
    ) as string[][];

    // assess: the cover, 2 outlines × 5 tables, matrix, co-financing, promotion (summary + 1 region), budgets, annexes
    expect(headers.length).toBeGreaterThanOrEqual(20);
    const firsts = headers.map((row) => row[0]);
    for (const first of ['Project information', 'No.', 'Framework', 'Support', 'Type of support', 'RPPO']) {
      expect(firsts).toContain(first);
    }
    expect(headers).toContainEqual(['No.', 'Title', 'Type', 'Level', 'Countries', 'Months', 'Cost (USD)']);
    expect(headers).toContainEqual([
      'Type of activity',
      'Activities',
      'Budget (USD)',
      'Share',
      'In kind (USD)',
    ]);
    expect(headers).toContainEqual(['Form', 'Version', 'Submitted by', 'Submitted at']);
    for (const row of headers) expect(row.every((cell) => typeof cell === 'string')).toBe(true);
  });
});
