// The sinks write int64 values beyond ±2^53 and the Java long limits exactly: PostgresSink and
// MySqlSink (real servers on 5432 / 3306, BIGINT columns and a Postgres bigint[]), HttpSinkV2's
// templated bodies, and the S3 sink's JSON, Avro and Parquet files.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import * as avro from 'avsc';
import { createConnection, type Connection } from 'mysql2/promise';
import { Client } from 'pg';
import { avscTypeOf, type AvroJson } from '@libs/connect-converters';
import { SchemaBuilder, SinkRecord, Struct, type Props } from '@libs/connect-spi';
import { EgressPolicy, MySqlSinkConnector, MySqlSinkTask, PostgresSinkConnector, PostgresSinkTask } from '../src';
import { renderTemplate } from '../src/http-sink/templates';
import { jsonConverter, newEncoder } from '../src/s3-sink/formats';
import { jsonLines, parquetRows } from './s3-files';
import { rec } from './sink-records';

const EXTREMES = [2n ** 53n + 1n, -(2n ** 53n + 1n), -(2n ** 63n), 2n ** 63n - 1n];

const schema = SchemaBuilder.struct()
  .name('shop.Row')
  .field('id', SchemaBuilder.int64().build())
  .field('v', SchemaBuilder.int64().optional().build())
  .build();
const arraySchema = SchemaBuilder.struct()
  .name('shop.Rows')
  .field('id', SchemaBuilder.int64().build())
  .field('vs', SchemaBuilder.array(SchemaBuilder.int64().build()).build())
  .build();

/** id = the extreme, v = its negation when that is a long too (−(−2^63) is not). */
const row = (id: bigint) => new Struct(schema).put('id', id).put('v', id === -(2n ** 63n) ? null : -id);
const expected = EXTREMES.map((id) => [String(id), id === -(2n ** 63n) ? null : String(-id)]);
const byId = (a: (string | null)[], b: (string | null)[]) => (BigInt(a[0]!) < BigInt(b[0]!) ? -1 : 1);

const DB = `cp_int64_${randomBytes(4).toString('hex')}`;
const dev = new EgressPolicy({ devMode: true });
const sinkProps = (port: number, user: string, topic: string): Props => ({
  name: 'int64-sink',
  'connection.host': '127.0.0.1',
  'connection.port': String(port),
  'connection.user': user,
  'connection.password': '',
  'db.name': DB,
  'input.data.format': 'AVRO',
  topics: topic,
  'tasks.max': '1',
  'auto.create': 'true',
  'insert.mode': 'INSERT',
});

describe('PostgresSink and int64', () => {
  let admin: Client;
  let db: Client;
  const task = new PostgresSinkTask();
  before(async () => {
    admin = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${DB}`);
    db = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: DB });
    await db.connect();
    PostgresSinkConnector.egressPolicyOverride = dev;
  });
  after(async () => {
    await task.stop().catch(() => undefined);
    await db.end();
    await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await admin.end();
    PostgresSinkConnector.egressPolicyOverride = null;
  });

  it('writes BIGINT and bigint[] columns exactly', async () => {
    await task.start({ ...sinkProps(5432, 'postgres', 'pgrows,pgarrays'), 'connector.class': 'PostgresSink' });
    await task.put(EXTREMES.map((id) => rec('pgrows', row(id))));
    await task.put([rec('pgarrays', new Struct(arraySchema).put('id', 1).put('vs', EXTREMES))]);
    const r = await db.query('SELECT id::text, v::text FROM pgrows');
    assert.deepEqual(r.rows.map((x) => [x.id, x.v]).sort(byId), [...expected].sort(byId));
    const a = await db.query('SELECT vs::text FROM pgarrays');
    assert.equal(a.rows[0].vs, `{${EXTREMES.join(',')}}`);
  });
});

describe('MySqlSink and int64', () => {
  let admin: Connection;
  const task = new MySqlSinkTask();
  before(async () => {
    admin = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
    await admin.query(`CREATE DATABASE ${DB}`);
    MySqlSinkConnector.egressPolicyOverride = dev;
  });
  after(async () => {
    await task.stop().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
    await admin.end();
    MySqlSinkConnector.egressPolicyOverride = null;
  });

  it('writes BIGINT columns exactly', async () => {
    await task.start({ ...sinkProps(3306, 'root', 'myrows'), 'connector.class': 'MySqlSink' });
    await task.put(EXTREMES.map((id) => rec('myrows', row(id))));
    const [r] = await admin.query(`SELECT CAST(id AS CHAR) id, CAST(v AS CHAR) v FROM ${DB}.myrows`);
    const got = (r as { id: string; v: string | null }[]).map((x) => [x.id, x.v]);
    assert.deepEqual(got.sort(byId), [...expected].sort(byId));
  });
});

describe('HttpSinkV2 templates and int64', () => {
  it('inserts int64 fields and structures holding them with exact digits', () => {
    for (const id of EXTREMES) {
      const r = new SinkRecord('t', 0, null, null, schema, row(id), 0);
      assert.equal(renderTemplate('${id}', r), String(id));
      const nested = SchemaBuilder.struct().field('row', schema).build();
      const n = new SinkRecord('t', 0, null, null, nested, new Struct(nested).put('row', row(id)), 0);
      assert.equal(renderTemplate('${row}', n), `{"id":${id},"v":${id === -(2n ** 63n) ? 'null' : -id}}`);
    }
  });
});

describe('S3 sink files and int64', () => {
  const records = EXTREMES.map((id, i) => new SinkRecord('t', 0, null, null, schema, row(id), i));
  const settings = { codec: 'none' as const, gzipLevel: -1, json: jsonConverter(false) };

  it('JSON lines carry the exact digits', async () => {
    const e = newEncoder({ ...settings, format: 'JSON' }, schema, 'k.json');
    for (const r of records) e.add(r);
    const text = (await e.finish()).toString('utf8');
    assert.deepEqual(
      text.trim().split('\n'),
      EXTREMES.map((id) => `{"id":${id},"v":${id === -(2n ** 63n) ? 'null' : -id}}`),
    );
    assert.equal(jsonLines(Buffer.from(text), 'k.json').length, 4);
  });

  it('Avro container files hold 64-bit longs (read back with a 64-bit long type)', async () => {
    const e = newEncoder({ ...settings, format: 'AVRO' }, schema, 'k.avro');
    for (const r of records) e.add(r);
    const body = await e.finish();
    const decoder = new avro.streams.BlockDecoder({
      parseHook: (s: unknown) => avscTypeOf(s as AvroJson),
    } as ConstructorParameters<typeof avro.streams.BlockDecoder>[0]);
    const got: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      decoder.on('data', (x: unknown) => got.push(x));
      decoder.on('end', resolve);
      decoder.on('error', reject);
      decoder.end(body);
    });
    assert.deepEqual(
      got.map((x) => ({ ...(x as object) })),
      EXTREMES.map((id) => ({ id, v: id === -(2n ** 63n) ? null : -id })),
    );
  });

  it('Parquet INT64 columns hold the exact values', async () => {
    const e = newEncoder({ ...settings, format: 'PARQUET' }, schema, 'k.parquet');
    for (const r of records) e.add(r);
    const rows = await parquetRows(await e.finish());
    assert.deepEqual(
      rows.map((x) => [x.id, x.v]),
      EXTREMES.map((id) => [id, id === -(2n ** 63n) ? null : -id]),
    );
  });
});
