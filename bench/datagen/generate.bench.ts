// Pure Datagen generation throughput (no Kafka, no serialization), one core.
// Run: node scripts/run.js bench/datagen/generate.bench.ts [seconds-per-case]
import { DatagenTaskStream, validateDatagenConfig } from '@libs/datagen';

const seconds = Number(process.argv[2] ?? 3);

function bench(quickstart: string): number {
  const v = validateDatagenConfig({
    'kafka.topic': 'bench',
    quickstart,
    'tasks.max': '1',
    'max.interval': '0',
    'random.seed': '1',
  });
  if (!v.config) throw new Error(JSON.stringify(v.errors));
  const stream = new DatagenTaskStream(v.config, 0);
  let sink = 0;
  // Warm up the JIT before timing.
  for (let i = 0; i < 50_000; i++) sink += stream.next().iteration;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  let n = 0;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 10_000; i++) sink += stream.next().iteration;
    n += 10_000;
    now = process.hrtime.bigint();
  }
  const rate = n / (Number(now - start) / 1e9);
  if (sink < 0) console.log(sink); // keep the work observable
  return rate;
}

const results: Record<string, number> = {};
for (const q of ['TRANSACTIONS', 'ORDERS', 'USERS', 'PAGEVIEWS']) {
  results[q] = bench(q);
  console.log(
    `${q.padEnd(14)} ${Math.round(results[q]).toLocaleString('en-US').padStart(12)} records/s (value + key + headers + offset)`,
  );
}
console.log(`node ${process.version}, ${seconds}s per case, single thread`);
