// HttpSinkV2 through the real runtime: a 6-partition topic on the embedded broker is pre-filled with
// ORDERS-like JSON records, then an HttpSinkV2 connector (one task, JSON arrays of max.batch.size)
// is run by a worker process: consumer group, JsonConverter, batching, undici keep-alive requests to
// a local node:http server in a child process that answers 200 at once, and one success-topic
// record per input record produced back to the broker. records/s = records the server received
// between the first and the last; the run ends when the success topic holds every record too.
//   node scripts/run.js bench/connectors/http-sink-worker.bench.ts [records=200000] [max.batch.size=500]
//   (npm run build && WORKER_FROM_DIST=1 … for the compiled worker as `npm start` runs it)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { PLATFORM_USER_PREFIX, platformBrokerPassword } from '@libs/kafka-clients';
import { createConnector, platformKafka, runtimeFixture, spawnWorker } from '../../test/runtime/support';
import { waitFor } from '../../test/support/wait-for';
import { prefillJsonOrders, recordsIn, stopWorker, timeCount } from '../support/sink-bench';

const RECORDS = Number(process.argv[2] ?? 200_000);
const BATCH = Number(process.argv[3] ?? 500);
const TOPIC = 'orders';

// counts the records of each JSON-array body; GET /count reports the total
const SERVER = `
const http = require('node:http');
let records = 0;
const s = http.createServer((req, res) => {
  if (req.method === 'GET') { res.end(String(records)); return; }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    records += JSON.parse(Buffer.concat(chunks).toString()).length;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
});
s.keepAliveTimeout = 60000;
s.listen(0, '127.0.0.1', () => process.stdout.write(String(s.address().port) + '\\n'));
`;

async function main(): Promise<void> {
  const f = await runtimeFixture();
  const server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const worker = spawnWorker(f, 'http-sink-bench', { LOG_LEVEL: 'warn' });
  try {
    const [line] = (await once(server.stdout!, 'data')) as [Buffer];
    const url = `http://127.0.0.1:${Number(line.toString().trim())}`;
    const received = async () => Number(await (await fetch(`${url}/count`)).text());
    const kafka = platformKafka(f, 'http-sink-bench');
    await prefillJsonOrders(kafka, TOPIC, RECORDS, 6);
    await worker.ready;
    const reportsBefore = await recordsIn(f);
    await createConnector(f, 'HttpSinkV2', {
      name: 'http-bench',
      topics: TOPIC,
      'input.data.format': 'JSON',
      'http.api.base.url': url,
      'api1.http.api.path': '/ingest/${topic}',
      'api1.max.batch.size': String(BATCH),
      'api1.batch.json.as.array': 'true',
      // the fixture's broker knows only the platform identity: the task (and its reporter) log in as it
      'kafka.api.key': `${PLATFORM_USER_PREFIX}${f.clusterId}`,
      'kafka.api.secret': platformBrokerPassword(f.config.apiKeyPepper, f.clusterId),
      'tasks.max': '1',
    });
    const { firstAt, last, seconds, perSec } = await timeCount('records', received, RECORDS, 50);
    const reported = await waitFor(
      'success topic',
      async () => {
        const n = (await recordsIn(f)) - reportsBefore;
        return n >= RECORDS ? performance.now() : undefined;
      },
      600_000,
      50,
    );
    console.log(
      JSON.stringify({
        maxBatchSize: BATCH,
        records: last,
        seconds: Number(seconds.toFixed(2)),
        recordsPerSec: perSec,
        successTopicDoneSecondsAfterFirst: Number(((reported - firstAt) / 1000).toFixed(2)),
      }),
    );
  } finally {
    await stopWorker(worker.proc);
    server.kill();
    await f.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
