// The broker's Prometheus metrics through prom-client. The per-request counters stay plain numbers
// on the hot path (a prom-client inc() with labels costs about ten times more: it validates and
// hashes the labels on every call) and are read into their prom-client metrics when scraped; the
// latency histogram observes through prom-client directly.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

interface TenantTraffic {
  bytesIn: number;
  bytesOut: number;
  recordsIn: number;
  recordsOut: number;
}

export class BrokerMetrics {
  private readonly perTenant = new Map<string, TenantTraffic>();
  private readonly requests = new Map<string, number>();
  private readonly clusterConnections = new Map<string, number>();
  connections = 0;
  connectionsTotal = 0;
  authFailures = 0;
  protocolErrors = 0;
  openFiles: () => number = () => 0;

  private readonly registry = new Registry();
  private readonly latency: Histogram<'api'>;

  constructor() {
    const registers = [this.registry];
    // Each metric's collect() runs at scrape time, with `this` the prom-client metric; reset()
    // first, so a deleted cluster's series goes (forgetTenant).
    const perLabel = <L extends string>(
      type: 'counter' | 'gauge',
      name: string,
      help: string,
      label: L,
      read: () => Map<string, number>,
    ) => {
      const options = { name, help, labelNames: [label], registers };
      if (type === 'gauge')
        return new Gauge({
          ...options,
          collect(this: Gauge<L>) {
            this.reset();
            for (const [value, n] of read()) this.set({ [label]: value } as Record<L, string>, n);
          },
        });
      return new Counter({
        ...options,
        collect(this: Counter<L>) {
          this.reset();
          for (const [value, n] of read()) this.inc({ [label]: value } as Record<L, string>, n);
        },
      });
    };
    const single = (type: 'counter' | 'gauge', name: string, help: string, read: () => number) =>
      type === 'gauge'
        ? new Gauge({
            name,
            help,
            registers,
            collect: function (this: Gauge) {
              this.set(read());
            },
          })
        : new Counter({
            name,
            help,
            registers,
            collect: function (this: Counter) {
              this.reset();
              this.inc(read());
            },
          });

    const perTenant = (name: string, help: string, field: keyof TenantTraffic) =>
      perLabel('counter', name, help, 'cluster', () => new Map([...this.perTenant].map(([c, m]) => [c, m[field]])));
    perTenant('broker_bytes_in_total', 'Record batch bytes appended, per cluster.', 'bytesIn');
    perTenant('broker_bytes_out_total', 'Record batch bytes served by Fetch, per cluster.', 'bytesOut');
    perTenant('broker_records_in_total', 'Records appended, per cluster.', 'recordsIn');
    perTenant('broker_records_out_total', 'Records served by Fetch, per cluster.', 'recordsOut');
    perLabel('counter', 'broker_requests_total', 'Requests handled, per API.', 'api', () => this.requests);
    single('gauge', 'broker_connections', 'Open client connections.', () => this.connections);
    perLabel(
      'gauge',
      'broker_cluster_connections',
      'Authenticated connections, per cluster.',
      'cluster',
      () => this.clusterConnections,
    );
    single('counter', 'broker_connections_total', 'Accepted client connections.', () => this.connectionsTotal);
    single(
      'counter',
      'broker_sasl_authentication_failures_total',
      'Failed SASL authentications.',
      () => this.authFailures,
    );
    single(
      'counter',
      'broker_protocol_errors_total',
      'Connections closed for malformed or unsupported requests.',
      () => this.protocolErrors,
    );
    single('gauge', 'broker_open_files', 'Open segment and index files.', () => this.openFiles());
    this.latency = new Histogram({
      name: 'broker_request_duration_seconds',
      help: 'Request handling latency, per API.',
      labelNames: ['api'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
  }

  private tenant(t: string): TenantTraffic {
    let m = this.perTenant.get(t);
    if (!m) this.perTenant.set(t, (m = { bytesIn: 0, bytesOut: 0, recordsIn: 0, recordsOut: 0 }));
    return m;
  }

  produced(tenant: string, bytes: number, records: number): void {
    const m = this.tenant(tenant);
    m.bytesIn += bytes;
    m.recordsIn += records;
  }

  fetched(tenant: string, bytes: number, records: number): void {
    const m = this.tenant(tenant);
    m.bytesOut += bytes;
    m.recordsOut += records;
  }

  clusterConnection(tenant: string, delta: number): void {
    const n = (this.clusterConnections.get(tenant) ?? 0) + delta;
    if (n <= 0) this.clusterConnections.delete(tenant);
    else this.clusterConnections.set(tenant, n);
  }

  forgetTenant(tenant: string): void {
    this.perTenant.delete(tenant);
  }

  observe(api: string, seconds: number): void {
    this.latency.observe({ api }, seconds);
    this.requests.set(api, (this.requests.get(api) ?? 0) + 1);
  }

  /** The text exposition format (0.0.4). */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
