// CollectSink: a built-in test sink. Every record put() is appended as one JSON line
// {topic, partition, offset, key, value, task} to `file` (a test reads the file back).
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  ConfigDef,
  ConfigException,
  SinkConnector,
  SinkTask,
  type Props,
  type SinkRecord,
  type TaskConstructor,
} from '@libs/connect-spi';
import type { ConnectorPlugin } from '@libs/connect-spi';
import { BUILTIN_VERSION } from './counter-source';

const GROUP = 'Collect';

export function collectSinkConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'topics',
      type: 'LIST',
      importance: 'HIGH',
      documentation: 'Topics to consume.',
      group: GROUP,
      orderInGroup: 1,
      displayName: 'Topics',
    })
    .define({
      name: 'file',
      type: 'STRING',
      importance: 'HIGH',
      documentation: 'JSONL file the records are appended to.',
      group: GROUP,
      orderInGroup: 2,
      displayName: 'File',
    })
    .define({
      name: 'tasks.max',
      type: 'INT',
      defaultValue: 1,
      importance: 'HIGH',
      documentation: 'Number of sink tasks.',
      group: GROUP,
      orderInGroup: 3,
    });
}

export class CollectSinkConnector extends SinkConnector {
  private props: Props = {};

  version(): string {
    return BUILTIN_VERSION;
  }

  start(props: Props): void {
    const parsed = this.config().parse(props);
    if (!parsed.file) throw new ConfigException('file', parsed.file, 'file is required');
    this.props = { ...props };
  }

  taskClass(): TaskConstructor<unknown> {
    return CollectSinkTask;
  }

  taskConfigs(maxTasks: number): Props[] {
    const n = Math.min(maxTasks, Number(this.props['tasks.max'] ?? 1));
    // as CounterSource: growing or shrinking tasks.max leaves the other tasks running (a rebalance, not a restart)
    const { 'tasks.max': _max, ...rest } = this.props;
    return Array.from({ length: n }, (_, i) => ({ ...rest, 'task.id': String(i) }));
  }

  stop(): void {}

  config(): ConfigDef {
    return collectSinkConfigDef();
  }
}

function plain(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), plain(x)]));
  if (typeof v === 'bigint') return v.toString();
  if (v && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON !== 'function' && !Array.isArray(v)) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = plain(x);
    return o;
  }
  return v;
}

export class CollectSinkTask extends SinkTask {
  private file = '';
  private taskId = 0;

  version(): string {
    return BUILTIN_VERSION;
  }

  start(props: Props): void {
    this.file = String(props.file ?? '');
    this.taskId = Number(props['task.id'] ?? 0);
    mkdirSync(dirname(this.file), { recursive: true });
  }

  put(records: SinkRecord[]): void {
    if (records.length === 0) return;
    const lines = records.map((r) =>
      JSON.stringify({
        topic: r.topic,
        partition: r.kafkaPartition,
        offset: r.kafkaOffset,
        key: plain(r.key),
        value: plain(r.value),
        task: this.taskId,
        // the Connect headers (after header.converter), only when the record has any
        ...(r.headers.size > 0
          ? { headers: Object.fromEntries(r.headers.toArray().map((h) => [h.key, plain(h.value)])) }
          : {}),
      }),
    );
    appendFileSync(this.file, lines.join('\n') + '\n');
  }

  stop(): void {}
}

export const collectSinkPlugin: ConnectorPlugin = {
  alias: 'CollectSink',
  className: 'io.connectplane.connect.builtin.CollectSinkConnector',
  type: 'sink',
  version: BUILTIN_VERSION,
  create: () => new CollectSinkConnector(),
};
