// The shapes the Connect v1 API and the runtime exchange through ConnectorRepository.
import type {
  Connector,
  ConnectorTargetState,
  ConnectorTask,
  ConnectorType,
  ConnectRuntimeState,
} from '@generated/prisma/client';

export interface OffsetEntry {
  partition: Record<string, unknown>;
  offset: Record<string, unknown> | null;
}

export type ConnectorWithTasks = Connector & { tasks: ConnectorTask[] };

export interface NewConnector {
  id: string;
  environmentId: string;
  name: string;
  pluginClass: string;
  type: ConnectorType;
  config: Record<string, string>;
  targetState?: ConnectorTargetState;
  /** Seeds SourceOffset rows (source connectors). */
  sourceOffsets?: OffsetEntry[];
  /** Left PENDING for the runtime (sink connectors: consumer group offsets). */
  pendingOffsetRequest?: { id: string; offsets: OffsetEntry[] };
}

export interface TaskStatusSeed {
  taskId: number;
  state: ConnectRuntimeState;
  config?: Record<string, string>;
  generation?: number;
  workerId?: string | null;
  trace?: string | null;
  message?: string | null;
  restartCount?: number;
}
