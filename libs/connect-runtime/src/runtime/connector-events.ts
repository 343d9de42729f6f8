// Connector events (issue 17): a task or connector that fails, and a task that runs again after
// failing, as CloudEvents 1.0 (Confluent's Connect Log Events shape). Each is stored for the API
// and produced to the connector's cluster on the topic confluent-connect-log-events (created on
// first use; Confluent writes it to the organization's audit-log cluster, here it lives per
// cluster). Best effort and in the background: an event never holds up or fails a task.
import type { NewConnectorEvent, StoredConnectorEvent } from '@libs/db';
import type { KafkaClientPool } from './kafka-pool';
import { background } from './guard';
import type { RuntimeLog } from './runtime-log';

export const CONNECT_EVENTS_TOPIC = 'confluent-connect-log-events';
export const CONNECTOR_EVENT_TYPES = {
  taskFailed: 'io.confluent.logevents.connect.TaskFailed',
  connectorFailed: 'io.confluent.logevents.connect.ConnectorFailed',
  /** Ours: Confluent emits failures only; a recovery closes an open failure. */
  taskRecovered: 'io.connectplane.logevents.connect.TaskRecovered',
} as const;

export interface ConnectorCloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: {
    level: 'ERROR' | 'INFO';
    context: { connectorId: string; taskId?: number };
    summary: { connectorErrorSummary: { message: string; rootCause: string } };
  };
}

/** The CloudEvent of a stored event (the API and the topic send the same). */
export function connectorCloudEvent(e: StoredConnectorEvent): ConnectorCloudEvent {
  return {
    specversion: '1.0',
    id: e.eventId,
    source: `crn://confluent.cloud/organization=${e.organizationId}/environment=${e.environmentId}/cloud-cluster=${e.clusterId}/connector=${e.connectorName}`,
    type: e.type,
    subject: e.connectorId,
    time: e.time.toISOString(),
    datacontenttype: 'application/json',
    data: {
      level: e.type === CONNECTOR_EVENT_TYPES.taskRecovered ? 'INFO' : 'ERROR',
      context: { connectorId: e.connectorId, ...(e.taskId !== null ? { taskId: e.taskId } : {}) },
      summary: { connectorErrorSummary: { message: e.message, rootCause: e.rootCause ?? '' } },
    },
  };
}

export interface ConnectorEventSink {
  emit(e: NewConnectorEvent): void;
}

export class ConnectorEventEmitter implements ConnectorEventSink {
  /** Clusters whose events topic this process has made sure of. */
  private readonly topicReady = new Map<string, Promise<void>>();

  constructor(
    private readonly writer: { append(e: NewConnectorEvent): Promise<StoredConnectorEvent | null> },
    private readonly pool: KafkaClientPool,
    private readonly log: RuntimeLog,
  ) {}

  emit(e: NewConnectorEvent): void {
    background(this.log, 'connector event not published', { connector: e.connectorId, type: e.type }, async () => {
      const stored = await this.writer.append(e);
      if (stored) await this.produce(stored);
    });
  }

  private async produce(e: StoredConnectorEvent): Promise<void> {
    const kafka = await this.pool.acquire(e.clusterId);
    try {
      await this.ensureTopic(e.clusterId, kafka);
      const producer = await this.pool.producer(e.clusterId);
      await producer.send({
        topic: CONNECT_EVENTS_TOPIC,
        acks: -1,
        messages: [{ key: e.connectorId, value: JSON.stringify(connectorCloudEvent(e)) }],
      });
    } finally {
      await this.pool.release(e.clusterId);
    }
  }

  private ensureTopic(clusterId: string, kafka: Awaited<ReturnType<KafkaClientPool['acquire']>>): Promise<void> {
    let ready = this.topicReady.get(clusterId);
    if (!ready) {
      ready = (async () => {
        const admin = kafka.admin();
        await admin.connect();
        try {
          // false when it exists already
          await admin.createTopics({ topics: [{ topic: CONNECT_EVENTS_TOPIC, numPartitions: 1 }] });
        } finally {
          await admin.disconnect().catch(() => undefined);
        }
      })();
      ready.catch(() => this.topicReady.delete(clusterId));
      this.topicReady.set(clusterId, ready);
    }
    return ready;
  }
}
