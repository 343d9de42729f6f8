// Connect v1 shapes (https://docs.confluent.io/cloud/current/api.html#tag/Connectors-(v1)):
// connector info, status derived from task rows, task infos, offsets, offset requests. Configs come back
// with every secret masked and the service keys added.
import { Injectable } from '@nestjs/common';
import type { ConnectorPlugin } from '@libs/connect-spi';
import { deriveConnectorState, type ConnectorState } from '@libs/connect-runtime';
import {
  looksLikeSecretEnvelope,
  type ConnectorOffsetRequest,
  type ConnectorTask,
  type ConnectorWithTasks,
  type KafkaCluster,
  type OffsetEntry,
  type SourceOffset,
} from '@libs/db';
import { ClusterPresenter } from '../cmk/cluster.presenter';
import { ConnectorConfigValidator, PASSWORD_MASK } from './connector-config';

export interface TaskStatus {
  id: number;
  state: string;
  worker_id: string;
  msg: string;
  trace?: string;
  restart_count?: number;
}

export interface ConnectorStatus {
  name: string;
  type: string;
  connector: { state: ConnectorState; worker_id: string; trace: string };
  tasks: TaskStatus[];
}

/** The message Kafka Connect answers after offsets were altered / reset through the framework. */
export const offsetsAppliedMessage = (type: 'PATCH' | 'DELETE') =>
  `The Connect framework-managed offsets for this connector have been ${type === 'PATCH' ? 'altered' : 'reset'} successfully. However, if this connector manages offsets externally, they will need to be manually ${type === 'PATCH' ? 'altered' : 'reset'} in the system that the connector uses.`;

@Injectable()
export class ConnectPresenter {
  constructor(
    private readonly clusters: ClusterPresenter,
    private readonly validator: ConnectorConfigValidator,
  ) {}

  /** The keys Confluent adds to every returned config. */
  serviceKeys(cluster: KafkaCluster): Record<string, string> {
    return {
      'cloud.environment': 'prod',
      'cloud.provider': cluster.cloud.toLowerCase(),
      'kafka.endpoint': this.clusters.bootstrapOf(cluster),
      'kafka.region': cluster.region,
      'kafka.max.partition.validation.disable': 'false',
    };
  }

  /** Stored config → what clients see: secrets masked, service keys added, keys sorted. */
  config(
    cluster: KafkaCluster,
    c: ConnectorWithTasks,
    plugin: ConnectorPlugin | undefined,
    stored: Record<string, unknown> = c.config as Record<string, unknown>,
  ): Record<string, string> {
    const secret = this.validator.passwordKeys(plugin, c.config as Record<string, unknown>);
    const merged: Record<string, string> = { ...this.serviceKeys(cluster) };
    for (const [k, v] of Object.entries(stored))
      merged[k] = secret.has(k) || looksLikeSecretEnvelope(v) ? PASSWORD_MASK : String(v ?? '');
    return Object.fromEntries(
      Object.keys(merged)
        .sort()
        .map((k) => [k, merged[k]]),
    );
  }

  /** Task ids as Kafka lists them: none while STOPPED. */
  private visibleTasks(c: ConnectorWithTasks): ConnectorTask[] {
    return c.targetState === 'STOPPED' && deriveConnectorState(c) === 'STOPPED' ? [] : c.tasks;
  }

  info(cluster: KafkaCluster, c: ConnectorWithTasks, plugin: ConnectorPlugin | undefined) {
    return {
      name: c.name,
      type: c.type.toLowerCase(),
      config: this.config(cluster, c, plugin),
      tasks: this.visibleTasks(c).map((t) => ({ connector: c.name, task: t.taskId })),
    };
  }

  taskStatus(c: ConnectorWithTasks, t: ConnectorTask): TaskStatus {
    return {
      id: t.taskId,
      state: t.state === 'PROVISIONING' ? 'UNASSIGNED' : t.state,
      worker_id: t.workerId ?? c.name,
      msg: t.message ?? '',
      ...(t.trace ? { trace: t.trace } : {}),
      ...(t.restartCount > 0 ? { restart_count: t.restartCount } : {}),
    };
  }

  status(c: ConnectorWithTasks): ConnectorStatus {
    const state = deriveConnectorState(c);
    const failedTask = c.tasks.find((t) => t.state === 'FAILED' && t.trace);
    const trace = c.trace ?? (state === 'FAILED' || state === 'DEGRADED' ? (failedTask?.trace ?? '') : '');
    return {
      name: c.name,
      type: c.type.toLowerCase(),
      connector: { state, worker_id: c.workerId ?? c.name, trace },
      tasks: this.visibleTasks(c).map((t) => this.taskStatus(c, t)),
    };
  }

  tasks(cluster: KafkaCluster, c: ConnectorWithTasks, plugin: ConnectorPlugin | undefined) {
    return this.visibleTasks(c).map((t) => ({
      id: { connector: c.name, task: t.taskId },
      config: this.config(cluster, c, plugin, t.config as Record<string, unknown>),
    }));
  }

  id(c: { id: string }) {
    return { id: c.id, id_type: 'ID' };
  }

  offsets(c: ConnectorWithTasks, rows: SourceOffset[] | OffsetEntry[]) {
    return {
      id: c.id,
      name: c.name,
      offsets: rows.map((r) =>
        'connectorId' in r ? { partition: JSON.parse(r.partition) as unknown, offset: r.offset } : r,
      ),
      metadata: { observed_at: new Date().toISOString() },
    };
  }

  offsetRequest(c: ConnectorWithTasks, r: ConnectorOffsetRequest) {
    return {
      id: c.id,
      name: c.name,
      offsets: (r.offsets as OffsetEntry[] | null) ?? [],
      requested_at: r.requestedAt.toISOString(),
      type: r.type,
    };
  }

  offsetRequestStatus(c: ConnectorWithTasks, r: ConnectorOffsetRequest) {
    const message =
      r.status === 'APPLIED'
        ? offsetsAppliedMessage(r.type)
        : r.status === 'FAILED'
          ? (r.error ?? 'The offsets request failed')
          : 'The request to alter offsets is pending: the connector is stopped, its offsets altered, and it is resumed.';
    return {
      request: this.offsetRequest(c, r),
      status: { phase: r.status, message },
      previous_offsets: (r.previousOffsets as OffsetEntry[] | null) ?? [],
      applied_at: r.appliedAt ? r.appliedAt.toISOString() : null,
    };
  }
}
