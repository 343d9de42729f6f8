// Schema Registry client-side hot paths, no network: schema-id cache lookups, cached
// (de)serialization, and the idempotent re-register of an identical schema in the core.
// Run: node scripts/run.js bench/schema-registry/serdes-cache.bench.ts [seconds-per-case]
import {
  HttpSchemaRegistryClient,
  InMemorySchemaRegistry,
  SchemaLoader,
  SchemaRegistryDeserializer,
  SchemaRegistrySerializer,
  type SerializeSchema,
} from '@libs/schema-registry';

const seconds = Number(process.argv[2] ?? 3);

async function bench(name: string, unit: string, op: () => unknown, batch = 1000): Promise<void> {
  for (let i = 0; i < 20_000; i++) await op(); // warm-up
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  let n = 0;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < batch; i++) await op();
    n += batch;
    now = process.hrtime.bigint();
  }
  const rate = n / (Number(now - start) / 1e9);
  console.log(`${name.padEnd(52)} ${Math.round(rate).toLocaleString('en-US').padStart(12)} ${unit}`);
}

let sink = 0;

function syncBench(name: string, unit: string, op: () => unknown): void {
  for (let i = 0; i < 100_000; i++) if (op()) sink++;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  let n = 0;
  let now = start;
  while (now < deadline) {
    // Counting results keeps the JIT from dropping the lookup as dead code.
    for (let i = 0; i < 10_000; i++) if (op()) sink++;
    n += 10_000;
    now = process.hrtime.bigint();
  }
  console.log(
    `${name.padEnd(52)} ${Math.round(n / (Number(now - start) / 1e9))
      .toLocaleString('en-US')
      .padStart(12)} ${unit}`,
  );
}

const AVRO: SerializeSchema = {
  schema: JSON.stringify({
    type: 'record',
    name: 'Pageview',
    namespace: 'io.example',
    fields: [
      { name: 'viewtime', type: 'long' },
      { name: 'userid', type: 'string' },
      { name: 'pageid', type: 'string' },
    ],
  }),
};
const PROTO: SerializeSchema = {
  schemaType: 'PROTOBUF',
  schema:
    'syntax = "proto3"; package io.example; message Pageview { int64 viewtime = 1; string userid = 2; string pageid = 3; }',
};
const JSONS: SerializeSchema = {
  schemaType: 'JSON',
  schema: JSON.stringify({
    title: 'Pageview',
    type: 'object',
    properties: { viewtime: { type: 'integer' }, userid: { type: 'string' }, pageid: { type: 'string' } },
    required: ['viewtime'],
  }),
};
const value = { viewtime: 1_700_000_000_000, userid: 'User_1', pageid: 'Page_42' };

async function main(): Promise<void> {
  const registry = new InMemorySchemaRegistry();
  const ser = new SchemaRegistrySerializer(registry);
  const de = new SchemaRegistryDeserializer(registry);
  const loader = new SchemaLoader(registry);
  const avroBytes = await ser.serialize('pageviews', value, AVRO);
  const protoBytes = await ser.serialize('pageviews-pb', value, PROTO);
  const jsonBytes = await ser.serialize('pageviews-json', value, JSONS);
  const id = avroBytes.readInt32BE(1);
  await loader.loadById(id);

  // The HTTP client's id cache, primed by one request against a stub fetch.
  const http = new HttpSchemaRegistryClient({
    baseUrl: 'http://stub',
    fetch: (async () => new Response(JSON.stringify({ schema: AVRO.schema }), { status: 200 })) as typeof fetch,
  });
  await http.getSchemaById(id);

  let probe = id;
  // Alternate between a hit and a miss so the id is not a loop constant.
  syncBench('schema by id, deserializer cache (sync)', 'lookups/s', () =>
    loader.cachedById((probe = probe === id ? id + 1 : id)),
  );
  await bench('schema by id, HTTP client cache (async)', 'lookups/s', () => http.getSchemaById(id));
  await bench('deserialize Avro (cached schema)', 'records/s', () => de.deserialize(avroBytes));
  await bench('serialize Avro (cached id)', 'records/s', () => ser.serialize('pageviews', value, AVRO));
  await bench('deserialize Protobuf (cached schema)', 'records/s', () => de.deserialize(protoBytes));
  await bench('serialize Protobuf (cached id)', 'records/s', () => ser.serialize('pageviews-pb', value, PROTO));
  await bench('deserialize JSON Schema (cached schema)', 'records/s', () => de.deserialize(jsonBytes));
  await bench('serialize JSON Schema (cached id, validating)', 'records/s', () =>
    ser.serialize('pageviews-json', value, JSONS),
  );
  // Fresh text object each time, so nothing caches the parse: the core's register-identical path.
  await bench(
    're-register identical Avro schema (core, no HTTP)',
    'registers/s',
    () => registry.register('pageviews-value', { schema: AVRO.schema }),
    100,
  );
  console.log(`node ${process.version}, ${seconds}s per case, single thread${sink < 0 ? '' : ''}`);
}

void main();
