// The topic message view in Chromium while a Datagen (ORDERS, AVRO) writes about 1,000 records/s
// (issue 19: the view keeps up without freezing the page). The real stack in this process (API,
// embedded broker, connect runtime), the console signed in through sessionStorage, its live tail
// open on the topic for SECONDS. Measured in the page: frames (requestAnimationFrame: rate and the
// gaps between frames), long tasks (PerformanceObserver 'longtask', ≥ 50 ms), the JS heap (CDP
// Performance.getMetrics after a forced GC, at the start and the end), the records the view
// received against those the topic got (its high watermarks), how old the newest row shown is at
// the end, and how long a click on "Pause live" takes to show.
//   TEST_DATABASE_URL=… node scripts/run.js bench/console/message-view.bench.ts [seconds=30] [tasks=2] [max.interval=1] [partitions=6]
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../../test/support/chromium';
import { clusterKafka } from '../../test/support/stack-harness';
import { waitFor } from '../../test/support/wait-for';
import { percentile } from '../support/percentile';
import { clusterPath, signInContext, startConsoleBenchStack, type ConsoleBenchStack } from './support';

const SECONDS = Number(process.argv[2] ?? 30);
const TASKS = Number(process.argv[3] ?? 2);
const MAX_INTERVAL = Number(process.argv[4] ?? 1);
const PARTITIONS = Number(process.argv[5] ?? 6);
const TOPIC = 'orders';

/**
 * Installed before the console's own scripts: counts frames and long tasks from the first paint.
 * (Page code as text: the root tsconfig has no DOM types.)
 */
const INSTRUMENT = `
  window.__bench = { frames: 0, gaps: [], longTasks: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
  let last = performance.now();
  const tick = (t) => {
    window.__bench.gaps.push(t - last);
    window.__bench.frames++;
    last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
`;

interface PageStats {
  frames: number;
  gaps: number[];
  longTasks: number[];
}
/** The counts since the last call (and starts new ones). */
const takeStats = (page: Page) =>
  page.evaluate<PageStats>(
    '(() => { const out = window.__bench; window.__bench = { frames: 0, gaps: [], longTasks: [] }; return out; })()',
  );

/** "1234 received, 56 skipped to keep up, …" under the view's form. */
async function counters(page: Page): Promise<{ received: number; skipped: number }> {
  const text = (await page.getByText(/\d+ received/).textContent()) ?? '';
  return {
    received: Number(/(\d+) received/.exec(text)?.[1] ?? NaN),
    skipped: Number(/(\d+) skipped/.exec(text)?.[1] ?? 0),
  };
}
const received = async (page: Page) => (await counters(page)).received;

/** Rows drawn, and the newest record time among them (the timestamp cell is UTC, "T" and "Z" dropped). */
const newestShown = (page: Page) =>
  page.$$eval('table[aria-label="Messages"] tr.msg td:nth-child(4)', (cells) => ({
    rows: cells.length,
    newestAt: Math.max(...cells.map((c) => Date.parse(`${(c.textContent ?? '').replace(' ', 'T')}Z`))),
  }));

async function heapMB(cdp: CDPSession, gc: boolean): Promise<number> {
  if (gc) await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
  return Math.round((used / 1048576) * 10) / 10;
}

/** PROFILE=<seconds>: the page's CPU profile, self time by function (and by URL). */
async function profile(cdp: CDPSession, seconds: number): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const { profile: p } = await cdp.send('Profiler.stop');
  const dt = new Map<number, number>();
  (p.samples ?? []).forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (p.timeDeltas?.[i] ?? 0) / 1000));
  const byFn = new Map<string, number>();
  for (const n of p.nodes) {
    const f = n.callFrame;
    const k = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    byFn.set(k, (byFn.get(k) ?? 0) + (dt.get(n.id) ?? 0));
  }
  const top = [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 25);
  for (const [k, ms] of top) console.log(`profile ${Math.round(ms)} ms  ${k}`);
}

async function main(): Promise<void> {
  let s: ConsoleBenchStack | undefined;
  const b = await launchChromium();
  const kafkaAdmin = () => clusterKafka(s!.stack, s!.cluster, 'console-bench').admin();
  try {
    s = await startConsoleBenchStack({ runtime: { capacity: TASKS + 2 } });
    const bench = s;
    const admin = kafkaAdmin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }] });
    const ends = async () => {
      const offs = await admin.fetchTopicOffsets(TOPIC);
      return new Map(offs.map((o) => [o.partition, Number(o.high)]));
    };
    const total = (m: Map<number, number>) => [...m.values()].reduce((a, v) => a + v, 0);

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
            'kafka.topic': TOPIC,
            'output.data.format': 'AVRO',
            quickstart: 'ORDERS',
            'max.interval': String(MAX_INTERVAL),
            'tasks.max': String(TASKS),
          },
        },
      },
    );
    if (created.status !== 201) throw new Error(`connector: ${created.status} ${created.text}`);
    await waitFor('Datagen writing', async () => (total(await ends()) > 500 ? true : undefined), 60_000, 250).catch(
      async (e: Error) => {
        const st = await bench.stack.api.request(
          'GET',
          `/connect/v1/environments/${bench.cluster.environmentId}/clusters/${bench.cluster.clusterId}/connectors/orders/status`,
          { auth: bench.tenant.admin },
        );
        throw new Error(`${e.message}: ${st.text.slice(0, 2000)}`);
      },
    );
    await new Promise((r) => setTimeout(r, 10_000)); // every task started, past the first schema look-ups
    // the produce rate alone, before the browser adds its load
    const r0 = total(await ends());
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 5000));
    const alone = Math.round((total(await ends()) - r0) / ((Date.now() - t0) / 1000));

    const context = await b.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await signInContext(context, bench);
    await context.addInitScript(INSTRUMENT);
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${bench.url}${clusterPath(bench)}/topics/${TOPIC}`);
    await page.locator('table[aria-label="Messages"] tr.msg').first().waitFor();
    await new Promise((r) => setTimeout(r, 2000)); // the first reads and decodes, schema look-ups

    await takeStats(page);
    const heapStart = await heapMB(cdp, true);
    const recvStart = await received(page);
    const endsStart = await ends();
    const start = Date.now();
    const samples: unknown[] = [];
    let heapPeak = heapStart;
    while (Date.now() - start < SECONDS * 1000) {
      await new Promise((r) => setTimeout(r, 5000));
      const heap = await heapMB(cdp, false);
      heapPeak = Math.max(heapPeak, heap);
      samples.push({
        s: Math.round((Date.now() - start) / 1000),
        produced: total(await ends()) - total(endsStart),
        received: (await received(page)) - recvStart,
        heapMB: heap,
      });
    }
    const elapsed = (Date.now() - start) / 1000;
    const stats = await takeStats(page);
    const { received: recvEnd, skipped } = await counters(page);
    const endsEnd = await ends();
    const shown = await newestShown(page);
    const newestAgeMs = Date.now() - shown.newestAt;
    const heapEnd = await heapMB(cdp, true);
    // after the figures: the profiler itself slows the page
    if (process.env.PROFILE) await profile(cdp, Number(process.env.PROFILE) || 10);
    const c0 = Date.now();
    await page.getByRole('button', { name: 'Pause live' }).click();
    await page.getByRole('button', { name: 'Resume live' }).waitFor();
    const clickMs = Date.now() - c0;

    const produced = total(endsEnd) - total(endsStart);
    const gaps = [...stats.gaps].sort((a, c) => a - c);
    const round = (n: number) => Math.round(n * 10) / 10;
    for (const x of samples) console.log(JSON.stringify(x));
    console.log(
      JSON.stringify({
        seconds: round(elapsed),
        tasks: TASKS,
        maxIntervalMs: MAX_INTERVAL,
        partitions: PARTITIONS,
        produceRateAlone: alone,
        produceRate: Math.round(produced / elapsed),
        produced,
        received: recvEnd - recvStart,
        receivedShare: round(((recvEnd - recvStart) / produced) * 100),
        skippedToKeepUp: skipped,
        rowsShown: shown.rows,
        newestRowAgeMs: newestAgeMs,
        fps: round(stats.frames / elapsed),
        frameGapMs: {
          p50: round(percentile(gaps, 50)),
          p99: round(percentile(gaps, 99)),
          max: round(gaps[gaps.length - 1] ?? NaN),
          over50: gaps.filter((g) => g > 50).length,
          over100: gaps.filter((g) => g > 100).length,
        },
        longTasks: {
          count: stats.longTasks.length,
          totalMs: Math.round(stats.longTasks.reduce((a, d) => a + d, 0)),
          maxMs: Math.round(Math.max(0, ...stats.longTasks)),
        },
        heapMB: { start: heapStart, peak: heapPeak, end: heapEnd },
        pauseClickMs: clickMs,
      }),
    );
    await admin.disconnect();
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
