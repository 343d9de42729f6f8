// MySqlSource / PostgresSource connectors: validate naming each bad value on its property (the
// cross-property rules, the egress policy, an unreachable host, a refused login, an unknown
// database, missing mode columns, a query the incremental clause cannot be appended to), tables
// spread over tasks.max tasks, query mode in one task, and a single task picking up a new table.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Props, Struct } from '@libs/connect-spi';
import { EgressPolicy, MySqlSourceConnector, PostgresSourceConnector, groupTables, jdbcSourceEgress } from '../../src';
import {
  MemoryOffsets,
  mariaDb,
  pollUntil,
  postgres,
  startSource,
  useDevEgress,
  type TestDb,
} from './jdbc-source-harness';

useDevEgress();

async function errorsOf(connector: MySqlSourceConnector | PostgresSourceConnector, props: Props) {
  const res = await connector.validate(props);
  return Object.fromEntries(
    res.configValues.filter((cv) => cv.errorMessages.length > 0).map((cv) => [cv.name, cv.errorMessages]),
  ) as Record<string, string[]>;
}

describe('JDBC source validate (MariaDB)', () => {
  let db: TestDb;
  const connector = new MySqlSourceConnector();
  const props = (extra: Record<string, string> = {}) =>
    db.props({ mode: 'incrementing', 'incrementing.column.name': 'id', ...extra });
  before(async () => {
    db = await mariaDb();
    await db.exec('CREATE TABLE orders (id INT PRIMARY KEY, placed DATETIME NOT NULL)');
  });
  after(async () => {
    await db?.drop();
  });

  it('a good config has no errors', async () => {
    assert.deepEqual(await errorsOf(connector, props()), {});
  });

  it('bad values are named on their property with Confluent’s wording', async () => {
    const errs = await errorsOf(
      connector,
      props({
        'numeric.mapping': 'bogus',
        mode: 'sometimes',
        'db.timezone': 'Mars/Olympus',
        'table.whitelist': 'orders',
        'table.include.list': '.*',
        'batch.max.rows': '0',
      }),
    );
    assert.match(
      errs['numeric.mapping']![0]!,
      /Invalid value bogus for configuration numeric.mapping: String must be one of: none, best_fit/,
    );
    assert.match(errs.mode![0]!, /Invalid value sometimes for configuration mode/);
    assert.match(errs['db.timezone']![0]!, /Invalid time zone/);
    assert.match(errs['table.whitelist']![0]!, /cannot be combined/);
    assert.match(errs['table.include.list']![0]!, /cannot be combined/);
    assert.match(errs['batch.max.rows']![0]!, /at least 1/);
    const ts = await errorsOf(connector, props({ mode: 'timestamp', 'incrementing.column.name': '' }));
    assert.deepEqual(ts, { 'timestamp.column.name': ['Timestamp column name must be set when mode is timestamp'] });
  });

  it('columns the mode needs must exist in every table', async () => {
    const errs = await errorsOf(connector, props({ mode: 'timestamp', 'timestamp.column.name': 'changed_at' }));
    assert.deepEqual(Object.keys(errs), ['timestamp.column.name']);
    assert.match(
      errs['timestamp.column.name']![0]!,
      new RegExp(`Column changed_at .* does not exist in ${db.name}\\.orders`),
    );
  });

  it('a query with its own WHERE cannot take the incremental clause: an error on query', async () => {
    const errs = await errorsOf(connector, props({ query: 'SELECT * FROM orders WHERE id > 10' }));
    assert.deepEqual(Object.keys(errs), ['query']);
    assert.match(errs.query![0]!, /The incrementing query of the query fails: .*syntax/);
    assert.deepEqual(
      await errorsOf(connector, props({ query: 'SELECT * FROM (SELECT * FROM orders WHERE id > 10) o' })),
      {},
    );
  });

  it('unreachable host, refused login, unknown database, egress policy', async () => {
    const down = await errorsOf(connector, props({ 'connection.port': '1' }));
    assert.deepEqual(Object.keys(down), ['connection.host']);
    assert.match(down['connection.host']![0]!, /Unable to connect to the database: .*ECONNREFUSED/);
    const denied = await errorsOf(connector, props({ 'connection.password': 'wrong' }));
    assert.deepEqual(Object.keys(denied).sort(), ['connection.password', 'connection.user']);
    assert.match(denied['connection.password']![0]!, /Access denied/);
    const nodb = await errorsOf(connector, props({ 'db.name': 'cp_no_such_db' }));
    assert.deepEqual(Object.keys(nodb), ['db.name']);
    jdbcSourceEgress.override = new EgressPolicy({ devMode: false });
    try {
      const egress = await errorsOf(connector, props());
      assert.match(
        egress['connection.host']![0]!,
        /Invalid value 127\.0\.0\.1 for configuration connection\.host: .*egress policy denies/,
      );
    } finally {
      jdbcSourceEgress.override = new EgressPolicy({ devMode: true });
    }
  });

  it('start() on an unreachable database fails with the property named', async () => {
    const c = new MySqlSourceConnector();
    await assert.rejects(c.start(props({ 'connection.port': '1' })), /connection\.host.*Unable to connect/s);
  });
});

describe('JDBC source task configs (PostgreSQL)', () => {
  let db: TestDb;
  before(async () => {
    db = await postgres();
    for (const t of ['a', 'b', 'c', 'd', 'e']) await db.exec(`CREATE TABLE ${t} (id serial PRIMARY KEY)`);
    await db.exec('CREATE SCHEMA other');
    await db.exec('CREATE TABLE other.a (id serial PRIMARY KEY)');
  });
  after(async () => {
    await db?.drop();
  });

  it('groupTables splits as ConnectorUtils.groupPartitions', () => {
    assert.deepEqual(groupTables([1, 2, 3, 4, 5], 2), [
      [1, 2, 3],
      [4, 5],
    ]);
    assert.deepEqual(groupTables([1, 2, 3], 3), [[1], [2], [3]]);
  });

  it('tables spread over min(#tables, tasks.max) tasks; include/exclude lists match fully-qualified names', async () => {
    const c = new PostgresSourceConnector();
    await c.start(db.props({ mode: 'bulk', 'table.exclude.list': 'public\\.e' }));
    const two = c.taskConfigs(2);
    assert.deepEqual(
      two.map((t) => JSON.parse(t.tables!)),
      [
        [
          ['other', 'a'],
          ['public', 'a'],
          ['public', 'b'],
        ],
        [
          ['public', 'c'],
          ['public', 'd'],
        ],
      ],
    );
    assert.deepEqual(
      two.map((t) => t['tables.discover']),
      ['false', 'false'],
    );
    assert.equal(c.taskConfigs(10).length, 5);
    await c.start(db.props({ mode: 'bulk', 'schema.pattern': 'other' }));
    assert.deepEqual(
      c.taskConfigs(3).map((t) => [JSON.parse(t.tables!), t['tables.discover']]),
      [[[['other', 'a']], 'true']],
    );
    await c.start(db.props({ mode: 'bulk', 'table.whitelist': 'b,public.c' }));
    assert.deepEqual(JSON.parse(c.taskConfigs(1)[0]!.tables!), [
      ['public', 'b'],
      ['public', 'c'],
    ]);
    await c.start(db.props({ mode: 'bulk', query: 'SELECT 1 AS one' }));
    assert.equal(c.taskConfigs(4).length, 1);
  });

  it('a single task with every table picks up a table created later (table.poll.interval.ms)', async () => {
    const c = new PostgresSourceConnector();
    const props = db.props({ mode: 'incrementing', 'schema.pattern': 'later', 'table.poll.interval.ms': '300' });
    await db.exec('CREATE SCHEMA later');
    await c.start(props);
    const [taskProps] = c.taskConfigs(1);
    const offsets = new MemoryOffsets();
    const task = await startSource(db, taskProps!, offsets);
    try {
      await db.exec('CREATE TABLE later.fresh (id serial PRIMARY KEY, v text)');
      await db.exec("INSERT INTO later.fresh (v) VALUES ('x'), ('y')");
      const rs = await pollUntil(task, offsets, (all) => all.length >= 2);
      assert.deepEqual(
        rs.map((r) => (r.value as Struct).get('v')),
        ['x', 'y'],
      );
      assert.equal(rs[0]!.topic, 'src-fresh');
      assert.deepEqual(rs[1]!.sourcePartition, { protocol: '1', table: 'later.fresh' });
    } finally {
      await task.stop();
    }
  });
});
