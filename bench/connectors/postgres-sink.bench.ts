// PostgresSink UPSERT of the ORDERS quickstart (AVRO) into the local Postgres, fed directly to one
// sink task (no broker), against a plain Node script doing the same multi-row upserts with `pg`
// into the same table, in the same run. The records are pre-made as Confluent-framed Avro bytes by
// DatagenTask + AvroConverter; the sink's timed loop deserializes each batch of max.poll.records
// (AvroConverter.toConnectData), applies Flatten$Value (ORDERS has a nested `address` record) and
// calls put() (one transaction per batch). The plain script's rows are ready-made value arrays (the
// flattened records), sent as `INSERT … VALUES (…)×500 ON CONFLICT (orderid) DO UPDATE SET …`, one
// statement per transaction, so the ratio prices what the connector adds: Avro decoding, the
// transform, record checks, binding and statement building. The plain script runs twice: with
// unnamed statements (the server parses each) and with a named prepared statement (as the sink
// sends them). Each run starts on an emptied table (all inserts), then goes again over its own rows
// (all conflicts → updates); the three alternate, `rounds` times, and medians are compared.
// Usage: node scripts/run.js bench/connectors/postgres-sink.bench.ts [records=200000] [rounds=3]
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { SinkRecord, Struct, type Props } from '@libs/connect-spi';
import { TransformationChain } from '@libs/connect-transforms';
import { InMemorySchemaRegistry } from '@libs/schema-registry';
import { converterFor, deserializeWith, serializeWith } from '@libs/connect-converters';
import { DatagenTask, EgressPolicy, PostgresSinkTask } from '@libs/connectors';

const total = Number(process.argv[2] ?? 200_000);
const BATCH = 500; // max.poll.records default
const ROUNDS = Number(process.argv[3] ?? 3);
const SERVER = { host: '127.0.0.1', port: 5432, user: 'postgres' };

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
const fmt = (n: number) => n.toLocaleString('en-US');

void (async () => {
  const registry = new InMemorySchemaRegistry();
  const avro = converterFor('AVRO', { client: registry });
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
  const framed: { key: string; value: Buffer }[] = [];
  while (framed.length < total)
    for (const r of (await gen.poll())!) {
      if (framed.length >= total) break;
      framed.push({ key: String(r.key), value: (await serializeWith(avro, 'orders', null, r.valueSchema, r.value))! });
    }
  gen.stop();

  const dbName = `cp_pgbench_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ ...SERVER, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const db = new Client({ ...SERVER, database: dbName });
  await db.connect();
  const props: Props = {
    name: 'bench',
    'connection.host': SERVER.host,
    'connection.port': String(SERVER.port),
    'connection.user': SERVER.user,
    'connection.password': '',
    'db.name': dbName,
    topics: 'orders',
    'input.data.format': 'AVRO',
    'insert.mode': 'UPSERT',
    'pk.mode': 'record_value',
    'pk.fields': 'orderid',
    'auto.create': 'true',
    'tasks.max': '1',
    'task.id': '0',
    transforms: 'flatten',
    'transforms.flatten.type': 'org.apache.kafka.connect.transforms.Flatten$Value',
    'transforms.flatten.delimiter': '_',
  };
  const chain = TransformationChain.fromConfig<SinkRecord>(props as Record<string, string>);
  try {
    // the sink: deserialize, transform, put() per batch
    const runSink = async (): Promise<number> => {
      const task = new PostgresSinkTask();
      // Postgres here is also the platform's database server, which the default policy refuses
      task.hooks.policy = new EgressPolicy({ devMode: true });
      await task.start(props);
      const reader = converterFor('AVRO', { client: registry });
      const t0 = performance.now();
      for (let i = 0; i < framed.length; i += BATCH) {
        const recs: SinkRecord[] = [];
        for (let j = i; j < Math.min(i + BATCH, framed.length); j++) {
          const v = await deserializeWith(reader, 'orders', null, framed[j].value);
          recs.push(chain.apply(new SinkRecord('orders', 0, null, framed[j].key, v.schema, v.value, j))!);
        }
        await task.put(recs);
      }
      const ms = performance.now() - t0;
      await task.stop();
      return ms;
    };

    // the table and the plain script's rows (untimed): the flattened records as value arrays
    await runSink();
    const cols = (
      await db.query(
        `SELECT column_name c FROM information_schema.columns WHERE table_name = 'orders' ORDER BY ordinal_position`,
      )
    ).rows.map((r) => r.c as string);
    const reader = converterFor('AVRO', { client: registry });
    const rows: unknown[][] = [];
    for (let j = 0; j < framed.length; j++) {
      const v = await deserializeWith(reader, 'orders', null, framed[j].value);
      const flat = chain.apply(new SinkRecord('orders', 0, null, null, v.schema, v.value, j))!.value as Struct;
      rows.push(
        cols.map((c) => {
          const x = flat.get(c);
          return x instanceof Date ? x.toISOString().replace('T', ' ').replace('Z', '') : x;
        }),
      );
    }
    const q = (c: string) => `"${c}"`;
    const head = `INSERT INTO "orders" (${cols.map(q).join(',')}) VALUES `;
    const tail = ` ON CONFLICT ("orderid") DO UPDATE SET ${cols
      .filter((c) => c !== 'orderid')
      .map((c) => `${q(c)}=EXCLUDED.${q(c)}`)
      .join(',')}`;
    // `prepared`: the statement named, so the server parses it once per connection (as the sink does)
    const runPlain = async (prepared: boolean): Promise<number> => {
      const c = new Client({ ...SERVER, database: dbName });
      await c.connect();
      const t0 = performance.now();
      for (let i = 0; i < rows.length; i += BATCH) {
        const chunk = rows.slice(i, i + BATCH);
        let n = 0;
        const text = head + chunk.map((r) => `(${r.map(() => `$${++n}`).join(',')})`).join(',') + tail;
        await c.query({ ...(prepared ? { name: `plain_${chunk.length}` } : {}), text, values: chunk.flat() });
      }
      const ms = performance.now() - t0;
      await c.end();
      return ms;
    };

    const load = () =>
      loadavg()
        .map((x) => x.toFixed(2))
        .join(' ');
    console.log(
      `PostgresSink UPSERT ORDERS (AVRO, Flatten), ${fmt(total)} records, batches of ${BATCH}, load ${load()}`,
    );
    const runs: Record<string, () => Promise<number>> = {
      sink: runSink,
      'plain, unnamed statements': () => runPlain(false),
      'plain, prepared statements': () => runPlain(true),
    };
    const rates: Record<string, { fresh: number[]; updates: number[] }> = {};
    for (let round = 1; round <= ROUNDS; round++)
      for (const [name, run] of Object.entries(runs)) {
        await db.query('TRUNCATE orders');
        const r = (rates[name] ??= { fresh: [], updates: [] });
        r.fresh.push(rate(total, await run())); // every row new
        r.updates.push(rate(total, await run())); // every row a conflict → update
      }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const sink = rates.sink;
    for (const [name, r] of Object.entries(rates))
      console.log(
        `  ${name.padEnd(27)} new rows ${r.fresh.map(fmt).join(' / ')} rows/s; updates ${r.updates.map(fmt).join(' / ')} rows/s` +
          (name === 'sink'
            ? ''
            : `\n  ${''.padEnd(27)} sink ÷ this (medians): new rows ${(median(sink.fresh) / median(r.fresh)).toFixed(2)}, updates ${(median(sink.updates) / median(r.updates)).toFixed(2)}`),
      );
    console.log(`  load after: ${load()}`);
  } finally {
    await db.end();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
})();
