// The pre-delete step of deleted connectors (Connector.onDelete: PostgresCdcSourceV2 drops its
// replication slot, which would otherwise pin WAL until the disk fills). The API's delete leaves a
// ConnectorDeletion row with the last config. The acting reconciler, each pass, takes the rows
// that are due and whose task jobs are gone (the tasks stopped: a slot a task still streams from
// cannot be dropped), claims each in Postgres (so however many workers there are, one runs it at
// a time), and runs the hook in the background with the decrypted config. Success removes the row;
// a failure (the slot still active, the database unreachable) is retried with backoff.
import { openConnectorConfig, type PendingConnectorDeletion } from '@libs/db';
import type { PluginRegistry } from '@libs/connect-spi';
import { background, errorText, withinTime } from './guard';
import type { RuntimeLog } from './runtime-log';

/** How long a claimed row stays ours: longer than the hook's own time limit. */
const CLAIM_MS = 120_000;
const HOOK_TIMEOUT_MS = 60_000;
const MAX_BACKOFF_MS = 60_000;
const PER_PASS = 20;

export interface ConnectorDeletionStore {
  due(organizationIds: string[] | undefined, limit: number): Promise<PendingConnectorDeletion[]>;
  claim(connectorId: string, leaseMs: number): Promise<boolean>;
  done(connectorId: string): Promise<void>;
  retryAt(connectorId: string, at: Date, error: string): Promise<void>;
}

export interface ConnectorDeletionDeps {
  store: ConnectorDeletionStore;
  registry: PluginRegistry;
  secrets: { decrypt(envelope: string, aad: string): string };
  log: RuntimeLog;
}

/** Delay before attempt n+1 (n ≥ 1): 1 s, 2 s, 4 s … up to a minute. */
export const deletionBackoffMs = (attempts: number): number =>
  Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));

export class ConnectorDeletionRunner {
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: ConnectorDeletionDeps,
    private readonly organizationIds?: string[],
  ) {}

  /**
   * One reconcile pass's share: claims the due rows whose tasks no longer run (`jobsGone` answers
   * from the queue) and starts their hooks.
   */
  async pass(jobsGone: (d: PendingConnectorDeletion) => Promise<boolean>): Promise<void> {
    const due = await this.deps.store.due(this.organizationIds, PER_PASS);
    for (const d of due) {
      if (this.running.has(d.connectorId) || !(await jobsGone(d))) continue;
      if (!(await this.deps.store.claim(d.connectorId, CLAIM_MS))) continue;
      const run = this.run(d, d.attempts + 1).finally(() => this.running.delete(d.connectorId));
      this.running.set(d.connectorId, run);
      background(this.deps.log, 'connector clean-up failed', { connector: d.connectorId }, () => run);
    }
  }

  private async run(d: PendingConnectorDeletion, attempt: number): Promise<void> {
    const plugin = this.deps.registry.find(d.pluginClass);
    if (!plugin) {
      // nothing can run its clean-up here; another worker may have the plugin
      await this.deps.store.retryAt(d.connectorId, new Date(Date.now() + MAX_BACKOFF_MS), 'plugin not installed');
      return;
    }
    try {
      const config = openConnectorConfig(this.deps.secrets, d.connectorId, d.config as Record<string, string>);
      await withinTime('Connector.onDelete()', HOOK_TIMEOUT_MS, plugin.create().onDelete(config));
    } catch (e) {
      const delay = deletionBackoffMs(attempt);
      this.deps.log('warn', 'connector clean-up failed, retrying', {
        connector: d.connectorId,
        name: d.name,
        attempt,
        retryInMs: delay,
        error: errorText(e),
      });
      await this.deps.store.retryAt(d.connectorId, new Date(Date.now() + delay), errorText(e));
      return;
    }
    await this.deps.store.done(d.connectorId);
    this.deps.log('info', 'connector clean-up done', { connector: d.connectorId, name: d.name, attempt });
  }

  /** Waits for the hooks started here (a graceful close lets them finish or time out). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }
}
