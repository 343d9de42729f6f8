// The conversion stage of a task, as Kafka Connect's WorkerSourceTask / WorkerSinkTask run it
// around the task: source records go through the transformation chain, then the header, key and
// value converters into producer messages; consumed records go through the converters, then the
// chain, into SinkRecords. Every step runs under the task's RetryWithToleranceOperator (KIP-298),
// which decides whether a failing record fails the task or is skipped (and reported).
import type { Message } from 'kafkajs';
import {
  ConnectHeader,
  ConnectHeaders,
  SinkRecord,
  type Converter,
  type Header,
  type HeaderConverter,
  type Props,
  type SourceRecord,
} from '@libs/connect-spi';
import {
  deserializeWith,
  JsonConverter,
  managedConverters,
  newConverter,
  newHeaderConverter,
  serializeWith,
  StringConverter,
  type SchemaRegistryConfig,
} from '@libs/connect-converters';
import { TransformationChain } from '@libs/connect-transforms';
import type { Attempt, ConsumedRecord, ErrorContext, RetryWithToleranceOperator } from '../errors';
import { converterClassName, DEFAULT_HEADER_CONVERTER_CLASS } from './task-errors';

type AnyRecord = SourceRecord & SinkRecord;

/** A source record that made it through the chain and the converters: what the producer sends. */
export interface ConvertedSourceRecord {
  /** The record as the last transformation left it (topic, partition, schemas). */
  out: SourceRecord;
  msg: Message;
}

function defaultValueConverter(): Converter {
  const c = new JsonConverter();
  c.configure({ 'schemas.enable': false, 'converter.type': 'value' }, false);
  return c;
}

function defaultKeyConverter(): Converter {
  const c = new StringConverter();
  c.configure({ 'converter.type': 'key' }, true);
  return c;
}

type MaybePromise<T> = T | Promise<T>;

/** `next(value)` once the attempt succeeded (null when it failed and was tolerated), synchronously when it is. */
function andThen<T, U>(
  a: Attempt<T> | Promise<Attempt<T>>,
  next: (value: T) => MaybePromise<U | null>,
): MaybePromise<U | null> {
  if (a instanceof Promise) return a.then((x) => (x.ok ? next(x.value) : null));
  return a.ok ? next(a.value) : null;
}

/** A consumed header value (kafkajs: bytes, string, or a list for repeated keys) as bytes. */
function rawHeaderBytes(v: unknown): Buffer | null {
  const one = Array.isArray(v) ? (v[0] as unknown) : v;
  if (one === undefined || one === null) return null;
  if (Buffer.isBuffer(one)) return one;
  if (one instanceof Uint8Array) return Buffer.from(one);
  return Buffer.from(String(one), 'utf8');
}

export class ConverterStage {
  private readonly headerClass: string;
  private readonly keyClass: string;
  private readonly valueClass: string;

  private constructor(
    private readonly key: Converter,
    private readonly value: Converter,
    private readonly header: HeaderConverter,
    private readonly chain: TransformationChain<AnyRecord>,
    config: Props,
    private readonly op: RetryWithToleranceOperator,
    private readonly base: { connectorName: string; taskId: number },
  ) {
    const raw = config['header.converter'];
    this.headerClass = typeof raw === 'string' && raw.trim() ? raw.trim() : DEFAULT_HEADER_CONVERTER_CLASS;
    this.keyClass = converterClassName(config, true);
    this.valueClass = converterClassName(config, false);
  }

  /**
   * The task's converters: a managed connector's data format (`output.data.format` /
   * `input.data.format`, Confluent Cloud style) picks them, with its environment's Schema Registry;
   * otherwise `key.converter` / `value.converter` / `header.converter` (defaults: String, schemaless
   * JSON, SimpleHeaderConverter). Then the `transforms` chain.
   */
  static async create(
    config: Props,
    schemaRegistry: () => Promise<SchemaRegistryConfig | undefined>,
    op: RetryWithToleranceOperator,
    base: { connectorName: string; taskId: number },
  ): Promise<ConverterStage> {
    const strings = config as Readonly<Record<string, string | undefined>>;
    let key: Converter | null = null;
    let value: Converter | null = null;
    if (strings['output.data.format'] !== undefined || strings['input.data.format'] !== undefined) {
      const m = managedConverters(strings, (await schemaRegistry()) ?? {});
      if (m) ({ key, value } = m);
    }
    key ??= newConverter(config, 'key.converter', true) ?? defaultKeyConverter();
    value ??= newConverter(config, 'value.converter', false) ?? defaultValueConverter();
    const chain = TransformationChain.fromConfig<AnyRecord>(config);
    return new ConverterStage(key, value, newHeaderConverter(config), chain, config, op, base);
  }

  /**
   * Source: the transformation chain, then header/key/value conversion. null = not to be sent:
   * dropped by a transform (counted as processed) or failed and tolerated (reported by the operator).
   * Synchronous while every step is (the usual case: no promise per record); a step that returns a
   * promise continues the rest asynchronously.
   */
  convertSource(original: SourceRecord): MaybePromise<ConvertedSourceRecord | null> {
    return this.transformFrom(0, original);
  }

  /** The chain's stages from `index` on, then the converters. */
  private transformFrom(index: number, record: SourceRecord): MaybePromise<ConvertedSourceRecord | null> {
    const stages = this.chain.stages;
    let r = record;
    for (let i = index; i < stages.length; i++) {
      const stage = stages[i]!;
      const cur = r;
      const a = this.op.attempt(
        () => ({ ...this.base, stage: 'TRANSFORMATION', executingClass: stage.className, sourceRecord: cur }),
        () => stage.apply(cur as AnyRecord) as SourceRecord | null,
      );
      if (a instanceof Promise) return a.then((x) => (x.ok ? this.transformed(i + 1, x.value) : null));
      if (!a.ok) return null;
      if (a.value === null) return this.transformed(i + 1, null);
      r = a.value;
    }
    return this.convertOut(r);
  }

  /** After stage `next - 1` returned `r`: null = dropped by a transform (e.g. Filter), processed, not failed. */
  private transformed(next: number, r: SourceRecord | null): MaybePromise<ConvertedSourceRecord | null> {
    if (r !== null) return this.transformFrom(next, r);
    this.op.recordSuccess();
    return null;
  }

  /** Header, key and value conversion of the chain's output. */
  private convertOut(out: SourceRecord): MaybePromise<ConvertedSourceRecord | null> {
    const op = this.op;
    const ctx = (stage: ErrorContext['stage'], executingClass: string) => () => ({
      ...this.base,
      sourceRecord: out,
      stage,
      executingClass,
    });
    const headers: Record<string, Buffer | string> = {};
    const hp = op.attempt(ctx('HEADER_CONVERTER', this.headerClass), () => {
      for (const one of out.headers.toArray() as Header[])
        headers[one.key] = this.header.fromConnectHeader(out.topic, one.key, one.schema, one.value) as Buffer;
    });
    return andThen(hp, () => {
      const kp = op.attempt(ctx('KEY_CONVERTER', this.keyClass), () =>
        serializeWith(this.key, out.topic, out.headers, out.keySchema, out.key),
      );
      return andThen(kp, (key) => {
        const vp = op.attempt(ctx('VALUE_CONVERTER', this.valueClass), () =>
          serializeWith(this.value, out.topic, out.headers, out.valueSchema, out.value),
        );
        return andThen(vp, (value) => {
          op.recordSuccess();
          const msg: Message = { key, value, headers }; // no conditional spreads: one per record
          if (out.timestamp !== null) msg.timestamp = String(out.timestamp);
          if (out.kafkaPartition !== null) msg.partition = out.kafkaPartition;
          return { out, msg };
        });
      });
    });
  }

  /** Sink: header/key/value conversion, then the transformation chain. null = skip (dropped or tolerated). */
  async convertSink(
    consumed: ConsumedRecord,
    rawHeaderValues: Record<string, unknown> | undefined,
  ): Promise<SinkRecord | null> {
    const op = this.op;
    const ctx = (stage: ErrorContext['stage'], executingClass: string) => () => ({
      ...this.base,
      consumed,
      stage,
      executingClass,
    });
    const hp = op.attempt(
      ctx('HEADER_CONVERTER', this.headerClass),
      () =>
        new ConnectHeaders(
          Object.entries(rawHeaderValues ?? {}).map(([k, v]) => {
            const sv = this.header.toConnectHeader(consumed.topic, k, rawHeaderBytes(v));
            return new ConnectHeader(k, sv.schema, sv.value);
          }),
        ),
    );
    const h = hp instanceof Promise ? await hp : hp;
    if (!h.ok) return null;
    const headers = h.value;
    const kp = op.attempt(ctx('KEY_CONVERTER', this.keyClass), () =>
      deserializeWith(this.key, consumed.topic, headers, consumed.key),
    );
    const k = kp instanceof Promise ? await kp : kp;
    if (!k.ok) return null;
    const vp = op.attempt(ctx('VALUE_CONVERTER', this.valueClass), () =>
      deserializeWith(this.value, consumed.topic, headers, consumed.value),
    );
    const v = vp instanceof Promise ? await vp : vp;
    if (!v.ok) return null;
    let rec: SinkRecord | null = new SinkRecord(
      consumed.topic,
      consumed.partition,
      k.value.schema,
      k.value.value,
      v.value.schema,
      v.value.value,
      consumed.offset,
      consumed.timestamp ?? null,
      'CreateTime',
      headers,
    );
    for (const stage of this.chain.stages) {
      const cur: SinkRecord = rec;
      const ap = op.attempt(
        ctx('TRANSFORMATION', stage.className),
        () => stage.apply(cur as AnyRecord) as SinkRecord | null,
      );
      const a = ap instanceof Promise ? await ap : ap;
      if (!a.ok) return null;
      if (a.value === null) {
        op.recordSuccess(); // dropped by a transform (e.g. Filter): processed, not failed
        return null;
      }
      rec = a.value;
    }
    op.recordSuccess();
    return rec;
  }

  close(): void {
    this.chain.close();
  }
}
