// io.confluent.connect.transforms.MessageTimestampRouter: like TimestampRouter, but the
// timestamp comes from the first present field of message.timestamp.keys in a Map value.
import { ConfigDef, DataException, NonEmptyList, type Transformation } from '@libs/connect-spi';
import { type AnyRecord, requireMap } from '../util/requirements';
import { SimpleDateFormat, simpleDateFormatValidator } from '../util/simple-date-format';

export function messageTimestampRouterConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'topic.format',
      type: 'STRING',
      defaultValue: '${topic}-${timestamp}',
      importance: 'HIGH',
      documentation:
        'Format string which can contain ${topic} and ${timestamp} as placeholders for the topic and timestamp, respectively.',
    })
    .define({
      name: 'message.timestamp.format',
      type: 'STRING',
      defaultValue: 'yyyy-MM-dd',
      validator: simpleDateFormatValidator,
      importance: 'HIGH',
      documentation: 'Format string for the message timestamp that is compatible with java.text.SimpleDateFormat.',
    })
    .define({
      name: 'topic.timestamp.format',
      type: 'STRING',
      defaultValue: 'yyyy.MM.dd',
      validator: simpleDateFormatValidator,
      importance: 'HIGH',
      documentation: 'Format string for the topic timestamp that is compatible with java.text.SimpleDateFormat.',
    })
    .define({
      name: 'message.timestamp.keys',
      type: 'LIST',
      validator: new NonEmptyList(),
      importance: 'HIGH',
      documentation: 'Comma-separated list of field names to search, in order, for the message timestamp.',
    });
}

export class MessageTimestampRouter<R extends AnyRecord> implements Transformation<R> {
  private topicFormat = '';
  private messageFormat = new SimpleDateFormat('yyyy-MM-dd');
  private topicTsFormat = new SimpleDateFormat('yyyy.MM.dd');
  private keys: string[] = [];

  config(): ConfigDef {
    return messageTimestampRouterConfigDef();
  }

  configure(props: Readonly<Record<string, unknown>>): void {
    const p = messageTimestampRouterConfigDef().parse(props);
    this.topicFormat = p['topic.format'] as string;
    this.messageFormat = new SimpleDateFormat(p['message.timestamp.format'] as string);
    this.topicTsFormat = new SimpleDateFormat(p['topic.timestamp.format'] as string);
    this.keys = p['message.timestamp.keys'] as string[];
  }

  apply(record: R): R | null {
    const value = requireMap(record.value, 'message timestamp routing');
    const key = this.keys.find((k) => value[k] !== null && value[k] !== undefined);
    if (key === undefined)
      throw new DataException(`None of the timestamp keys ${JSON.stringify(this.keys)} found in the record value`);
    const raw = value[key];
    let ts: Date;
    if (typeof raw === 'number' || typeof raw === 'bigint') ts = new Date(Number(raw));
    else {
      try {
        ts = this.messageFormat.parse(String(raw));
      } catch (e) {
        throw new DataException(
          `Could not parse timestamp field ${key} (${String(raw)}) with pattern ${this.messageFormat.toPattern()}`,
          { cause: e },
        );
      }
    }
    const topic = this.topicFormat
      .split('${topic}')
      .join(record.topic)
      .split('${timestamp}')
      .join(this.topicTsFormat.format(ts));
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
