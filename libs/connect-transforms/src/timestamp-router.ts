// TimestampRouter: topic becomes topic.format with ${topic} and ${timestamp} (record timestamp,
// formatted in UTC) substituted.
import { ConfigDef, DataException, type Transformation } from '@libs/connect-spi';
import type { AnyRecord } from './util/requirements';
import { SimpleDateFormat, simpleDateFormatValidator } from './util/simple-date-format';

export function timestampRouterConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'topic.format',
      type: 'STRING',
      defaultValue: '${topic}-${timestamp}',
      importance: 'HIGH',
      documentation:
        'Format string which can contain <code>${topic}</code> and <code>${timestamp}</code> as placeholders for the topic and timestamp, respectively.',
    })
    .define({
      name: 'timestamp.format',
      type: 'STRING',
      defaultValue: 'yyyyMMdd',
      validator: simpleDateFormatValidator,
      importance: 'HIGH',
      documentation: 'Format string for the timestamp that is compatible with <code>java.text.SimpleDateFormat</code>.',
    });
}

export class TimestampRouter<R extends AnyRecord> implements Transformation<R> {
  private topicFormat = '${topic}-${timestamp}';
  private format = new SimpleDateFormat('yyyyMMdd');

  config(): ConfigDef {
    return timestampRouterConfigDef();
  }

  configure(props: Readonly<Record<string, unknown>>): void {
    const p = timestampRouterConfigDef().parse(props);
    this.topicFormat = p['topic.format'] as string;
    this.format = new SimpleDateFormat(p['timestamp.format'] as string);
  }

  apply(record: R): R | null {
    if (record.timestamp === null) throw new DataException('Timestamp missing on record: ' + record.toString());
    const topic = this.topicFormat
      .split('${topic}')
      .join(record.topic)
      .split('${timestamp}')
      .join(this.format.format(record.timestamp));
    return record.newRecord(
      topic,
      record.kafkaPartition,
      record.keySchema,
      record.key,
      record.valueSchema,
      record.value,
      record.timestamp,
    );
  }

  close(): void {}
}
