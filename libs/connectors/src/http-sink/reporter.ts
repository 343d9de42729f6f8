// Where the reporting records go: the success and error topics on the connector's own Kafka
// cluster, through the record writer the runtime gives sink tasks (the connector's identity, its
// cluster, fenced by the task epoch; topics created with one partition on first use).
import type { OutgoingRecord, SinkRecordWriter } from '@libs/connect-spi';
import type { ReportRecord } from './report-records';

/**
 * Headers without the null ones: Confluent writes a null header value, but the producers cannot
 * encode one (kafkajs measures every value as a string), so an unknown field is left out instead.
 */
function present(h: Record<string, string | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== null) out[k] = v;
  return out;
}

export async function writeReports(writer: SinkRecordWriter, topic: string, records: ReportRecord[]): Promise<void> {
  const out: OutgoingRecord[] = records.map((r) => ({ key: null, value: r.value, headers: present(r.headers) }));
  await writer.send(topic, out);
}
