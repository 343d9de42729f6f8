// io.confluent.connect.transforms.ExtractTopic$Key / $Value / $Header: use the key, the value,
// one of their fields (plain name or JSON path), or a header as the record's topic.
import {
  ConfigDef,
  ConfigException,
  DataException,
  isPlainObject,
  Struct,
  type Transformation,
  ValidString,
} from '@libs/connect-spi';
import { jsonPathQuery } from '../util/json-path';
import type { AnyRecord } from '../util/requirements';
import { toPlain } from '../util/to-plain';

export type ExtractTopicSource = 'key' | 'value' | 'header';

export function extractTopicConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'field',
      type: 'STRING',
      defaultValue: '',
      importance: 'MEDIUM',
      documentation:
        'The field name or header key to use as the topic name. Required for ExtractTopic$Header; empty means the whole key/value.',
    })
    .define({
      name: 'field.format',
      type: 'STRING',
      defaultValue: 'PLAIN',
      validator: ValidString.in('PLAIN', 'JSON_PATH'),
      importance: 'MEDIUM',
      documentation: 'How to read `field`: a plain field name, or a JSON path.',
    })
    .define({
      name: 'skip.missing.or.null',
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'MEDIUM',
      documentation: 'Leave the topic unchanged when the field is missing or null, instead of failing.',
    });
}

export class ExtractTopic<R extends AnyRecord> implements Transformation<R> {
  private field = '';
  private jsonPath = false;
  private skipMissing = false;

  constructor(private readonly source: ExtractTopicSource) {}

  config(): ConfigDef {
    return extractTopicConfigDef();
  }

  configure(props: Readonly<Record<string, unknown>>): void {
    const p = extractTopicConfigDef().parse(props);
    this.field = p.field as string;
    this.jsonPath = p['field.format'] === 'JSON_PATH';
    this.skipMissing = p['skip.missing.or.null'] as boolean;
    if (this.source === 'header' && this.field === '')
      throw new ConfigException('field', '', 'ExtractTopic$Header requires a header name in field');
  }

  apply(record: R): R | null {
    const topic = this.extract(record);
    if (topic === null || topic === undefined) {
      if (this.skipMissing) return record;
      throw new DataException(`Unable to extract topic name: ${this.field || this.source} is missing or null`);
    }
    if (typeof topic === 'object')
      throw new DataException(`Topic name must be a primitive value, found an object at ${this.field || this.source}`);
    return record.newRecord(
      String(topic),
      record.kafkaPartition,
      record.keySchema,
      record.key,
      record.valueSchema,
      record.value,
      record.timestamp,
    );
  }

  private extract(record: R): unknown {
    if (this.source === 'header') {
      const h = record.headers.lastWithName(this.field);
      return h ? (h.value instanceof Uint8Array ? Buffer.from(h.value).toString('utf8') : h.value) : null;
    }
    const data = this.source === 'key' ? record.key : record.value;
    if (this.field === '') return data;
    if (data === null || data === undefined) return null;
    if (this.jsonPath) return jsonPathQuery(this.field, toPlain(data))[0] ?? null;
    if (data instanceof Struct) return data.schema.field(this.field) ? data.get(this.field) : null;
    if (data instanceof Map) return data.get(this.field) ?? null;
    if (isPlainObject(data)) return data[this.field] ?? null;
    throw new DataException(`ExtractTopic with a field requires a Map or Struct ${this.source}`);
  }

  close(): void {}
}
