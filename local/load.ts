/**
 * `npm run load`: a bounded load test on loopback. Ten RPPOs fill their four forms at the same time
 * (20 saves, a submit and reads per form: 1,000 requests in all) while the Secretariat assembles the
 * proposal over and over. Prints latency percentiles; fails only on a 5xx or a lost write.
 * `LOAD_URL=http://127.0.0.1:3000 npm run load` targets a running `npm start` instead of its own stack.
 */
import { performance } from 'node:perf_hooks';
import { formNames } from '#domain/forms.ts';
import { type RppoCode, rppoCodes } from '#domain/rppos.ts';
import { startLocalStack } from './stack.ts';

const SAVES_PER_FORM = 20;
const READS_PER_FORM = 4;

type Kind = 'save' | 'submit' | 'read' | 'assemble';
const latencies: Record<Kind, number[]> = { save: [], submit: [], read: [], assemble: [] };
const failures: string[] = [];
let requests = 0;

async function call(kind: Kind, base: string, path: string, init: RequestInit = {}): Promise<Response> {
  const started = performance.now();
  const response = await fetch(`${base}${path}`, init);
  await response.clone().arrayBuffer();
  latencies[kind].push(performance.now() - started);
  requests += 1;
  if (response.status >= 500) failures.push(`${init.method ?? 'GET'} ${path}: ${response.status}`);
  return response;
}

async function token(base: string, login: object): Promise<string> {
  const response = await fetch(`${base}/local/login`, { method: 'POST', body: JSON.stringify(login) });
  return ((await response.json()) as { token: string }).token;
}

/** One focal point filling one form: saves in sequence (each with the last ETag), then submits. */
async function fillForm(base: string, callId: string, rppo: RppoCode, form: string, bearer: string) {
  const path = `/api/calls/${callId}/submissions/${rppo}/${form}`;
  const headers = { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' };
  let etag: string | undefined;
  for (let save = 1; save <= SAVES_PER_FORM; save += 1) {
    const body = form === 'guide-promotion' ? { feedbackOnGuide: `Draft ${save} of ${rppo}` } : {};
    const response = await call('save', base, path, {
      method: 'PUT',
      headers: etag ? { ...headers, 'if-match': etag } : headers,
      body: JSON.stringify(body),
    });
    if (response.ok) etag = response.headers.get('etag') ?? etag;
    else failures.push(`save ${rppo} ${form} #${save}: ${response.status}`);
    if (save % (SAVES_PER_FORM / READS_PER_FORM) === 0) await call('read', base, path, { headers });
  }
  // The drafts are incomplete on purpose: the submit answers 422, which is a handled answer, not a loss.
  await call('submit', base, `${path}/submit`, {
    method: 'POST',
    headers: { ...headers, 'if-match': etag ?? '' },
  });
  return { rppo, form, path, headers };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main() {
  process.env.LOG_LEVEL ??= 'warn';
  const stack = process.env.LOAD_URL ? undefined : await startLocalStack({ port: 0 });
  const base = process.env.LOAD_URL ?? stack?.url ?? '';
  try {
    const secretariat = await token(base, { role: 'secretariat' });
    const created = await fetch(`${base}/api/calls`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secretariat}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Load test call',
        deadline: new Date(Date.now() + 86_400_000).toISOString(),
        draftSections: [{ id: 'rationale', title: 'Rationale', text: 'Load test.' }],
      }),
    });
    const callId = ((await created.json()) as { id: string }).id;
    const tokens = Object.fromEntries(
      await Promise.all(
        rppoCodes.map(async (rppo) => [rppo, await token(base, { role: 'rppo', rppo })] as const),
      ),
    );

    const started = performance.now();
    let filling = true;
    const assembling = (async () => {
      while (filling) {
        await call('assemble', base, `/api/calls/${callId}/proposals`, {
          method: 'POST',
          headers: { authorization: `Bearer ${secretariat}` },
        });
      }
    })();
    const forms = await Promise.all(
      rppoCodes.flatMap((rppo) =>
        formNames.map((form) => fillForm(base, callId, rppo, form, tokens[rppo] ?? '')),
      ),
    );
    filling = false;
    await assembling;
    const seconds = (performance.now() - started) / 1000;

    // Every accepted save must be there: the last version equals the number of saves.
    for (const { rppo, form, path, headers } of forms) {
      const revisions = await fetch(`${base}${path}/revisions`, { headers });
      const count = ((await revisions.json()) as { revisions: unknown[] }).revisions.length;
      if (count !== SAVES_PER_FORM)
        failures.push(`${rppo} ${form}: ${count} revisions, expected ${SAVES_PER_FORM}`);
    }

    console.log(
      `${requests} requests in ${seconds.toFixed(1)} s (${(requests / seconds).toFixed(0)}/s), target ${base}`,
    );
    console.log('kind      count   p50 ms   p90 ms   p99 ms   max ms');
    for (const [kind, values] of Object.entries(latencies)) {
      const row = [50, 90, 99, 100].map((p) => percentile(values, p).toFixed(0).padStart(8)).join(' ');
      console.log(`${kind.padEnd(8)} ${String(values.length).padStart(6)} ${row}`);
    }
    if (failures.length > 0) {
      console.error(`FAILED: ${failures.length} problems\n${failures.slice(0, 20).join('\n')}`);
      process.exitCode = 1;
    } else {
      console.log(`No 5xx; all ${forms.length * SAVES_PER_FORM} saves present afterwards.`);
    }
  } finally {
    await stack?.stop();
  }
}

await main();
