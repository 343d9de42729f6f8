// Metrics API query latency (issue 17): POST /v2/metrics/cloud/query for one connector with
// 10,000 connectors' series stored (7 metrics × 7 days of hour rows at one-minute resolution,
// ≈ 11.8 M rows of MetricSeriesHour). Target: p99 ≤ 100 ms for 24 h at PT1M.
//
// The series live in a database of their own (BENCH_METRICS_DATABASE_URL, default
// connectplane_bench_metrics), migrated like `npm run setup` does and seeded once with SQL
// generate_series, in batches of connectors (minutes drawn from a pool of 1,024 random hour
// arrays, every minute of every hour filled: the largest the table gets for this many series);
// later runs reuse it (RESEED=1 seeds again; an interrupted seed resumes). The seeded connectors
// belong to a seed organization; each run onboards a tenant through the operator API (the API runs
// as its own process, LOG_LEVEL=warn) and moves TENANT_CONNECTORS of them (default 100) with their
// series into it, so its admin key may read them; requests rotate over those connectors. Intervals
// end half an hour into the last seeded hour (the seed's "now"), so a 24 h query reads 25 hour rows
// as `now-24h/now` would.
//   node scripts/run.js bench/metrics/query-latency.bench.ts [seconds=10] [sequential requests=300]
//   env: RESEED=1 · CONNECTORS=10000 · HOURS=168 · SEED_BATCH=250 · TENANT_CONNECTORS=100
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { migrateDatabase } from '@libs/db-migrations';
import { CONNECT_METRICS } from '@libs/telemetry';
import { http, basic } from '../../test/support/http-client';
import { MIGRATIONS_DIR, SCHEMA_PATH } from '../../scripts/paths';
import { startBenchApi } from '../support/api-process';
import { percentile } from '../support/percentile';

const DB_URL =
  process.env.BENCH_METRICS_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/connectplane_bench_metrics';
const SECONDS = Number(process.argv[2] ?? 10);
const SEQUENTIAL = Number(process.argv[3] ?? 300);
const CONNECTORS = Number(process.env.CONNECTORS ?? 10_000);
const HOURS = Number(process.env.HOURS ?? 168);
const BATCH = Number(process.env.SEED_BATCH ?? 250);
const TENANT_CONNECTORS = Math.min(Number(process.env.TENANT_CONNECTORS ?? 100), CONNECTORS);

const SEED_ORG = '00000000-0000-4000-8000-00000000be7c';
const SEED_ENV = 'env-mbseed';
const SEED_CLUSTER = 'lkc-mbseed';
const HOUR_MS = 3_600_000;
const connectorId = (i: number) => `lcc-mb${String(i).padStart(5, '0')}`;

// The 7 connector metrics in primary-key order (so each batch appends to the index's right edge).
type SeedMetric = { metric: string; labels: Record<string, string> };
const SEED_METRICS: SeedMetric[] = (
  [
    { metric: CONNECT_METRICS.connectorStatus, labels: { status: 'RUNNING' } },
    { metric: CONNECT_METRICS.deadLetterQueueRecords, labels: {} },
    { metric: CONNECT_METRICS.receivedBytes, labels: {} },
    { metric: CONNECT_METRICS.receivedRecords, labels: {} },
    { metric: CONNECT_METRICS.recordsLagMax, labels: {} },
    { metric: CONNECT_METRICS.sentBytes, labels: {} },
    { metric: CONNECT_METRICS.sentRecords, labels: {} },
  ] as SeedMetric[]
).sort((a, b) => (a.metric < b.metric ? -1 : 1));

async function seedRows(pg: Client): Promise<void> {
  await pg.query(
    `INSERT INTO "Organization" (id, "displayName", "updatedAt") VALUES ($1, 'metrics bench seed', now())
     ON CONFLICT DO NOTHING`,
    [SEED_ORG],
  );
  await pg.query(
    `INSERT INTO "Environment" (id, "organizationId", "displayName", "schemaRegistryId", "updatedAt")
     VALUES ($1, $2, 'seed', 'lsrc-mbseed', now()) ON CONFLICT DO NOTHING`,
    [SEED_ENV, SEED_ORG],
  );
  await pg.query(
    `INSERT INTO "KafkaCluster" (id, "organizationId", "environmentId", "displayName", availability, cloud, region, config, phase, "updatedAt")
     VALUES ($1, $2, $3, 'seed', 'SINGLE_ZONE', 'GCP', 'us-west4', '{"kind":"Basic"}', 'PROVISIONED', now())
     ON CONFLICT DO NOTHING`,
    [SEED_CLUSTER, SEED_ORG, SEED_ENV],
  );
  // The connectors as rows (the writer joins Connector; the API checks the caller's).
  await pg.query(
    `INSERT INTO "Connector" (id, "organizationId", "environmentId", "clusterId", name, "pluginClass", type, config, "updatedAt")
     SELECT 'lcc-mb' || lpad(i::text, 5, '0'), $1, $2, $3, 'datagen-' || i, 'DatagenSource', 'SOURCE',
            '{"connector.class":"DatagenSource"}', now()
       FROM generate_series(0, $4::int - 1) i
     ON CONFLICT DO NOTHING`,
    [SEED_ORG, SEED_ENV, SEED_CLUSTER, CONNECTORS],
  );
}

/** Seeds (or finishes seeding) the hour rows; returns the last seeded hour. */
async function seed(pg: Client): Promise<Date> {
  const expected = SEED_METRICS.length * HOURS;
  const last = await pg.query<{ n: string }>(`SELECT count(*) AS n FROM "MetricSeriesHour" WHERE "resourceId" = $1`, [
    connectorId(CONNECTORS - 1),
  ]);
  if (process.env.RESEED !== '1' && Number(last.rows[0].n) === expected) {
    const h = await pg.query<{ h: Date }>(`SELECT max(hour) AS h FROM "MetricSeriesHour" WHERE "resourceId" = $1`, [
      connectorId(0),
    ]);
    console.log(`reusing the seeded series (last hour ${h.rows[0].h.toISOString()}; RESEED=1 to seed again)`);
    return h.rows[0].h;
  }
  let from = 0;
  let end = new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS);
  if (process.env.RESEED === '1') {
    console.log('truncating MetricSeriesHour');
    await pg.query(`TRUNCATE "MetricSeriesHour"`);
  } else {
    // resume an interrupted seed: from the last connector that has rows (its own rows again)
    const r = await pg.query<{ id: string | null }>(`SELECT max("resourceId") AS id FROM "MetricSeriesHour"`);
    if (r.rows[0].id) {
      from = Number(r.rows[0].id.slice('lcc-mb'.length));
      const h = await pg.query<{ h: Date }>(`SELECT max(hour) AS h FROM "MetricSeriesHour" WHERE "resourceId" = $1`, [
        connectorId(0),
      ]);
      end = h.rows[0].h;
      await pg.query(`DELETE FROM "MetricSeriesHour" WHERE "resourceId" = $1`, [connectorId(from)]);
      console.log(`resuming the seed at ${connectorId(from)} (last hour ${end.toISOString()})`);
    }
  }
  await seedRows(pg);
  await pg.query(`SET synchronous_commit = off`);
  await pg.query(
    `CREATE TEMP TABLE IF NOT EXISTS bench_minutes AS
       SELECT i, ARRAY(SELECT floor(random() * 10000)::float8 + 0 * i FROM generate_series(1, 60)) AS minutes
         FROM generate_series(0, 1023) i`,
  );
  const metrics = SEED_METRICS.map((m) => m.metric);
  const keys = SEED_METRICS.map((m) =>
    Object.entries(m.labels)
      .map(([k, v]) => `${k}=${v}`)
      .join('\u001f'),
  );
  const labels = SEED_METRICS.map((m) => JSON.stringify(m.labels));
  const t0 = performance.now();
  let rows = 0;
  for (let a = from; a < CONNECTORS; a += BATCH) {
    const b = Math.min(a + BATCH, CONNECTORS) - 1;
    const tb = performance.now();
    const r = await pg.query(
      `INSERT INTO "MetricSeriesHour" ("organizationId", "resourceType", "resourceId", metric, "labelsKey", labels, hour, minutes)
       SELECT $1::uuid, 'connector', 'lcc-mb' || lpad(c::text, 5, '0'), m.metric, m.key, m.labels::jsonb,
              $2::timestamptz - make_interval(hours => $3::int - 1 - h), p.minutes
         FROM generate_series($4::int, $5::int) c
        CROSS JOIN unnest($6::text[], $7::text[], $8::text[]) WITH ORDINALITY AS m(metric, key, labels, n)
        CROSS JOIN generate_series(0, $3::int - 1) h
         JOIN bench_minutes p ON p.i = ((c * 7 + m.n) * 7919 + h) % 1024`,
      [SEED_ORG, end, HOURS, a, b, metrics, keys, labels],
    );
    rows += r.rowCount ?? 0;
    const s = (performance.now() - t0) / 1000;
    console.log(
      `seeded ${connectorId(a)}…${connectorId(b)}: ${r.rowCount} rows in ${((performance.now() - tb) / 1000).toFixed(1)} s ` +
        `(${rows} rows, ${Math.round(rows / s)} rows/s, load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]})`,
    );
  }
  console.log(`seeded ${rows} rows in ${((performance.now() - t0) / 1000).toFixed(0)} s; VACUUM ANALYZE…`);
  const tv = performance.now();
  await pg.query(`VACUUM ANALYZE "MetricSeriesHour"`);
  console.log(`VACUUM ANALYZE in ${((performance.now() - tv) / 1000).toFixed(0)} s`);
  return end;
}

async function tableSize(pg: Client): Promise<void> {
  const r = await pg.query(
    `SELECT pg_size_pretty(pg_total_relation_size('"MetricSeriesHour"')) AS total,
            pg_total_relation_size('"MetricSeriesHour"') AS total_bytes,
            pg_size_pretty(pg_relation_size('"MetricSeriesHour"')) AS heap,
            pg_size_pretty(pg_indexes_size('"MetricSeriesHour"')) AS indexes,
            pg_size_pretty(pg_total_relation_size('"MetricSeriesHour"') - pg_relation_size('"MetricSeriesHour"') - pg_indexes_size('"MetricSeriesHour"')) AS toast_etc,
            (SELECT reltuples::bigint FROM pg_class WHERE oid = '"MetricSeriesHour"'::regclass) AS rows_estimate,
            (SELECT count(*) FROM "MetricSeriesHour" WHERE "resourceId" = 'lcc-mb00000') AS rows_per_connector`,
  );
  const x = r.rows[0];
  console.log(
    `MetricSeriesHour: total ${x.total} (heap ${x.heap}, indexes ${x.indexes}, toast/fsm/vm ${x.toast_etc}); ` +
      `≈ ${x.rows_estimate} rows, ${x.rows_per_connector} per connector; ${Math.round(Number(x.total_bytes) / Number(x.rows_estimate))} B/row`,
  );
  const idx = await pg.query(
    `SELECT indexrelid::regclass AS name, pg_size_pretty(pg_relation_size(indexrelid)) AS size
       FROM pg_index WHERE indrelid = '"MetricSeriesHour"'::regclass`,
  );
  for (const i of idx.rows) console.log(`  index ${i.name}: ${i.size}`);
}

/** Moves the first TENANT_CONNECTORS seeded connectors (rows and series) into the tenant. */
async function adopt(pg: Client, orgId: string, envId: string): Promise<string[]> {
  const clusterId = `lkc-mb${randomBytes(4).toString('hex')}`;
  await pg.query(
    `INSERT INTO "KafkaCluster" (id, "organizationId", "environmentId", "displayName", availability, cloud, region, config, phase, "updatedAt")
     VALUES ($1, $2, $3, 'bench', 'SINGLE_ZONE', 'GCP', 'us-west4', '{"kind":"Basic"}', 'PROVISIONED', now())`,
    [clusterId, orgId, envId],
  );
  const ids = Array.from({ length: TENANT_CONNECTORS }, (_, i) => connectorId(i));
  await pg.query(
    `UPDATE "Connector" SET "organizationId" = $1, "environmentId" = $2, "clusterId" = $3 WHERE id = ANY($4::text[])`,
    [orgId, envId, clusterId, ids],
  );
  const t0 = performance.now();
  const r = await pg.query(`UPDATE "MetricSeriesHour" SET "organizationId" = $1 WHERE "resourceId" = ANY($2::text[])`, [
    orgId,
    ids,
  ]);
  await pg.query(`VACUUM ANALYZE "MetricSeriesHour"`);
  console.log(
    `moved ${ids.length} connectors (${r.rowCount} hour rows) into the tenant in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return ids;
}

async function main(): Promise<void> {
  console.log(`load average at start: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  const applied = await migrateDatabase(DB_URL, MIGRATIONS_DIR, SCHEMA_PATH, readFileSync(SCHEMA_PATH, 'utf8'));
  if (applied.length) console.log(`migrated ${DB_URL}: ${applied.length} migrations`);
  const pg = new Client({ connectionString: DB_URL });
  await pg.connect();
  // the seed can run for many minutes: no statement timeout of the session
  await pg.query(`SET statement_timeout = 0`);
  const lastHour = await seed(pg);
  await tableSize(pg);

  process.env.DATABASE_URL = DB_URL;
  const api = await startBenchApi('metrics-bench');
  try {
    const { base, admin } = api;
    const env = await http(base, 'POST', '/org/v2/environments', { auth: admin, body: { display_name: 'bench' } });
    const orgId = (
      await pg.query<{ organizationId: string }>(`SELECT "organizationId" FROM "Environment" WHERE id = $1`, [
        env.body.id,
      ])
    ).rows[0].organizationId;
    const ids = await adopt(pg, orgId, env.body.id as string);

    // the seed's "now": half an hour into its last hour
    const end = new Date(lastHour.getTime() + 30 * 60_000);
    const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
    const interval = (hours: number) => `${iso(end.getTime() - hours * HOUR_MS)}/${iso(end.getTime())}`;
    const filter = (id: string) => ({ field: 'resource.connector.id', op: 'EQ', value: id });
    const queries: { name: string; body: (id: string) => unknown; expect: (b: { data: unknown[] }) => string }[] = [
      {
        name: '24 h PT1M sent_records SUM (FLAT)',
        body: (id) => ({
          aggregations: [{ metric: CONNECT_METRICS.sentRecords, agg: 'SUM' }],
          filter: filter(id),
          granularity: 'PT1M',
          intervals: [interval(24)],
          limit: 1000,
        }),
        expect: (b) => `${b.data.length} points`,
      },
      {
        name: '7 d PT1H sent_records SUM (FLAT)',
        body: (id) => ({
          aggregations: [{ metric: CONNECT_METRICS.sentRecords, agg: 'SUM' }],
          filter: filter(id),
          granularity: 'PT1H',
          intervals: [interval(HOURS - 1)],
        }),
        expect: (b) => `${b.data.length} points`,
      },
      {
        name: '7 d P1D sent_records by connector (GROUPED)',
        body: (id) => ({
          aggregations: [{ metric: CONNECT_METRICS.sentRecords, agg: 'SUM' }],
          filter: filter(id),
          group_by: ['resource.connector.id'],
          granularity: 'P1D',
          intervals: [interval(HOURS - 1)],
          format: 'GROUPED',
        }),
        expect: (b) => `${b.data.length} group(s), ${(b.data[0] as { points?: unknown[] })?.points?.length} points`,
      },
    ];

    const pgExplain = async (hours: number) => {
      const r = await pg.query(
        `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)
         SELECT "resourceType", "resourceId", metric, labels, hour, minutes FROM "MetricSeriesHour"
          WHERE "organizationId" = $1::uuid AND "resourceId" = ANY($2::text[]) AND metric = ANY($3::text[])
            AND hour >= $4 AND hour < $5`,
        [
          orgId,
          [ids[ids.length - 1]],
          [CONNECT_METRICS.sentRecords],
          new Date(Math.floor((end.getTime() - hours * HOUR_MS) / HOUR_MS) * HOUR_MS),
          new Date(lastHour.getTime() + HOUR_MS),
        ],
      );
      const plan = (r.rows[0]['QUERY PLAN'] as { Plan: Record<string, unknown>; 'Execution Time': number }[])[0];
      console.log(
        `  SQL (${hours} h): ${plan.Plan['Node Type']} on ${plan.Plan['Index Name'] ?? '-'}, ${plan.Plan['Actual Rows']} rows, ` +
          `${plan['Execution Time'].toFixed(2)} ms, buffers hit ${plan.Plan['Shared Hit Blocks']} read ${plan.Plan['Shared Read Blocks']}`,
      );
    };
    await pgExplain(24);
    await pgExplain(24);
    await pgExplain(HOURS - 1);

    const auth = basic(admin);
    const path = '/v2/metrics/cloud/query';
    for (const q of queries) {
      const first = await http(base, 'POST', path, { auth, body: q.body(ids[0]) });
      if (first.status !== 200) throw new Error(`${q.name}: ${first.status} ${first.text.slice(0, 300)}`);
      console.log(`\n${q.name}: ${q.expect(first.body)}, ${first.text.length} bytes`);

      // sequential: one request at a time, timed here (no queueing in the figures)
      const lat: number[] = [];
      const ts = performance.now();
      for (let i = 0; i < SEQUENTIAL; i++) {
        const t = performance.now();
        const r = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/json' },
          body: JSON.stringify(q.body(ids[i % ids.length])),
        });
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`${q.name}: status ${r.status}`);
        lat.push(performance.now() - t);
      }
      const seqSecs = (performance.now() - ts) / 1000;
      lat.sort((a, b) => a - b);
      console.log(
        `  sequential ×${SEQUENTIAL}: p50 ${percentile(lat, 50).toFixed(1)} ms  p90 ${percentile(lat, 90).toFixed(1)} ms  ` +
          `p99 ${percentile(lat, 99).toFixed(1)} ms  max ${lat[lat.length - 1].toFixed(1)} ms  ${(SEQUENTIAL / seqSecs).toFixed(0)} req/s`,
      );

      const bodies = ids.map((id) => JSON.stringify(q.body(id)));
      for (const connections of [1, 4, 16]) {
        let n = 0;
        const result = await autocannon({
          url: `${base}${path}`,
          connections,
          duration: SECONDS,
          requests: [
            {
              method: 'POST',
              setupRequest: (req) => ({
                ...req,
                headers: { ...req.headers, authorization: auth, 'content-type': 'application/json' },
                body: bodies[n++ % bodies.length],
              }),
            },
          ],
        });
        const codes = Object.entries(
          (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {},
        )
          .map(([code, v]) => `${code}×${v.count}`)
          .join(' ');
        console.log(
          `  autocannon ${String(connections).padStart(2)} conn ${SECONDS} s: ${result.requests.average.toFixed(0).padStart(5)} req/s  ` +
            `p50 ${result.latency.p50} ms  p90 ${result.latency.p90} ms  p99 ${result.latency.p99} ms  max ${result.latency.max} ms  statuses ${codes}  errors ${result.errors}`,
        );
      }
    }
  } finally {
    api.stop();
    await pg.end();
    console.log(`\nload average at end: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
