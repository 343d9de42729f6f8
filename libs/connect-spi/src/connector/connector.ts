// The Connector SPI (Kafka's Connector): validates its config, splits the work into task
// configs, and is started/stopped by the runtime. Async-friendly: lifecycle methods may return
// promises because connectors here do network I/O in start/stop.
import type { ConfigDef } from '../config/config-def';
import type { Config } from '../config/config-value';

export type Props = Record<string, string>;
export type MaybePromise<T> = T | Promise<T>;

export interface ConnectorContext {
  /** Ask the runtime to call taskConfigs() again (e.g. the set of tables changed). */
  requestTaskReconfiguration(): void;
  /** Fail the connector asynchronously with this error. */
  raiseError(error: Error): void;
}

export interface TaskConstructor<T> {
  new (): T;
}

export abstract class Connector {
  protected context: ConnectorContext | null = null;

  initialize(context: ConnectorContext): void {
    this.context = context;
  }

  abstract version(): string;
  abstract start(props: Props): MaybePromise<void>;
  abstract taskClass(): TaskConstructor<unknown>;
  /** At most maxTasks configs, one per task to run. */
  abstract taskConfigs(maxTasks: number): MaybePromise<Props[]>;
  abstract stop(): MaybePromise<void>;
  abstract config(): ConfigDef;

  /**
   * The connector was deleted and its tasks have stopped: release what it holds outside Kafka (a
   * replication slot). Called on a fresh instance (no start()) with its last config, PASSWORD
   * values decrypted. The runtime calls it on one worker at a time and again later when it throws,
   * until it returns, so it must be idempotent. Default: nothing to release.
   */
  onDelete(_connectorConfigs: Props): MaybePromise<void> {}

  /** Default: validate against config(); override to add cross-field checks. */
  validate(connectorConfigs: Props): MaybePromise<Config> {
    return { configValues: this.config().validate(connectorConfigs) };
  }
}

/** Common to SourceTask and SinkTask. */
export interface Task {
  version(): string;
  start(props: Props): MaybePromise<void>;
  stop(): MaybePromise<void>;
}
