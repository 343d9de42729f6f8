// What the CDC pipeline tests (a CDC source → topic → a JDBC sink into another database) share:
// the source's output settings and the order the two connectors start in.
import { createConnector, waitRunning, waitTopic, type CdcStack } from './stack';

/** A CDC source's output as the course has it: AVRO keys and values through the Schema Registry. */
export const AVRO_CDC_OUTPUT: Readonly<Record<string, string>> = {
  'output.data.format': 'AVRO',
  'output.key.format': 'AVRO',
  'poll.interval.ms': '100',
  // Connect's Timestamp and Date, which a JDBC sink writes as timestamp / date columns (Debezium's
  // int64 epochs would become bigints)
  'time.precision.mode': 'connect',
};

export interface PipelineConnector {
  name: string;
  config: Record<string, string>;
}

/** Creates the source, then (once its `topic` exists, so the sink has something to subscribe to) the sink; both RUNNING. */
export async function startPipeline(
  env: CdcStack,
  source: PipelineConnector,
  topic: string,
  sink: PipelineConnector,
): Promise<void> {
  await createConnector(env, source.name, source.config);
  await waitRunning(env, source.name);
  await waitTopic(env, topic);
  await createConnector(env, sink.name, sink.config);
  await waitRunning(env, source.name);
  await waitRunning(env, sink.name);
}
