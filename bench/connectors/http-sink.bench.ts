// HttpSinkV2 records/s (issue 16: ≥ 20k records/s batched), the task alone: SinkRecords (ORDERS-like
// JSON values, as the runtime hands them after JsonConverter) given to HttpSinkTask.put() in
// batches of max.poll.records (500), sent to a local node:http server in a child process (its own
// event loop) that reads each body and answers 200 at once. Keep-alive, 8 connections, the egress
// check on each new connection, retries armed. The success-topic produce is replaced by an
// in-memory writer that only counts (the broker is not what is measured here).
// Usage: node scripts/run.js bench/connectors/http-sink.bench.ts [records=200000] [batch sizes=1,100,500]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { SinkRecord, Schemas, type Props } from '@libs/connect-spi';
import { EgressPolicy, httpSinkHooks, HttpSinkTask } from '@libs/connectors';
import { sinkTaskContext } from '../../libs/connectors/test/sink-task-context';

const total = Number(process.argv[2] ?? 200_000);
const sizes = (process.argv[3] ?? '1,100,500').split(',').map(Number);
const POLL = 500;

const SERVER = `
const http = require('node:http');
let records = 0;
const s = http.createServer((req, res) => {
  let n = 0;
  req.on('data', (c) => (n += c.length));
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); });
});
s.keepAliveTimeout = 60000;
s.listen(0, '127.0.0.1', () => process.stdout.write(String(s.address().port) + '\\n'));
`;

function record(i: number): SinkRecord {
  const value = {
    ordertime: 1500000000000 + i,
    orderid: i,
    itemid: `Item_${i % 1000}`,
    orderunits: (i % 97) / 7,
    address: { city: `City_${i % 50}`, state: `State_${i % 20}`, zipcode: 10000 + (i % 9000) },
  };
  return new SinkRecord(
    'orders',
    i % 6,
    Schemas.OPTIONAL_STRING_SCHEMA,
    String(i),
    null,
    value,
    i,
    Date.now(),
    'CreateTime',
  );
}

void (async () => {
  const server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(server.stdout!, 'data')) as [Buffer];
  const port = Number(line.toString().trim());
  httpSinkHooks.policy = new EgressPolicy({ devMode: true });
  let reported = 0;
  const records = Array.from({ length: total }, (_, i) => record(i));
  try {
    for (const size of sizes) {
      const props: Props = {
        name: 'bench',
        'tasks.max': '1',
        topics: 'orders',
        'input.data.format': 'JSON',
        'http.api.base.url': `http://127.0.0.1:${port}`,
        'api1.http.api.path': '/ingest/${topic}',
        'api1.max.batch.size': String(size),
        'api1.batch.json.as.array': size > 1 ? 'true' : 'false',
      };
      const task = new HttpSinkTask();
      // the success reports are counted, not written (the worker's writer is the runtime's producer)
      task.initialize(sinkTaskContext(props, async (_topic, out) => void (reported += out.length)));
      task.start(props);
      // warm-up: the connection, JIT
      await task.put(records.slice(0, POLL));
      reported = 0;
      const n = size === 1 ? Math.min(total, 20_000) : total;
      const t0 = performance.now();
      for (let i = 0; i < n; i += POLL) await task.put(records.slice(i, Math.min(n, i + POLL)));
      const s = (performance.now() - t0) / 1000;
      await task.stop();
      if (reported !== n) throw new Error(`reported ${reported} of ${n}`);
      console.log(
        `max.batch.size=${size}: ${n} records in ${s.toFixed(2)} s = ${Math.round(n / s).toLocaleString('en-US')} records/s`,
      );
    }
  } finally {
    server.kill();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
