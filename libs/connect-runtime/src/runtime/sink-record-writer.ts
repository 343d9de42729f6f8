// The SinkTaskContext's record writer: a sink task's writes back to Kafka (the HTTP sink's success
// and error topics) go through the connector's own pooled producer, with its Kafka identity, on its
// cluster (embedded or external), checked against the task epoch before each send like the
// runtime's DLQ writes, in produce requests that stay under the broker's message.max.bytes.
import type { OutgoingRecord, SinkRecordWriter } from '@libs/connect-spi';
import type { RecordProducer } from '@libs/kafka-clients';
import type { TopicEnsurer } from './topic-ensurer';

/** Bytes of records per produce request (a report can carry a whole response body). */
const MAX_SEND_BYTES = 256 * 1024;

const sizeOf = (v: Buffer | string | null): number =>
  v === null ? 0 : typeof v === 'string' ? v.length * 3 : v.length;

export function createSinkRecordWriter(opts: {
  ensureTopic: TopicEnsurer;
  producer: () => Promise<RecordProducer>;
  /** Throws when the task's epoch is no longer current (fenced). */
  beforeSend: () => Promise<void>;
}): SinkRecordWriter {
  return {
    async send(topic: string, records: readonly OutgoingRecord[]): Promise<void> {
      if (records.length === 0) return;
      await opts.ensureTopic(topic);
      for (let i = 0; i < records.length;) {
        let bytes = 0;
        const messages = [];
        for (; i < records.length && (messages.length === 0 || bytes < MAX_SEND_BYTES); i++) {
          const r = records[i];
          bytes += sizeOf(r.key) + sizeOf(r.value) + 64;
          for (const [k, v] of Object.entries(r.headers ?? {})) bytes += k.length + sizeOf(v);
          messages.push({ key: r.key, value: r.value, headers: r.headers });
        }
        await opts.beforeSend();
        await (await opts.producer()).send({ topic, acks: -1, messages });
      }
    },
  };
}
