// Datagen, max.interval=0, one task: DatagenTask.poll() (generation + Avro→Connect Struct) and the
// value converter (JSON: schemaless JsonConverter; AVRO: AvroConverter against an in-memory
// Schema Registry, Confluent wire format). No broker: records/s of generation + conversion.
// Usage: node scripts/run.js bench/connectors/datagen.bench.ts [seconds=5] [quickstart=ORDERS]
import type { Props } from '@libs/connect-spi';
import { InMemorySchemaRegistry } from '@libs/schema-registry';
import { converterFor, serializeWith } from '@libs/connect-converters';
import { DatagenTask } from '@libs/connectors';

const seconds = Number(process.argv[2] ?? 5);
const quickstart = process.argv[3] ?? 'ORDERS';

async function run(format: 'JSON' | 'AVRO'): Promise<void> {
  const props: Props = {
    'kafka.topic': 'bench',
    quickstart,
    'max.interval': '0',
    'tasks.max': '1',
    'task.id': '0',
    'output.data.format': format,
    'random.seed': '1',
  };
  const task = new DatagenTask();
  task.initialize({
    configs: props,
    offsetStorageReader: { offset: async () => null, offsets: async () => new Map() },
  });
  await task.start(props);
  const value = converterFor(format, { client: new InMemorySchemaRegistry() });
  const key = converterFor('STRING', {}, true);
  // warm-up (schema registration, JIT)
  for (const r of (await task.poll())!) await serializeWith(value, r.topic, r.headers, r.valueSchema, r.value);
  let n = 0;
  let bytes = 0;
  let genMs = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    const g0 = performance.now();
    const recs = (await task.poll())!;
    genMs += performance.now() - g0;
    for (const r of recs) {
      key.fromConnectData(r.topic, r.headers, r.keySchema, r.key);
      // sync path: the schema id is cached after the first record
      const b = value.fromConnectData(r.topic, r.headers, r.valueSchema, r.value)!;
      bytes += b.length;
    }
    n += recs.length;
  }
  const s = (performance.now() - t0) / 1000;
  task.stop();
  console.log(
    `${quickstart} ${format}: ${Math.round(n / s).toLocaleString('en-US')} records/s (generation alone ${Math.round(n / (genMs / 1000)).toLocaleString('en-US')}/s), avg value ${Math.round(bytes / n)} B, ${n} records in ${s.toFixed(1)} s`,
  );
}

void (async () => {
  await run('JSON');
  await run('AVRO');
})();
