// Transformation and predicate plugins by class name (or alias = simple class name), the way
// Kafka Connect's plugin scanner exposes them to `transforms.<a>.type` and /connector-plugins.
import type { Predicate, Transformation } from '@libs/connect-spi';
import { Cast } from './cast';
import { Drop } from './confluent/drop';
import { ExtractTopic } from './confluent/extract-topic';
import { ConfluentFilter } from './confluent/filter';
import { MessageTimestampRouter } from './confluent/message-timestamp-router';
import { TombstoneHandler } from './confluent/tombstone-handler';
import { TopicRegexRouter } from './confluent/topic-regex-router';
import { ExtractNewRecordState, DEBEZIUM_TRANSFORMS_VERSION } from './debezium/extract-new-record-state';
import { DropHeaders } from './drop-headers';
import { ExtractField } from './extract-field';
import { Filter } from './filter';
import { Flatten } from './flatten';
import { HeaderFrom } from './header-from';
import { HoistField } from './hoist-field';
import { InsertField } from './insert-field';
import { InsertHeader } from './insert-header';
import { MaskField } from './mask-field';
import { HasHeaderKey, RecordIsTombstone, TopicNameMatches } from './predicates/predicates';
import { RegexRouter } from './regex-router';
import { ReplaceField } from './replace-field';
import { SetSchemaMetadata } from './set-schema-metadata';
import { TimestampConverter } from './timestamp-converter';
import { TimestampRouter } from './timestamp-router';
import type { AnyRecord } from './util/requirements';
import { ValueToKey } from './value-to-key';

export type TransformPluginType = 'transformation' | 'predicate';

export interface TransformPlugin {
  className: string;
  type: TransformPluginType;
  version: string;
  create(): Transformation<AnyRecord> | Predicate<AnyRecord>;
}

/** The Apache Kafka release whose SMT behaviour these implement. */
export const KAFKA_TRANSFORMS_VERSION = '3.9.0';
/** The confluentinc/connect-transforms release we mirror. */
export const CONFLUENT_TRANSFORMS_VERSION = '1.6.0';

const K = 'org.apache.kafka.connect.transforms.';
const C = 'io.confluent.connect.transforms.';

function t(
  className: string,
  create: () => Transformation<AnyRecord>,
  version = KAFKA_TRANSFORMS_VERSION,
): TransformPlugin {
  return { className, type: 'transformation', version, create };
}

function keyValue(
  base: string,
  make: (side: 'key' | 'value') => Transformation<AnyRecord>,
  version?: string,
): TransformPlugin[] {
  return [t(base + '$Key', () => make('key'), version), t(base + '$Value', () => make('value'), version)];
}

export const BUILTIN_TRANSFORM_PLUGINS: readonly TransformPlugin[] = [
  ...keyValue(K + 'Cast', (s) => new Cast(s)),
  t(K + 'DropHeaders', () => new DropHeaders()),
  ...keyValue(K + 'ExtractField', (s) => new ExtractField(s)),
  t(K + 'Filter', () => new Filter()),
  ...keyValue(K + 'Flatten', (s) => new Flatten(s)),
  ...keyValue(K + 'HeaderFrom', (s) => new HeaderFrom(s)),
  ...keyValue(K + 'HoistField', (s) => new HoistField(s)),
  ...keyValue(K + 'InsertField', (s) => new InsertField(s)),
  t(K + 'InsertHeader', () => new InsertHeader()),
  ...keyValue(K + 'MaskField', (s) => new MaskField(s)),
  t(K + 'RegexRouter', () => new RegexRouter()),
  ...keyValue(K + 'ReplaceField', (s) => new ReplaceField(s)),
  ...keyValue(K + 'SetSchemaMetadata', (s) => new SetSchemaMetadata(s)),
  ...keyValue(K + 'TimestampConverter', (s) => new TimestampConverter(s)),
  t(K + 'TimestampRouter', () => new TimestampRouter()),
  t(K + 'ValueToKey', () => new ValueToKey()),
  {
    className: K + 'predicates.TopicNameMatches',
    type: 'predicate',
    version: KAFKA_TRANSFORMS_VERSION,
    create: () => new TopicNameMatches(),
  },
  {
    className: K + 'predicates.HasHeaderKey',
    type: 'predicate',
    version: KAFKA_TRANSFORMS_VERSION,
    create: () => new HasHeaderKey(),
  },
  {
    className: K + 'predicates.RecordIsTombstone',
    type: 'predicate',
    version: KAFKA_TRANSFORMS_VERSION,
    create: () => new RecordIsTombstone(),
  },
  t(C + 'ExtractTopic$Key', () => new ExtractTopic('key'), CONFLUENT_TRANSFORMS_VERSION),
  t(C + 'ExtractTopic$Value', () => new ExtractTopic('value'), CONFLUENT_TRANSFORMS_VERSION),
  t(C + 'ExtractTopic$Header', () => new ExtractTopic('header'), CONFLUENT_TRANSFORMS_VERSION),
  t(C + 'TombstoneHandler', () => new TombstoneHandler(), CONFLUENT_TRANSFORMS_VERSION),
  ...keyValue(C + 'Drop', (s) => new Drop(s), CONFLUENT_TRANSFORMS_VERSION),
  ...keyValue(C + 'Filter', (s) => new ConfluentFilter(s), CONFLUENT_TRANSFORMS_VERSION),
  t(C + 'MessageTimestampRouter', () => new MessageTimestampRouter(), CONFLUENT_TRANSFORMS_VERSION),
  t(C + 'TopicRegexRouter', () => new TopicRegexRouter(), CONFLUENT_TRANSFORMS_VERSION),
  t('io.debezium.transforms.ExtractNewRecordState', () => new ExtractNewRecordState(), DEBEZIUM_TRANSFORMS_VERSION),
];

export class TransformPluginRegistry {
  private readonly byName = new Map<string, TransformPlugin>();
  private readonly byAlias = new Map<string, TransformPlugin | null>();

  constructor(plugins: Iterable<TransformPlugin> = BUILTIN_TRANSFORM_PLUGINS) {
    for (const p of plugins) this.register(p);
  }

  register(plugin: TransformPlugin): this {
    this.byName.set(plugin.className, plugin);
    const alias = plugin.className.slice(plugin.className.lastIndexOf('.') + 1);
    // An alias shared by two plugins (Filter$Value from Kafka vs Confluent) is ambiguous: drop it.
    this.byAlias.set(alias, this.byAlias.has(alias) && this.byAlias.get(alias) !== plugin ? null : plugin);
    return this;
  }

  find(classOrAlias: string): TransformPlugin | null {
    const name = classOrAlias.trim();
    return this.byName.get(name) ?? this.byAlias.get(name) ?? null;
  }

  list(type?: TransformPluginType): TransformPlugin[] {
    return [...this.byName.values()].filter((p) => !type || p.type === type);
  }
}

export const defaultTransformRegistry = new TransformPluginRegistry();
