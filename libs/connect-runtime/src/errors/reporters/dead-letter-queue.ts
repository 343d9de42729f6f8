import { javaClassNameOf, printStackTrace } from '../exception-names';
import type { ErrorContext, ErrorReporter, RawHeader } from '../processing-context';

export interface DlqMessage {
  key: Buffer | null;
  value: Buffer | null;
  headers: RawHeader[];
  timestamp?: number;
}

/** Sends one DLQ message; the runtime binds it to a producer (and creates the topic first). */
export type DlqSender = (topic: string, message: DlqMessage) => Promise<void>;

export const CONTEXT_HEADER_PREFIX = '__connect.errors.';

const text = (s: string | null | undefined): Buffer | null =>
  s === null || s === undefined ? null : Buffer.from(s, 'utf8');

/**
 * The record a DLQ receives. Sinks: the original consumed bytes and headers (Kafka Connect).
 * Sources (ours; Kafka Connect has no source DLQ): the converted bytes when conversion succeeded,
 * otherwise a JSON rendering of the record as far as it got (docs/errors.md).
 */
export function buildDlqMessage(ctx: ErrorContext, contextHeaders: boolean): DlqMessage {
  let base: DlqMessage;
  if (ctx.consumed) {
    base = {
      key: ctx.consumed.key,
      value: ctx.consumed.value,
      headers: [...ctx.consumed.headers],
      timestamp: ctx.consumed.timestamp,
    };
  } else if (ctx.converted) {
    base = {
      key: ctx.converted.key,
      value: ctx.converted.value,
      headers: [...ctx.converted.headers],
      timestamp: ctx.sourceRecord?.timestamp ?? undefined,
    };
  } else {
    const r = ctx.sourceRecord;
    base = {
      key: r && r.key !== null && r.key !== undefined ? Buffer.from(renderJson(r.key)) : null,
      value: r
        ? Buffer.from(
            renderJson({
              topic: r.topic,
              partition: r.kafkaPartition,
              key: r.key,
              value: r.value,
              sourcePartition: r.sourcePartition,
              sourceOffset: r.sourceOffset,
            }),
          )
        : null,
      headers: r ? [...r.headers].map((h) => ({ key: h.key, value: text(renderJson(h.value)) })) : [],
      timestamp: r?.timestamp ?? undefined,
    };
  }
  if (!contextHeaders) return base;
  const add = (name: string, value: string | null) =>
    base.headers.push({ key: `${CONTEXT_HEADER_PREFIX}${name}`, value: text(value) });
  if (ctx.consumed) {
    add('topic', ctx.consumed.topic);
    add('partition', String(ctx.consumed.partition));
    add('offset', String(ctx.consumed.offset));
  } else if (ctx.sourceRecord) {
    add('topic', ctx.sourceRecord.topic);
    const p = ctx.sourceRecord.kafkaPartition;
    if (p !== null && p !== undefined) add('partition', String(p));
  }
  add('connector.name', ctx.connectorName);
  add('task.id', String(ctx.taskId));
  add('stage', ctx.stage);
  add('class.name', ctx.executingClass);
  add('exception.class.name', javaClassNameOf(ctx.error));
  add('exception.message', ctx.error.message === '' ? null : ctx.error.message);
  add('exception.stacktrace', printStackTrace(ctx.error));
  return base;
}

/** Connect data (Structs, Buffers, bigints) as JSON text for the source DLQ's fallback form. */
function renderJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (Buffer.isBuffer(v)) return v.toString('base64');
    if (
      v &&
      typeof v === 'object' &&
      (v as { type?: string }).type === 'Buffer' &&
      Array.isArray((v as { data?: unknown }).data)
    ) {
      return Buffer.from((v as { data: number[] }).data).toString('base64');
    }
    // a Struct: its schema's fields (an array; a method in older shapes) with their values
    const struct = v as {
      schema?: { fields?: Array<{ name: string }> | (() => Array<{ name: string }>) };
      get?: (name: string) => unknown;
    } | null;
    const fields = struct?.schema?.fields;
    if (struct && typeof struct.get === 'function' && fields) {
      const list = typeof fields === 'function' ? fields.call(struct.schema) : fields;
      if (Array.isArray(list)) return Object.fromEntries(list.map((f) => [f.name, struct.get!(f.name)]));
    }
    return v;
  });
}

/** A DLQ send failure is counted and logged, never fatal (Kafka Connect's behaviour). */
export class DeadLetterQueueReporter implements ErrorReporter {
  failures = 0;
  requests = 0;

  constructor(
    private readonly topic: string,
    private readonly contextHeaders: boolean,
    private readonly send: DlqSender,
    private readonly onSendFailure: (err: Error) => void = () => undefined,
  ) {}

  async report(ctx: ErrorContext): Promise<void> {
    this.requests++;
    try {
      await this.send(this.topic, buildDlqMessage(ctx, this.contextHeaders));
    } catch (err) {
      this.failures++;
      this.onSendFailure(err as Error);
    }
  }
}
