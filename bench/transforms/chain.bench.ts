// Transformation chain overhead per record: Cast + TimestampConverter + InsertField +
// ReplaceField on a 10-field Struct value, as a sink task would run it (SinkRecords, schema
// instances shared across records as a converter with a schema cache produces them).
// Run: node scripts/run.js bench/transforms/chain.bench.ts [seconds]
import { SchemaBuilder, Schemas, SinkRecord, Struct, Timestamp } from '@libs/connect-spi';
import { TransformationChain } from '@libs/connect-transforms';

const seconds = Number(process.argv[2] ?? 3);
const T = 'org.apache.kafka.connect.transforms.';

const schema = SchemaBuilder.struct()
  .name('bench.Order')
  .field('id', Schemas.INT64_SCHEMA)
  .field('customer', Schemas.STRING_SCHEMA)
  .field('amount', Schemas.FLOAT64_SCHEMA)
  .field('qty', Schemas.INT32_SCHEMA)
  .field('active', Schemas.BOOLEAN_SCHEMA)
  .field('created', Schemas.INT64_SCHEMA)
  .field('region', Schemas.OPTIONAL_STRING_SCHEMA)
  .field('ssn', Schemas.OPTIONAL_STRING_SCHEMA)
  .field('note', Schemas.OPTIONAL_STRING_SCHEMA)
  .field('score', Schemas.OPTIONAL_FLOAT32_SCHEMA)
  .build();

const chain = TransformationChain.fromConfig<SinkRecord>({
  transforms: 'cast,ts,insert,replace',
  [`transforms.cast.type`]: T + 'Cast$Value',
  [`transforms.cast.spec`]: 'amount:int32,qty:string',
  [`transforms.ts.type`]: T + 'TimestampConverter$Value',
  [`transforms.ts.field`]: 'created',
  [`transforms.ts.target.type`]: 'Timestamp',
  [`transforms.insert.type`]: T + 'InsertField$Value',
  [`transforms.insert.topic.field`]: 'src_topic',
  [`transforms.insert.offset.field`]: 'src_offset',
  [`transforms.replace.type`]: T + 'ReplaceField$Value',
  [`transforms.replace.exclude`]: 'ssn',
  [`transforms.replace.renames`]: 'customer:customer_id,note:comment',
});

const POOL = 1024;
const records: SinkRecord[] = [];
for (let i = 0; i < POOL; i++) {
  const v = new Struct(schema)
    .put('id', i)
    .put('customer', `c-${i % 97}`)
    .put('amount', 12.5 + i)
    .put('qty', i % 10)
    .put('active', i % 2 === 0)
    .put('created', 1700000000000 + i)
    .put('region', 'eu')
    .put('ssn', '123-45-6789')
    .put('note', i % 3 === 0 ? null : 'gift')
    .put('score', 0.5);
  records.push(new SinkRecord('orders', i % 6, null, null, schema, v, i, 1700000000000 + i, 'CreateTime'));
}

// Sanity check: the output is what the chain promises.
const out = chain.apply(records[1])!;
const outValue = out.value as Struct;
if (
  !(outValue.get('created') instanceof Date) ||
  outValue.get('qty') !== '1' ||
  outValue.schema.field('ssn') ||
  out.valueSchema!.field('src_offset')?.schema.type !== 'INT64'
)
  throw new Error('unexpected chain output: ' + String(outValue));
if (out.valueSchema!.field('created')!.schema.name !== Timestamp.LOGICAL_NAME)
  throw new Error('TimestampConverter schema');

let sink = 0;
for (let i = 0; i < 200_000; i++) sink += chain.apply(records[i % POOL]) ? 1 : 0; // JIT warm-up

const start = process.hrtime.bigint();
const deadline = start + BigInt(Math.round(seconds * 1e9));
let n = 0;
let now = start;
while (now < deadline) {
  for (let i = 0; i < 10_000; i++) sink += chain.apply(records[(n + i) % POOL]) ? 1 : 0;
  n += 10_000;
  now = process.hrtime.bigint();
}
const elapsedNs = Number(now - start);
const perRecordUs = elapsedNs / n / 1000;
if (sink < 0) console.log(sink);
console.log(`records: ${n.toLocaleString('en-US')} in ${(elapsedNs / 1e9).toFixed(2)} s`);
console.log(
  `chain (Cast + TimestampConverter + InsertField + ReplaceField, 10-field Struct): ${perRecordUs.toFixed(2)} µs/record, ${Math.round(n / (elapsedNs / 1e9)).toLocaleString('en-US')} records/s`,
);
console.log(`target ≤ 10 µs/record: ${perRecordUs <= 10 ? 'met' : 'NOT met'}`);
