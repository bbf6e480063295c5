/**
 * `npm run bench -- web`: the web app as its first user meets it, on the FULL demo
 * network (2,400 clinicians, 150,000 members) in embedded PGlite.
 *
 *   1. `vite build` timed, and the production bundle weighed: the first page's files
 *      (index.html's script, stylesheet and preloads) gzipped, and the lazy chunks.
 *   2. The demo database made once per day in the temp folder (`timely demo --size
 *      full`, timed the first time), so the measured start is on existing data.
 *   3. With Chromium already open (a user's browser is): `timely serve` started on that
 *      folder (what `npm start` runs after its build), then signing in as the demo
 *      compliance officer and the access overview rendered — every chart drawn and no
 *      loading state left. Timed from the spawn: target < 3 s.
 *   4. Every API call the overview made, replayed with the session's cookie 40 times
 *      each, one after another: p50 and p95 per call; target p95 < 200 ms.
 *
 * The last line is one JSON object with the figures.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { demoPassword } from '../src/demo/accounts.ts';
import { demoToday } from '../src/demo/dataset.ts';
import { WEB_DIST } from '../src/server/web.ts';
import { chromiumAvailable, launchChromium } from '../web/e2e/harness.ts';
import { startProcess } from './api-load.ts';

const TIMELY = fileURLToPath(new URL('../bin/timely.mjs', import.meta.url));
const VITE_CONFIG = fileURLToPath(new URL('../web/vite.config.ts', import.meta.url));
const SAMPLES = 40;
/** Minimal DOM types: this file is compiled without the DOM library. */
interface InPageDocument {
  querySelectorAll(selector: string): ArrayLike<{ querySelector(selector: string): unknown }>;
}

/** Run in the page: every chart has its canvas, and nothing is still loading. */
function rendered(): boolean {
  const doc = (globalThis as unknown as { document: InPageDocument }).document;
  const charts = Array.from(doc.querySelectorAll('.chart'));
  return (
    doc.querySelectorAll('.state-loading').length === 0 &&
    charts.length > 0 &&
    charts.every((chart) => chart.querySelector('canvas') !== null)
  );
}

export const TARGETS = {
  startToOverviewSeconds: 3,
  overviewApiP95Ms: 200,
  firstPageGzipKB: 500,
} as const;

interface Bundle {
  firstPageGzipKB: number;
  lazyGzipKB: Record<string, number>;
}

/** The first page's bytes: what index.html loads before any lazy import, gzipped. */
async function weighBundle(): Promise<Bundle> {
  const html = await readFile(join(WEB_DIST, 'index.html'), 'utf8');
  const first = new Set(
    [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!),
  );
  const gzipKB = async (file: string) =>
    gzipSync(await readFile(join(WEB_DIST, file)), { level: 9 }).length / 1024;
  let firstPage = 0;
  for (const file of first) firstPage += await gzipKB(file);
  const lazyGzipKB: Record<string, number> = {};
  for (const name of await readdir(join(WEB_DIST, 'assets'))) {
    const file = `assets/${name}`;
    if (!first.has(file) && /\.(js|css)$/.test(name)) {
      lazyGzipKB[name] = round(await gzipKB(file));
    }
  }
  return { firstPageGzipKB: round(firstPage), lazyGzipKB };
}

/** The full demo in a PGlite folder of today's (the demo's rows depend on the date). */
function demoFolder(): { dir: string; loadSeconds: number | null } {
  const dir = join(tmpdir(), `timely-bench-web-full-${demoToday()}`);
  if (existsSync(join(dir, 'PG_VERSION'))) return { dir, loadSeconds: null };
  process.stdout.write(`bench web: loading the full demo into ${dir} (about a minute)…\n`);
  const started = performance.now();
  const run = spawnSync(process.execPath, [TIMELY, 'demo', '--size', 'full', '--data', dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (run.status !== 0) throw new Error(`timely demo exited with ${run.status}`);
  return { dir, loadSeconds: (performance.now() - started) / 1000 };
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

async function main(): Promise<void> {
  if (!chromiumAvailable()) {
    process.stderr.write(
      'bench web: no Chromium at /usr/bin/chromium (apt-get install chromium)\n',
    );
    process.exit(2);
  }
  const buildStarted = performance.now();
  await build({ configFile: VITE_CONFIG, logLevel: 'warn' });
  const buildSeconds = (performance.now() - buildStarted) / 1000;
  const bundle = await weighBundle();
  const demo = demoFolder();

  const browser = await launchChromium();
  const apiCalls = new Set<string>();
  let served: Awaited<ReturnType<typeof startProcess>> | undefined;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();

    // The embedded database, whatever the environment names.
    const { DATABASE_URL: _server, ...env } = process.env;
    const started = performance.now();
    served = await startProcess(
      [TIMELY, 'serve', '--data', demo.dir, '--port', '0', '--insecure-cookies'],
      env,
    );
    const readySeconds = (performance.now() - started) / 1000;
    const origin = served.address;
    page.on('request', (request) => {
      const url = new URL(request.url());
      const isApi =
        url.origin === origin &&
        !url.pathname.startsWith('/app') &&
        !url.pathname.startsWith('/assets') &&
        !url.pathname.startsWith('/auth');
      if (isApi && request.method() === 'GET') apiCalls.add(url.pathname + url.search);
    });
    const lap = () => round((performance.now() - started) / 1000, 2);
    await page.goto(`${origin}/app/sign-in`);
    await page.getByLabel('Account name').fill('demo-compliance');
    const signInShownSeconds = lap();
    await page.getByLabel('Password').fill(demoPassword('compliance'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Access overview' }).waitFor();
    const signedInSeconds = lap();
    // Rendered: every chart has its canvas, and nothing is still loading.
    await page.waitForFunction(rendered, undefined, { timeout: 60_000, polling: 'raf' });
    const startToOverviewSeconds = (performance.now() - started) / 1000;

    // Each overview call again, with the browser's session cookie, one at a time.
    const cookie = (await context.cookies(origin)).map((c) => `${c.name}=${c.value}`).join('; ');
    const calls: Record<string, { p50Ms: number; p95Ms: number }> = {};
    for (const path of apiCalls) {
      const times: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const t = performance.now();
        const response = await fetch(`${origin}${path}`, { headers: { cookie } });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      calls[path] = { p50Ms: round(quantile(times, 0.5)), p95Ms: round(quantile(times, 0.95)) };
    }
    const overviewApiP95Ms = Math.max(...Object.values(calls).map((c) => c.p95Ms));

    const figures = {
      demo: 'full',
      demoLoadSeconds: demo.loadSeconds === null ? null : round(demo.loadSeconds),
      buildSeconds: round(buildSeconds, 2),
      readySeconds: round(readySeconds, 2),
      signInShownSeconds,
      signedInSeconds,
      startToOverviewSeconds: round(startToOverviewSeconds, 2),
      overviewApiP95Ms,
      overviewCalls: calls,
      ...bundle,
      targets: TARGETS,
      ratios: {
        startToOverview: round(startToOverviewSeconds / TARGETS.startToOverviewSeconds, 2),
        overviewApiP95: round(overviewApiP95Ms / TARGETS.overviewApiP95Ms, 2),
        firstPageGzip: round(bundle.firstPageGzipKB / TARGETS.firstPageGzipKB, 2),
      },
    };
    const lines = [
      `web app on the full demo (PGlite ${demo.dir})`,
      `  vite build                 ${figures.buildSeconds} s (npm start runs it first)`,
      `  serve → address printed    ${figures.readySeconds} s`,
      `  serve → sign-in page shown ${signInShownSeconds} s`,
      `  serve → signed in, overview page opened ${signedInSeconds} s`,
      `  serve → overview rendered  ${figures.startToOverviewSeconds} s (target < ${TARGETS.startToOverviewSeconds} s; ×${figures.ratios.startToOverview} of it)`,
      `  first page, gzipped        ${bundle.firstPageGzipKB} kB (target < ${TARGETS.firstPageGzipKB} kB)`,
      ...Object.entries(bundle.lazyGzipKB).map(([name, kb]) => `    lazy ${name} ${kb} kB`),
      `  overview API calls (${SAMPLES} each): p95 max ${overviewApiP95Ms} ms (target < ${TARGETS.overviewApiP95Ms} ms)`,
      ...Object.entries(calls).map(
        ([path, c]) => `    ${path}: p50 ${c.p50Ms} ms, p95 ${c.p95Ms} ms`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n${JSON.stringify(figures)}\n`);
  } finally {
    await served?.stop();
    await browser.close();
  }
}

await main();
