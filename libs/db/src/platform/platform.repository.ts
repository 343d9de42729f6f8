// The one way to read and write across tenants. Tenant repositories (../repositories) take an
// OrgScope and never see another organization's rows; what is cross-tenant by nature goes through
// here, each part named for who needs it. Grep for PlatformRepository to review every such use.
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma.service';
import { AuthLookups } from './auth-lookups';
import { ConnectorDeletions } from './connector-deletions';
import { ConnectorEventWriter } from './connector-event-writer';
import { ConnectorLogWriter } from './connector-log-writer';
import { ConnectorRuntimeRepository } from './connector-runtime.repository';
import { MetricSeriesWriter } from './metric-series-writer';
import { SecretsRotation } from './secrets-rotation';
import { TenantDirectory } from './tenant-directory';
import { WorkerClusters } from './worker-clusters';
import { WorkerLivenessRepository } from './worker-liveness.repository';

@Injectable()
export class PlatformRepository {
  /** API key look-ups by id, before the tenant is known (API guards, the broker's SASL login). */
  readonly auth: AuthLookups;
  /** All organizations: the operator's listing, the start-up bootstrap. */
  readonly tenants: TenantDirectory;
  /** Every stored secret envelope, for `npm run secrets:rotate`. */
  readonly secrets: SecretsRotation;
  /** The connector runtime: reconciler passes, task claims and fenced task writes. */
  readonly runtime: ConnectorRuntimeRepository;
  /** Deleted connectors awaiting their plugin's clean-up (Connector.onDelete). */
  readonly connectorDeletions: ConnectorDeletions;
  /** The runtime's Kafka clusters, by id. */
  readonly clusters: WorkerClusters;
  /** Worker heartbeats (connect status shows tasks of dead workers UNASSIGNED). */
  readonly workers: WorkerLivenessRepository;
  /** Connectors' log lines written by the workers, and their pruning. */
  readonly connectorLogs: ConnectorLogWriter;
  /** Connector events (failures, recoveries) raised by the runtime. */
  readonly connectorEvents: ConnectorEventWriter;
  /** Metrics API samples from workers and the broker, and their retention. */
  readonly metricSeries: MetricSeriesWriter;

  constructor(db: PrismaService) {
    this.auth = new AuthLookups(db);
    this.tenants = new TenantDirectory(db);
    this.secrets = new SecretsRotation(db);
    this.runtime = new ConnectorRuntimeRepository(db);
    this.connectorDeletions = new ConnectorDeletions(db);
    this.clusters = new WorkerClusters(db);
    this.workers = new WorkerLivenessRepository(db);
    this.connectorLogs = new ConnectorLogWriter(db);
    this.connectorEvents = new ConnectorEventWriter(db);
    this.metricSeries = new MetricSeriesWriter(db);
  }
}
