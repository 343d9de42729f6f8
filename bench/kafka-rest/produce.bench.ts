// Kafka REST v3 produce throughput, records/s, against the embedded broker:
//   1. streaming mode: one chunked POST …/records carrying N concatenated records (the only way v3
//      batches), reports read as they arrive; also S such streams in parallel;
//   2. for contrast, one record per request at concurrency C.
// API and broker run in this process (like the e2e tests), on the migrated test database.
//   node scripts/run.js bench/kafka-rest/produce.bench.ts [records=200000] [valueBytes=100] [streams=4]
import { request as httpRequest } from 'node:http';
import { startKafkaRestEnv, kr } from '../../test/e2e/kafka-rest/support';
import { basic, type Credentials } from '../../test/support/http-client';

const N = Number(process.argv[2] ?? 200_000);
const VALUE_BYTES = Number(process.argv[3] ?? 100);
const STREAMS = Number(process.argv[4] ?? 4);
const PER_CHUNK = 500;

function stream(baseUrl: string, path: string, auth: Credentials, count: number, partition: number): Promise<number> {
  const value = 'x'.repeat(VALUE_BYTES);
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    let ok = 0;
    const req = httpRequest(
      {
        method: 'POST',
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        headers: { authorization: basic(auth), 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      },
      (res) => {
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          buf += d;
          let i: number;
          while ((i = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, i);
            buf = buf.slice(i + 1);
            if (line.startsWith('{"error_code":200')) ok++;
            else if (line.trim()) reject(new Error(`failed report: ${line}`));
          }
        });
        res.on('end', () => resolve(ok));
      },
    );
    req.on('error', reject);
    let sent = 0;
    const pump = () => {
      while (sent < count) {
        const n = Math.min(PER_CHUNK, count - sent);
        let chunk = '';
        for (let j = 0; j < n; j++)
          chunk += JSON.stringify({
            partition_id: partition,
            key: { type: 'STRING', data: `k${sent + j}` },
            value: { type: 'STRING', data: value },
          });
        sent += n;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

async function main(): Promise<void> {
  const env = await startKafkaRestEnv();
  try {
    const base = kr(env.clusterId);
    const t = await env.api.request('POST', `${base}/topics`, {
      auth: env.key,
      body: { topic_name: 'bench', partitions_count: STREAMS },
    });
    if (t.status !== 201) throw new Error(t.text);
    const path = `${base}/topics/bench/records`;
    // Warm-up (JIT, kafkajs connections).
    await stream(env.api.baseUrl, path, env.key, 5000, 0);

    let start = process.hrtime.bigint();
    const one = await stream(env.api.baseUrl, path, env.key, N, 0);
    let secs = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(
      `streaming, 1 request:  ${one} records in ${secs.toFixed(2)} s = ${Math.round(one / secs)} records/s (${VALUE_BYTES}-byte values)`,
    );

    start = process.hrtime.bigint();
    const counts = await Promise.all(
      Array.from({ length: STREAMS }, (_, p) => stream(env.api.baseUrl, path, env.key, Math.floor(N / STREAMS), p)),
    );
    secs = Number(process.hrtime.bigint() - start) / 1e9;
    const total = counts.reduce((a, b) => a + b, 0);
    console.log(
      `streaming, ${STREAMS} requests: ${total} records in ${secs.toFixed(2)} s = ${Math.round(total / secs)} records/s`,
    );

    const single = Math.min(5000, N);
    const C = 16;
    let next = 0;
    start = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: C }, async () => {
        while (next < single) {
          next++;
          const r = await env.api.request('POST', path, {
            auth: env.key,
            body: { value: { type: 'STRING', data: 'x'.repeat(VALUE_BYTES) } },
          });
          if (r.status !== 200) throw new Error(r.text);
        }
      }),
    );
    secs = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(
      `one record per request, ${C} concurrent: ${single} records in ${secs.toFixed(2)} s = ${Math.round(single / secs)} records/s`,
    );
  } finally {
    await env.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
