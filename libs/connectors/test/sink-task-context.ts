// A SinkTaskContext for driving a sink task without the runtime (unit tests, benches): what the
// task writes back to Kafka goes to `send`.
import type { ErrantRecordReporter, OutgoingRecord, Props, SinkRecordWriter, SinkTaskContext } from '@libs/connect-spi';

export function sinkTaskContext(
  props: Props,
  send: SinkRecordWriter['send'],
  opts: { connectorId?: string; errant?: ErrantRecordReporter } = {},
): SinkTaskContext {
  return {
    configs: props,
    connectorId: opts.connectorId ?? 'lcc-test',
    offset: () => undefined,
    timeout: () => undefined,
    assignment: () => [],
    pause: () => undefined,
    resume: () => undefined,
    requestCommit: () => undefined,
    errantRecordReporter: () => opts.errant ?? null,
    recordWriter: () => ({ send }),
  };
}

/** A writer's send that keeps the records by topic. */
export function collectInto(written: Map<string, OutgoingRecord[]>): SinkRecordWriter['send'] {
  return async (topic, records) => void written.set(topic, [...(written.get(topic) ?? []), ...records]);
}
