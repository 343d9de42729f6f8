import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataException, Struct, Timestamp, taskStatusMessage, type Props, type SourceMap } from '@libs/connect-spi';
import { QUICKSTART_NAMES } from '@libs/datagen';
import { InMemorySchemaRegistry, SchemaRegistryDeserializer } from '@libs/schema-registry';
import { converterFor, deserializeWith, managedConverters } from '@libs/connect-converters';
import { DatagenConnector, DatagenTask, datagenSourcePlugin } from '../src';

function startTask(props: Props, stored: SourceMap | null = null): Promise<DatagenTask> {
  const t = new DatagenTask();
  t.initialize({ configs: props, offsetStorageReader: { offset: async () => stored, offsets: async () => new Map() } });
  return Promise.resolve(t.start(props)).then(() => t);
}

const base: Props = {
  'connector.class': 'DatagenSource',
  'kafka.topic': 'orders',
  quickstart: 'ORDERS',
  'max.interval': '0',
  'tasks.max': '2',
  'random.seed': '42',
};

test('validate reports Confluent property names and messages', async () => {
  const c = datagenSourcePlugin.create();
  const cfg = await c.validate({
    'tasks.max': '1',
    'kafka.topic': 'bad topic!',
    quickstart: 'NOPE',
    'max.interval': 'x',
  });
  const errs = Object.fromEntries(
    cfg.configValues.filter((v) => v.errorMessages.length).map((v) => [v.name, v.errorMessages]),
  );
  assert.match(errs['kafka.topic'][0], /illegal/);
  assert.match(errs.quickstart[0], /^quickstart must be one out of/);
  assert.match(errs['max.interval'][0], /Invalid value x for configuration max.interval/);
  const ok = await c.validate(base);
  assert.deepEqual(
    ok.configValues.filter((v) => v.errorMessages.length).map((v) => v.name),
    [],
  );
});

test('taskConfigs split by tasks.max with task.id', () => {
  const c = new DatagenConnector();
  c.start(base);
  const t = c.taskConfigs(5) as Props[];
  assert.deepEqual(
    t.map((p) => p['task.id']),
    ['0', '1'],
  );
  assert.deepEqual(
    DatagenConnector.topicsToCreate({ ...base, 'topic.creation.default.partitions': '6' })[0].partitions,
    6,
  );
});

test('ORDERS records: Struct named ksql.orders, string key, headers, offsets; restart continues', async () => {
  const t = await startTask({ ...base, 'task.id': '0' });
  const batch = (await t.poll())!;
  assert.equal(batch.length, 1000);
  const r = batch[3];
  assert.ok(r.value instanceof Struct);
  assert.equal(r.valueSchema!.name, 'ksql.orders');
  assert.equal((r.value as Struct).get('orderid'), 3);
  assert.equal(r.key, '3');
  assert.equal(r.keySchema!.type, 'STRING');
  assert.deepEqual(r.sourcePartition, { 'task.id': 0 });
  assert.equal(r.sourceOffset!['current.iteration'], 4);
  assert.deepEqual(
    r.headers.toArray().map((h) => [h.key, h.value]),
    [
      ['task.generation', 0],
      ['task.id', 0],
      ['current.iteration', 3],
    ],
  );
  // restart from the offset of record 3 → next is record 4, identical to the uninterrupted one
  const t2 = await startTask({ ...base, 'task.id': '0' }, r.sourceOffset);
  const next = (await t2.poll())![0];
  assert.ok((next.value as Struct).equals(batch[4].value));
  assert.equal(next.headers.toArray()[0].value, 1); // generation bumped
  t.stop();
  t2.stop();
});

test('iterations: finishes, stays idle with a status message', async () => {
  const t = await startTask({ ...base, 'task.id': '1', iterations: '5' });
  assert.equal((await t.poll())!.length, 5);
  assert.equal(taskStatusMessage(t), 'Stopping connector: generated the configured 5 number of messages');
  const p = t.poll();
  t.stop();
  assert.equal(await p, null);
});

test('every quickstart converts to Connect and round-trips through AVRO, JSON_SR and PROTOBUF', async () => {
  const registry = new InMemorySchemaRegistry();
  for (const format of ['AVRO', 'JSON_SR', 'PROTOBUF'] as const) {
    const conv = converterFor(format, { client: registry });
    const deser = new SchemaRegistryDeserializer(registry);
    for (const q of QUICKSTART_NAMES) {
      const topic = `${q.toLowerCase()}-${format.toLowerCase()}`;
      const t = await startTask({ ...base, quickstart: q, 'kafka.topic': topic, 'task.id': '0', iterations: '3' });
      const recs = (await t.poll())!;
      for (const r of recs) {
        const bytes = (await (
          conv as unknown as { fromConnectDataAsync: (...a: unknown[]) => Promise<Buffer> }
        ).fromConnectDataAsync(topic, null, r.valueSchema, r.value))!;
        const d = await deser.deserialize(bytes); // registered schema reads it
        assert.ok(d.value, `${q} ${format}`);
        const back = conv.toConnectData(topic, null, bytes); // sync: schema cached now
        assert.ok(back.value instanceof Struct, `${q} ${format}`);
        if (format === 'AVRO') assert.ok((back.value as Struct).equals(r.value), `${q} AVRO round trip`);
      }
      t.stop();
      assert.ok(registry.listSubjects().includes(`${topic}-value`));
    }
  }
});

test('JSON output: schemaless JsonConverter; timestamp logical type', async () => {
  const conv = converterFor('JSON');
  const t = await startTask({ ...base, quickstart: 'FLEET_MGMT_LOCATION', 'task.id': '0' });
  const r = (await t.poll())![0];
  assert.equal(r.valueSchema!.field('ts')!.schema.name, Timestamp.LOGICAL_NAME);
  const json = JSON.parse(conv.fromConnectData('x', null, r.valueSchema, r.value)!.toString());
  assert.equal(typeof json.ts, 'number');
  assert.equal(typeof json.vehicle_id, 'number');
  t.stop();
});

test('managedConverters: formats → converter classes, Unknown magic byte! as DataException', async () => {
  const registry = new InMemorySchemaRegistry();
  const src = managedConverters({ 'output.data.format': 'AVRO' }, { client: registry })!;
  assert.equal(src.value.constructor.name, 'AvroConverter');
  assert.equal(src.key.constructor.name, 'StringConverter');
  const sink = managedConverters(
    { 'input.data.format': 'PROTOBUF', 'input.key.format': 'JSON_SR' },
    { client: registry },
  )!;
  assert.equal(sink.value.constructor.name, 'ProtobufConverter');
  assert.equal(sink.key.constructor.name, 'JsonSchemaConverter');
  assert.equal(managedConverters({}, {}), null);
  await assert.rejects(
    async () => deserializeWith(src.value, 't', null, Buffer.from('{"plain":"json"}')),
    (e: Error) => e instanceof DataException && e.message === 'Unknown magic byte!',
  );
  assert.throws(
    () => sink.value.toConnectData('t', null, Buffer.from([1, 2, 3, 4, 5, 6])),
    (e: Error) => e instanceof DataException && e.message === 'Unknown magic byte!',
  );
});
