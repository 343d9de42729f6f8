// MySqlSink UPSERT of the ORDERS quickstart (AVRO) into MariaDB, fed directly to the sink task(s)
// (no broker): a "topic" of 6 partitions is pre-filled in memory with Confluent-framed Avro bytes
// produced by DatagenTask + AvroConverter; the timed loop deserializes each batch of
// max.poll.records (AvroConverter.toConnectData), applies Flatten$Value (ORDERS has a nested
// `address` record, which the JDBC sink cannot map), and calls put() (one transaction per batch).
// Tasks split the partitions like a consumer group and run concurrently in this one process.
// Usage: node scripts/run.js bench/connectors/mysql-sink.bench.ts [records=200000] [tasks=1]
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { SinkRecord, type Props } from '@libs/connect-spi';
import { TransformationChain } from '@libs/connect-transforms';
import { InMemorySchemaRegistry } from '@libs/schema-registry';
import { converterFor, deserializeWith, serializeWith } from '@libs/connect-converters';
import { DatagenTask, EgressPolicy, MySqlSinkTask } from '@libs/connectors';

const total = Number(process.argv[2] ?? 200_000);
const tasks = Number(process.argv[3] ?? 1);
const PARTITIONS = 6;
const BATCH = 500; // max.poll.records default

void (async () => {
  const registry = new InMemorySchemaRegistry();
  const avro = converterFor('AVRO', { client: registry });
  // pre-fill: 6 partitions of framed Avro values, round-robin
  const gen = new DatagenTask();
  const gp: Props = {
    'kafka.topic': 'orders',
    quickstart: 'ORDERS',
    'max.interval': '0',
    'tasks.max': '1',
    'task.id': '0',
    'output.data.format': 'AVRO',
    'random.seed': '7',
  };
  gen.initialize({ configs: gp, offsetStorageReader: { offset: async () => null, offsets: async () => new Map() } });
  await gen.start(gp);
  const parts: { key: string; value: Buffer }[][] = Array.from({ length: PARTITIONS }, () => []);
  let i = 0;
  while (i < total) {
    for (const r of (await gen.poll())!) {
      if (i >= total) break;
      parts[i % PARTITIONS].push({
        key: String(r.key),
        value: (await serializeWith(avro, 'orders', null, r.valueSchema, r.value))!,
      });
      i++;
    }
  }
  gen.stop();

  const db = `cp_bench_${randomBytes(3).toString('hex')}`;
  const admin = await createConnection({ host: '127.0.0.1', user: 'root', password: '' });
  await admin.query(`CREATE DATABASE ${db}`);
  try {
    const props: Props = {
      name: 'bench',
      'connection.host': '127.0.0.1',
      'connection.port': '3306',
      'connection.user': 'root',
      'connection.password': '',
      'db.name': db,
      topics: 'orders',
      'input.data.format': 'AVRO',
      'insert.mode': 'UPSERT',
      'pk.mode': 'record_value',
      'pk.fields': 'orderid',
      'auto.create': 'true',
      'tasks.max': String(tasks),
      transforms: 'flatten',
      'transforms.flatten.type': 'org.apache.kafka.connect.transforms.Flatten$Value',
      'transforms.flatten.delimiter': '_',
    };
    const policy = new EgressPolicy({ devMode: true });
    const runTask = async (t: number): Promise<number> => {
      const task = new MySqlSinkTask();
      task.hooks.policy = policy;
      await task.start({ ...props, 'task.id': String(t) });
      const reader = converterFor('AVRO', { client: registry }); // each task has its own converter
      const chain = TransformationChain.fromConfig<SinkRecord>(props as Record<string, string>);
      let n = 0;
      const mine = parts.map((p, idx) => ({ p, idx })).filter((x) => x.idx % tasks === t);
      const cursors = mine.map(() => 0);
      for (;;) {
        let progressed = false;
        for (let m = 0; m < mine.length; m++) {
          const { p, idx } = mine[m];
          if (cursors[m] >= p.length) continue;
          const slice = p.slice(cursors[m], cursors[m] + BATCH);
          const recs: SinkRecord[] = [];
          for (let j = 0; j < slice.length; j++) {
            const v = await deserializeWith(reader, 'orders', null, slice[j].value);
            const rec = new SinkRecord('orders', idx, null, slice[j].key, v.schema, v.value, cursors[m] + j);
            recs.push(chain.apply(rec)!);
          }
          await task.put(recs);
          cursors[m] += slice.length;
          n += slice.length;
          progressed = true;
        }
        if (!progressed) break;
      }
      await task.stop();
      return n;
    };
    // warm-up: creates the table
    const t0 = performance.now();
    const counts = await Promise.all(Array.from({ length: tasks }, (_, t) => runTask(t)));
    const s = (performance.now() - t0) / 1000;
    const n = counts.reduce((a, b) => a + b, 0);
    const [[row]] = (await admin.query(`SELECT COUNT(*) AS c FROM ${db}.orders`)) as unknown as [[{ c: number }]];
    console.log(
      `MySqlSink UPSERT ORDERS (AVRO), ${tasks} task(s): ${Math.round(n / s).toLocaleString('en-US')} rows/s (${n} records in ${s.toFixed(2)} s, ${row.c} rows in the table)`,
    );
    // second pass: the same records again (pure updates, idempotent)
    const t1 = performance.now();
    await Promise.all(Array.from({ length: tasks }, (_, t) => runTask(t)));
    const s1 = (performance.now() - t1) / 1000;
    console.log(
      `  re-delivery of the same ${n} records (all duplicates → updates): ${Math.round(n / s1).toLocaleString('en-US')} rows/s`,
    );
  } finally {
    await admin.query(`DROP DATABASE ${db}`);
    await admin.end();
  }
})();
