// First load of the web console in Chromium (issue 19: ≤ 300 KB of compressed JavaScript): every
// JavaScript response of a fresh browser context (empty cache) is recorded with the bytes that
// crossed the wire, its Content-Encoding, and its gzip (level 9) and brotli (quality 11) sizes
// computed here with node:zlib, for what a compressing server or proxy would send. Three first
// loads: /console (the sign-in page), a signed-in topic's message view, and a connector's page (the
// two heaviest pages: decoding, the chart).
//   DATABASE_URL=… node scripts/run.js bench/console/first-load.bench.ts
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../test/support/chromium';
import { clusterPath, signInContext, startConsoleBenchStack, type ConsoleBenchStack } from './support';

interface Script {
  file: string;
  raw: number;
  /** Body bytes as transferred (compressed when the server compressed). */
  wire: number;
  encoding: string;
  gzip: number;
  brotli: number;
}

async function firstLoad(
  context: BrowserContext,
  url: string,
  ready: (page: Page) => Promise<void>,
): Promise<{ scripts: Script[]; loadMs: number }> {
  const page = await context.newPage();
  const pending: Promise<Script | null>[] = [];
  page.on('response', (res) => {
    if (res.request().resourceType() !== 'script') return;
    pending.push(
      (async () => {
        const body = await res.body();
        const sizes = await res.request().sizes();
        return {
          file: new URL(res.url()).pathname.replace('/console/assets/', ''),
          raw: body.length,
          wire: sizes.responseBodySize,
          encoding: (await res.headerValue('content-encoding')) ?? 'identity',
          gzip: gzipSync(body, { level: 9 }).length,
          brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
        };
      })().catch(() => null),
    );
  });
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  await ready(page).catch(async (e: unknown) => {
    await page.screenshot({ path: '/tmp/console-bench-failed.png' }).catch(() => undefined);
    throw e;
  });
  await page.waitForLoadState('networkidle');
  const loadMs = Date.now() - t0;
  const scripts = (await Promise.all(pending)).filter((s): s is Script => s !== null);
  await page.close();
  return { scripts, loadMs };
}

const kb = (n: number) => Math.round(n / 102.4) / 10;

function report(name: string, r: { scripts: Script[]; loadMs: number }): void {
  const sum = (k: 'raw' | 'wire' | 'gzip' | 'brotli') => r.scripts.reduce((a, s) => a + s[k], 0);
  console.log(
    JSON.stringify({
      page: name,
      scripts: r.scripts.length,
      rawKB: kb(sum('raw')),
      transferredKB: kb(sum('wire')),
      encodings: [...new Set(r.scripts.map((s) => s.encoding))],
      gzipKB: kb(sum('gzip')),
      brotliKB: kb(sum('brotli')),
      loadMs: r.loadMs,
      files: r.scripts.map((s) => `${s.file} ${kb(s.raw)}/${kb(s.gzip)}/${kb(s.brotli)} KB`),
    }),
  );
}

async function main(): Promise<void> {
  let s: ConsoleBenchStack | undefined;
  const b = await launchChromium();
  try {
    s = await startConsoleBenchStack({ runtime: { capacity: 2 } });
    const bench = s;
    const created = await bench.stack.api.request(
      'POST',
      `/connect/v1/environments/${bench.cluster.environmentId}/clusters/${bench.cluster.clusterId}/connectors`,
      {
        auth: bench.tenant.admin,
        body: {
          name: 'orders',
          config: {
            name: 'orders',
            'connector.class': 'DatagenSource',
            'kafka.api.key': bench.cluster.key.key,
            'kafka.api.secret': bench.cluster.key.secret,
            'kafka.topic': 'orders',
            'output.data.format': 'AVRO',
            quickstart: 'ORDERS',
            'max.interval': '500',
            'tasks.max': '1',
          },
        },
      },
    );
    if (created.status !== 201) throw new Error(`connector: ${created.status} ${created.text}`);

    // each load in a context of its own: an empty HTTP cache, as a first visit has
    const fresh = async (signedIn: boolean) => {
      const ctx = await b.browser.newContext({ viewport: { width: 1280, height: 800 } });
      if (signedIn) await signInContext(ctx, bench);
      return ctx;
    };
    const signIn = await fresh(false);
    report(
      '/console (sign-in)',
      await firstLoad(signIn, `${bench.url}/console`, (p) =>
        p.getByRole('heading', { name: /Sign in/ }).waitFor({ timeout: 60_000 }),
      ),
    );
    await signIn.close();
    const messages = await fresh(true);
    report(
      'topic messages (signed in)',
      await firstLoad(messages, `${bench.url}${clusterPath(bench)}/topics/orders`, (p) =>
        p.locator('table[aria-label="Messages"] tr.msg').first().waitFor({ timeout: 60_000 }),
      ),
    );
    await messages.close();
    const connector = await fresh(true);
    report(
      'connector page (signed in)',
      await firstLoad(connector, `${bench.url}${clusterPath(bench)}/connectors/orders`, (p) =>
        p.getByRole('table', { name: 'Tasks' }).waitFor({ timeout: 60_000 }),
      ),
    );
    await connector.close();
  } finally {
    await b.close().catch(() => undefined);
    await s?.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
