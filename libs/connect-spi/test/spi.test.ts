// A tiny counter source and collecting sink written against the SPI, to prove the abstract
// classes are usable as plugin bases and that default validate() comes from config().
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CaseInsensitiveValidString,
  ConfigDef,
  ConfigException,
  NonEmptyStringWithoutControlChars,
  type OffsetMap,
  type Props,
  Range,
  Schemas,
  SinkConnector,
  type SinkRecord,
  SinkTask,
  SourceConnector,
  SourceRecord,
  SourceTask,
  ValidList,
} from '@libs/connect-spi';

class CounterTask extends SourceTask {
  private next = 0;
  private topic = '';
  version(): string {
    return '1.0';
  }
  start(props: Props): void {
    this.topic = props.topic;
  }
  async poll(): Promise<SourceRecord[] | null> {
    const n = this.next++;
    return [new SourceRecord({ task: 0 }, { n }, this.topic, null, null, null, Schemas.INT64_SCHEMA, n)];
  }
  stop(): void {}
}

class CounterSource extends SourceConnector {
  private props: Props = {};
  version(): string {
    return '1.0';
  }
  start(props: Props): void {
    this.props = props;
  }
  taskClass() {
    return CounterTask;
  }
  taskConfigs(maxTasks: number): Props[] {
    return Array.from({ length: maxTasks }, (_, i) => ({ ...this.props, 'task.id': String(i) }));
  }
  stop(): void {}
  config(): ConfigDef {
    return new ConfigDef().define({
      name: 'topic',
      type: 'STRING',
      validator: new NonEmptyStringWithoutControlChars(),
      importance: 'HIGH',
      documentation: 'target topic',
    });
  }
}

class CollectTask extends SinkTask {
  readonly seen: SinkRecord[] = [];
  flushed: OffsetMap | null = null;
  version(): string {
    return '1.0';
  }
  start(): void {}
  put(records: SinkRecord[]): void {
    this.seen.push(...records);
  }
  override flush(offsets: OffsetMap): void {
    this.flushed = offsets;
  }
  stop(): void {}
}

class CollectSink extends SinkConnector {
  version(): string {
    return '1.0';
  }
  start(): void {}
  taskClass() {
    return CollectTask;
  }
  taskConfigs(maxTasks: number): Props[] {
    return Array.from({ length: maxTasks }, () => ({}));
  }
  stop(): void {}
  config(): ConfigDef {
    return new ConfigDef();
  }
}

describe('plugin SPI', () => {
  it('source connector validates via config(), splits tasks, tasks poll records', async () => {
    const c = new CounterSource();
    const bad = await c.validate({ topic: 'a\u0001' });
    assert.match(bad.configValues[0].errorMessages[0], /control sequences/);
    const missing = await c.validate({});
    assert.match(missing.configValues[0].errorMessages[0], /Missing required configuration "topic"/);
    c.start({ topic: 'counts' });
    const configs = await c.taskConfigs(2);
    assert.deepEqual(
      configs.map((p) => p['task.id']),
      ['0', '1'],
    );
    const task = new (c.taskClass())();
    await task.start(configs[0]);
    const batch = (await task.poll())!;
    assert.equal(batch[0].topic, 'counts');
    assert.deepEqual(batch[0].sourceOffset, { n: 0 });
  });

  it('sink task preCommit flushes and returns the offsets', async () => {
    const task = new (new CollectSink().taskClass())();
    const offsets: OffsetMap = new Map([['t-0', { topicPartition: { topic: 't', partition: 0 }, offset: 5 }]]);
    assert.equal(await task.preCommit(offsets), offsets);
    assert.equal(task.flushed, offsets);
  });
});

describe('validators', () => {
  it('Range, ValidList, CaseInsensitiveValidString', () => {
    assert.throws(
      () => Range.between(1, 5).ensureValid('n', 6),
      (e: Error) =>
        e instanceof ConfigException &&
        e.message === 'Invalid value 6 for configuration n: Value must be no more than 5',
    );
    Range.between(1, 5).ensureValid('n', 5);
    assert.equal(Range.between(1, 5).toString(), '[1,...,5]');
    assert.throws(
      () => ValidList.in('a', 'b').ensureValid('l', ['a', 'c']),
      /Invalid value c for configuration l: String must be one of: a, b/,
    );
    CaseInsensitiveValidString.in('BASE64', 'NUMERIC').ensureValid('d', 'numeric');
    assert.throws(() => CaseInsensitiveValidString.in('A').ensureValid('d', 'b'), /case insensitive/);
  });
});
