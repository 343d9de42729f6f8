// The Grafana dashboard in deploy/grafana charts only what the processes really export (issue 17,
// point 5): every metric name in every panel's PromQL (and the connector variable's query) is
// checked against the exposition of a real worker process running a connector.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { allTasksIn, createConnector, runtimeFixture, spawnWorker, type RuntimeFixture } from '../runtime/support';
import { waitFor } from '../support/wait-for';

const DASHBOARD = join(process.cwd(), 'deploy', 'grafana', 'connectplane-connect.json');

// PromQL words that are not metric names: functions are told by the '(' that follows them.
const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless']);

/** The metric names an expression reads: label matchers, ranges, groupings and functions left out. */
function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/\{[^}]*\}/g, ' ') // label matchers
    .replace(/\[[^\]]*\]/g, ' ') // ranges
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, ' ') // grouping label lists
    .replace(/"[^"]*"/g, ' ');
  const names: string[] = [];
  for (const m of bare.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*(\s*\()?/g)) {
    if (m[1] !== undefined) continue; // a function call
    if (PROMQL_WORDS.has(m[0])) continue;
    names.push(m[0]);
  }
  return names;
}

interface Panel {
  type: string;
  title: string;
  targets?: { expr: string }[];
}

/** Every name a scrape declares (# TYPE), histograms with their _bucket/_sum/_count series. */
function exportedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    const m = /^# TYPE (\S+) (\S+)/.exec(line);
    if (!m) continue;
    names.add(m[1]);
    if (m[2] === 'histogram' || m[2] === 'summary') for (const s of ['_bucket', '_sum', '_count']) names.add(m[1] + s);
  }
  return names;
}

describe('Grafana dashboard (deploy/grafana)', () => {
  let f: RuntimeFixture;
  let worker: ReturnType<typeof spawnWorker>;
  let metricsUrl: string;

  before(async () => {
    f = await runtimeFixture();
    worker = spawnWorker(f, 'grafana-w1');
    await worker.ready;
    const line = worker.output.find((l) => l.startsWith('connectplane worker ready'))!;
    metricsUrl = /\(metrics (http:\/\/\S+\/metrics)\)/.exec(line)![1];
  });

  after(async () => {
    worker?.proc.kill('SIGTERM');
    await f?.close();
  });

  it('reads metric names out of PromQL', () => {
    assert.deepEqual(
      metricNamesIn(
        'histogram_quantile(0.99, sum by (connector, le) (rate(connect_task_batch_seconds_bucket{connector=~"$c"}[5m])))',
      ),
      ['connect_task_batch_seconds_bucket'],
    );
    assert.deepEqual(metricNamesIn('sum by (worker) (a_total) / on (worker) b'), ['a_total', 'b']);
  });

  it('every panel query names only metrics a worker exports; task state is one series per task', async () => {
    const id = await createConnector(f, 'CounterSource', { topic: 'grafana', 'poll.interval.ms': '50' });
    await waitFor('running', () => allTasksIn(f, id, 'RUNNING', 1));
    const exposition = await waitFor('task state exported', async () => {
      const text = await (await fetch(metricsUrl)).text();
      return text.includes(`connect_task_state{connector="${id}",task="0",state="RUNNING"} 1`) ? text : undefined;
    });
    const exported = exportedNames(exposition);
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
      panels: Panel[];
      templating: { list: { name: string; query?: unknown }[] };
    };
    const queried: { where: string; expr: string }[] = [];
    for (const p of dashboard.panels) {
      if (p.type === 'row') continue;
      assert.ok(p.targets && p.targets.length > 0, `panel "${p.title}" has a query`);
      for (const t of p.targets) queried.push({ where: `panel "${p.title}"`, expr: t.expr });
    }
    for (const v of dashboard.templating.list) {
      const q = v.query as { query?: string } | string | undefined;
      const text = typeof q === 'object' ? q?.query : undefined;
      const m = text ? /label_values\((\w+),/.exec(text) : null;
      if (m) queried.push({ where: `variable $${v.name}`, expr: m[1] });
    }
    const missing: string[] = [];
    for (const q of queried) {
      const names = metricNamesIn(q.expr);
      assert.ok(names.length > 0, `${q.where} reads a metric: ${q.expr}`);
      for (const n of names) if (!exported.has(n)) missing.push(`${q.where}: ${n}`);
    }
    assert.deepEqual(missing, [], 'metrics charted but not exported');
    await f.db.connector.delete({ where: { id } });
  });
});
