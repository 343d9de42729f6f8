// Test helpers: build configured transforms by class name, and records.
import {
  type ConnectHeaders,
  type Predicate,
  type Schema,
  SinkRecord,
  SourceRecord,
  type Transformation,
} from '@libs/connect-spi';
import { defaultTransformRegistry } from '@libs/connect-transforms';

export const K = 'org.apache.kafka.connect.transforms.';
export const C = 'io.confluent.connect.transforms.';

export function smt(className: string, props: Record<string, string> = {}): Transformation<SinkRecord> {
  const p = defaultTransformRegistry.find(className);
  if (!p) throw new Error('no plugin ' + className);
  const t = p.create() as unknown as Transformation<SinkRecord>;
  t.configure(props);
  return t;
}

export function pred(className: string, props: Record<string, string> = {}): Predicate<SinkRecord> {
  const p = defaultTransformRegistry.find(className)!;
  const t = p.create() as unknown as Predicate<SinkRecord>;
  t.configure(props);
  return t;
}

export function sinkRecord(opts: {
  topic?: string;
  partition?: number | null;
  keySchema?: Schema | null;
  key?: unknown;
  valueSchema?: Schema | null;
  value?: unknown;
  offset?: number;
  timestamp?: number | null;
  headers?: ConnectHeaders;
}): SinkRecord {
  return new SinkRecord(
    opts.topic ?? 'orders',
    opts.partition === undefined ? 0 : opts.partition,
    opts.keySchema ?? null,
    opts.key ?? null,
    opts.valueSchema ?? null,
    opts.value === undefined ? null : opts.value,
    opts.offset ?? 9,
    opts.timestamp === undefined ? 1700000000000 : opts.timestamp,
    'CreateTime',
    opts.headers,
  );
}

export function sourceRecord(value: unknown, valueSchema: Schema | null = null): SourceRecord {
  return new SourceRecord({ p: 1 }, { o: 1 }, 'orders', 0, null, null, valueSchema, value, 1700000000000);
}
