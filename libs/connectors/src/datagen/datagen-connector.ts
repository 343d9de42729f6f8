// DatagenSource (io.confluent.kafka.connect.datagen.DatagenConnector): Confluent Cloud's
// property names and defaults (its fully-managed template), validation through @libs/datagen's validator, one
// DatagenTaskStream per task with the reference connector's source partition/offset layout.
import {
  ConfigDef,
  ConfigException,
  Schemas,
  SourceConnector,
  SourceRecord,
  SourceTask,
  type Config,
  type ExactlyOnceSupport,
  type Props,
  type Schema,
  type TaskConstructor,
  type TaskStatusMessage,
  type TopicCreationSpec,
  topicCreationFor,
} from '@libs/connect-spi';
import { compileAvroToConnect, type AvroJson, type CompiledAvro } from '@libs/connect-converters';
import {
  DATAGEN_DEFAULTS,
  DatagenTaskStream,
  OUTPUT_DATA_FORMATS,
  QUICKSTART_NAMES,
  validateDatagenConfig,
  type DatagenConfig,
  type DatagenSourceOffset,
} from '@libs/datagen';
import { mergeErrors, Stopper } from '../common/validation';

export const DATAGEN_VERSION = '0.6.5';
export const DATAGEN_CLASS = 'io.confluent.kafka.connect.datagen.DatagenConnector';

const GROUP = 'Datagen';

/** The properties the DatagenSource validator owns (their messages replace ConfigDef's). */
const OWNED = [
  'kafka.topic',
  'output.data.format',
  'quickstart',
  'schema.string',
  'schema.keyfield',
  'max.interval',
  'iterations',
  'tasks.max',
  'random.seed',
  'json.output.decimal.format',
];

export function datagenConfigDef(): ConfigDef {
  let o = 0;
  const d = new ConfigDef();
  const def = (
    name: string,
    type: 'STRING' | 'INT' | 'LONG' | 'BOOLEAN',
    defaultValue: unknown,
    doc: string,
    importance: 'HIGH' | 'MEDIUM' | 'LOW' = 'HIGH',
  ) =>
    d.define({
      name,
      type,
      ...(defaultValue !== undefined ? { defaultValue } : {}),
      importance,
      documentation: doc,
      group: GROUP,
      orderInGroup: ++o,
      displayName: name,
    });
  def('kafka.topic', 'STRING', undefined, 'Topic the generated records are written to.');
  def(
    'output.data.format',
    'STRING',
    DATAGEN_DEFAULTS['output.data.format'],
    `Record value format: ${OUTPUT_DATA_FORMATS.join(', ')}.`,
  );
  def('quickstart', 'STRING', '', `Bundled schema: ${QUICKSTART_NAMES.join(', ')}.`);
  def('schema.string', 'STRING', '', 'Inline Avro schema with arg.properties generation rules.');
  def('schema.keyfield', 'STRING', '', 'Top-level field used as the record key.', 'MEDIUM');
  def(
    'max.interval',
    'INT',
    Number(DATAGEN_DEFAULTS['max.interval']),
    'Max milliseconds between records (0 = as fast as possible).',
    'MEDIUM',
  );
  def('iterations', 'INT', Number(DATAGEN_DEFAULTS.iterations), 'Records per task (<= 0: unlimited).', 'MEDIUM');
  def('random.seed', 'LONG', null, 'Seed for reproducible data.', 'LOW');
  def(
    'json.output.decimal.format',
    'STRING',
    DATAGEN_DEFAULTS['json.output.decimal.format'],
    'BASE64 or NUMERIC.',
    'LOW',
  );
  def('tasks.max', 'INT', undefined, 'Number of tasks.');
  def('schema.context.name', 'STRING', 'default', 'Schema Registry context.', 'LOW');
  return d;
}

/** A parsed config, or the first error as a ConfigException naming the property. */
export function parseDatagenConfig(props: Props): DatagenConfig {
  const v = validateDatagenConfig(props);
  if (!v.config) {
    const [prop, msgs] = Object.entries(v.errors)[0] ?? ['quickstart', ['invalid configuration']];
    throw ConfigException.forKey(prop, msgs[0]);
  }
  return v.config;
}

export class DatagenConnector extends SourceConnector {
  private props: Props = {};
  private config_: DatagenConfig | null = null;

  version(): string {
    return DATAGEN_VERSION;
  }

  start(props: Props): void {
    this.config_ = parseDatagenConfig(props);
    this.props = { ...props };
  }

  taskClass(): TaskConstructor<unknown> {
    return DatagenTask;
  }

  /** Each task gets the whole config plus `task.id` 0..n-1 (tasks generate independently). */
  taskConfigs(maxTasks: number): Props[] {
    const n = Math.max(1, Math.min(maxTasks, this.config_?.tasksMax ?? maxTasks));
    return Array.from({ length: n }, (_, i) => ({ ...this.props, 'task.id': String(i) }));
  }

  stop(): void {}

  /**
   * KIP-618: a task's offset (task.generation, current.iteration, random.seed) regenerates the
   * stream exactly from the record after the last committed one, whatever the config.
   */
  override exactlyOnceSupport(_props: Props): ExactlyOnceSupport {
    return 'SUPPORTED';
  }

  config(): ConfigDef {
    return datagenConfigDef();
  }

  override validate(props: Props): Config {
    const base = this.config().validate(props);
    return mergeErrors(base, validateDatagenConfig(props).errors, OWNED);
  }

  /** The target topic to create when missing, with `topic.creation.default.*` settings. */
  static topicsToCreate(props: Props): TopicCreationSpec[] {
    const topic = (props['kafka.topic'] ?? '').trim();
    return topic ? [topicCreationFor(topic, props)] : [];
  }
}

// Compiled Avro → Connect mappings, shared by the tasks of a process (schemas are immutable).
const compiledBySchema = new Map<string, CompiledAvro>();

function compiledFor(config: DatagenConfig): CompiledAvro {
  const key = config.quickstart ? `q:${config.quickstart.name}` : `s:${JSON.stringify(config.schema)}`;
  let c = compiledBySchema.get(key);
  if (!c) {
    c = compileAvroToConnect(config.schema as AvroJson);
    if (compiledBySchema.size > 200) compiledBySchema.clear();
    compiledBySchema.set(key, c);
  }
  return c;
}

/** Records per poll() when max.interval = 0 (bounded so stop() and offset commits stay timely). */
export const DATAGEN_FAST_BATCH = 1000;
/** How long an idle (finished) task's poll() waits before returning null. */
export const DATAGEN_IDLE_POLL_MS = 1000;

export class DatagenTask extends SourceTask implements TaskStatusMessage {
  private stream: DatagenTaskStream | null = null;
  private config_: DatagenConfig | null = null;
  private compiled: CompiledAvro | null = null;
  private keySchema: Schema = Schemas.OPTIONAL_STRING_SCHEMA;
  private typedKeys = false;
  private keyToConnect: ((v: unknown) => unknown) | null = null;
  private readonly stopper = new Stopper();
  private message: string | null = null;

  version(): string {
    return DATAGEN_VERSION;
  }

  async start(props: Props): Promise<void> {
    const config = parseDatagenConfig(props);
    const taskId = Number(props['task.id'] ?? 0);
    let stored: Partial<DatagenSourceOffset> | null = null;
    const raw = await this.context?.offsetStorageReader.offset({ 'task.id': taskId });
    if (raw) {
      stored = {
        'task.generation': numberOr(raw['task.generation'], 0),
        'current.iteration': numberOr(raw['current.iteration'], 0),
        ...(raw['random.seed'] !== undefined && raw['random.seed'] !== null
          ? { 'random.seed': String(raw['random.seed']) }
          : {}),
      };
    }
    this.config_ = config;
    this.stream = new DatagenTaskStream(config, taskId, stored);
    this.compiled = compiledFor(config);
    // Cloud pins key.converter to StringConverter: the key is the key field's Java toString().
    // A self-managed config with another key.converter gets the typed key with the field's schema.
    const keyConverter = props['key.converter'];
    this.typedKeys = !!keyConverter && !/StringConverter$/.test(keyConverter);
    if (config.keyField && this.typedKeys) {
      const f = this.compiled.schema.field(config.keyField);
      if (f) {
        this.keySchema = f.schema;
        const fieldAvro = (config.schema as { fields?: { name: string; type: AvroJson }[] }).fields?.find(
          (x) => x.name === config.keyField,
        );
        this.keyToConnect = fieldAvro ? compileAvroToConnect(fieldAvro.type).toConnect : null;
      }
    } else if (config.keyField) this.keySchema = Schemas.STRING_SCHEMA;
    this.message = this.stream.finished ? this.stream.finishedMessage : null;
  }

  /** The status message once `iterations` records were produced (task stays RUNNING, idle). */
  statusMessage(): string | null {
    return this.message;
  }

  get finished(): boolean {
    return this.stream?.finished ?? false;
  }

  async poll(): Promise<SourceRecord[] | null> {
    const stream = this.stream;
    const config = this.config_;
    if (!stream || !config || this.stopper.isStopped) return null;
    if (stream.finished) {
      this.message = stream.finishedMessage;
      await this.stopper.sleep(DATAGEN_IDLE_POLL_MS);
      return null;
    }
    if (config.maxIntervalMs > 0) {
      await this.stopper.sleep(stream.delayMs());
      if (this.stopper.isStopped) return null;
      return [this.toRecord(stream, config)];
    }
    const out: SourceRecord[] = [];
    for (let i = 0; i < DATAGEN_FAST_BATCH && !stream.finished; i++) out.push(this.toRecord(stream, config));
    if (stream.finished) this.message = stream.finishedMessage;
    return out;
  }

  private toRecord(stream: DatagenTaskStream, config: DatagenConfig): SourceRecord {
    const r = stream.next();
    const compiled = this.compiled as CompiledAvro;
    let key: unknown = null;
    if (config.keyField)
      key = this.typedKeys ? (this.keyToConnect ? this.keyToConnect(r.keyValue) : r.keyValue) : r.key;
    const rec = new SourceRecord(
      { ...r.sourcePartition },
      { ...r.sourceOffset },
      config.kafkaTopic,
      null,
      this.keySchema,
      key,
      compiled.schema,
      compiled.toConnect(r.value),
      Date.now(),
    );
    rec.headers.addLong('task.generation', r.headers['task.generation']);
    rec.headers.addLong('task.id', r.headers['task.id']);
    rec.headers.addLong('current.iteration', r.headers['current.iteration']);
    return rec;
  }

  stop(): void {
    this.stopper.stop();
  }
}

function numberOr(v: unknown, d: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : d;
}
