// Prometheus counters/gauges/histograms, rendered in the text exposition format.
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

function esc(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export class BrokerMetrics {
  private perTenant = new Map<string, { bytesIn: number; bytesOut: number; recordsIn: number; recordsOut: number }>();
  private latency = new Map<string, Histogram>();
  private requests = new Map<string, number>();
  connections = 0;
  connectionsTotal = 0;
  authFailures = 0;
  protocolErrors = 0;
  openFiles: () => number = () => 0;

  private tenant(t: string) {
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

  private clusterConnections = new Map<string, number>();

  clusterConnection(tenant: string, delta: number): void {
    const n = (this.clusterConnections.get(tenant) ?? 0) + delta;
    if (n <= 0) this.clusterConnections.delete(tenant);
    else this.clusterConnections.set(tenant, n);
  }

  forgetTenant(tenant: string): void {
    this.perTenant.delete(tenant);
  }

  observe(api: string, seconds: number): void {
    let h = this.latency.get(api);
    if (!h) this.latency.set(api, (h = { counts: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < LATENCY_BUCKETS.length; i++) if (seconds <= LATENCY_BUCKETS[i]) h.counts[i]++;
    h.sum += seconds;
    h.count++;
    this.requests.set(api, (this.requests.get(api) ?? 0) + 1);
  }

  render(): string {
    const out: string[] = [];
    const counter = (name: string, help: string, rows: [string, number][], type = 'counter') => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, v] of rows) out.push(`${name}${labels} ${v}`);
    };
    const tenants = [...this.perTenant.entries()];
    const lbl = (t: string) => `{cluster="${esc(t)}"}`;
    counter(
      'broker_bytes_in_total',
      'Record batch bytes appended, per cluster.',
      tenants.map(([t, m]) => [lbl(t), m.bytesIn]),
    );
    counter(
      'broker_bytes_out_total',
      'Record batch bytes served by Fetch, per cluster.',
      tenants.map(([t, m]) => [lbl(t), m.bytesOut]),
    );
    counter(
      'broker_records_in_total',
      'Records appended, per cluster.',
      tenants.map(([t, m]) => [lbl(t), m.recordsIn]),
    );
    counter(
      'broker_records_out_total',
      'Records served by Fetch, per cluster.',
      tenants.map(([t, m]) => [lbl(t), m.recordsOut]),
    );
    counter(
      'broker_requests_total',
      'Requests handled, per API.',
      [...this.requests.entries()].map(([a, n]) => [`{api="${a}"}`, n]),
    );
    counter('broker_connections', 'Open client connections.', [['', this.connections]], 'gauge');
    counter(
      'broker_cluster_connections',
      'Authenticated connections, per cluster.',
      [...this.clusterConnections.entries()].map(([t, n]) => [lbl(t), n]),
      'gauge',
    );
    counter('broker_connections_total', 'Accepted client connections.', [['', this.connectionsTotal]]);
    counter('broker_sasl_authentication_failures_total', 'Failed SASL authentications.', [['', this.authFailures]]);
    counter('broker_protocol_errors_total', 'Connections closed for malformed or unsupported requests.', [
      ['', this.protocolErrors],
    ]);
    counter('broker_open_files', 'Open segment and index files.', [['', this.openFiles()]], 'gauge');
    out.push(
      '# HELP broker_request_duration_seconds Request handling latency, per API.',
      '# TYPE broker_request_duration_seconds histogram',
    );
    for (const [api, h] of this.latency) {
      LATENCY_BUCKETS.forEach((b, i) =>
        out.push(`broker_request_duration_seconds_bucket{api="${api}",le="${b}"} ${h.counts[i]}`),
      );
      out.push(`broker_request_duration_seconds_bucket{api="${api}",le="+Inf"} ${h.count}`);
      out.push(`broker_request_duration_seconds_sum{api="${api}"} ${h.sum}`);
      out.push(`broker_request_duration_seconds_count{api="${api}"} ${h.count}`);
    }
    return out.join('\n') + '\n';
  }
}
