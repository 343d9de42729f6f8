// Cost of the broker's per-request metrics (what every request pays in connection.ts and the
// produce/fetch handlers): one latency observation plus one traffic count, in ns per request, and
// the cost of one scrape with that state. Usage:
//   node scripts/run.js bench/broker/metrics-hot-path.bench.ts [requests=2000000]
import { BrokerMetrics } from '@libs/broker';

const N = Number(process.argv[2] ?? 2_000_000);
const APIS = ['Produce', 'Fetch', 'Metadata', 'Heartbeat', 'OffsetCommit'];
const TENANTS = ['lkc-a', 'lkc-b', 'lkc-c'];

async function main(): Promise<void> {
  const metrics = new BrokerMetrics();
  const run = (n: number) => {
    for (let i = 0; i < n; i++) {
      metrics.observe(APIS[i % APIS.length], (i % 100) / 10_000);
      if (i % 2 === 0) metrics.produced(TENANTS[i % TENANTS.length], 1024, 10);
      else metrics.fetched(TENANTS[i % TENANTS.length], 1024, 10);
    }
  };
  run(200_000); // warm-up
  const t0 = performance.now();
  run(N);
  const nsPerRequest = ((performance.now() - t0) * 1e6) / N;
  const s0 = performance.now();
  const text = await metrics.render();
  const scrapeMs = performance.now() - s0;
  console.log(
    JSON.stringify({
      requests: N,
      nsPerRequest: Math.round(nsPerRequest),
      scrapeMs: +scrapeMs.toFixed(2),
      bytes: text.length,
    }),
  );
}

void main();
