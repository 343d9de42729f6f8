// Logger levels (/admin/loggers, issue 17 points 2 and 4) on running tasks: offset commits are DEBUG
// lines, in the process log always and in the connector's log only while the level of the logger
// covering its plugin class (else root's, INFO by default) allows DEBUG. A change reaches running
// tasks without a restart, through the levels the worker reads per cluster every few seconds.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnectRuntime } from '@libs/connect-runtime';
import { ConnectLoggerLevelRepository, OrgScope, type LogLevel } from '@libs/db';
import { allTasksIn, createConnector, fixtureRuntime, runtimeFixture, type RuntimeFixture } from './support';
import { waitFor } from '../support/wait-for';

/** How long the worker may use levels it read (ConnectorLogLevels' TTL), plus a margin. */
const LEVELS_TTL_MS = 2000 + 200;
const COMMIT =
  /^Task\{id=(lcc-\S+)-0\} (Committing offsets for \d+ source partitions|Finished commitOffsets successfully in \d+ ms)$/;

describe('connector log levels on running tasks', () => {
  let f: RuntimeFixture;
  let rt: ConnectRuntime;
  /** The process log's commit lines: when and for which connector. */
  const commits: { at: number; connector: unknown }[] = [];

  before(async () => {
    f = await runtimeFixture();
    rt = fixtureRuntime(f, {
      workerId: 'levels',
      log: (level, event, fields) => {
        if (level === 'debug' && event.startsWith('Committing offsets'))
          commits.push({ at: Date.now(), connector: fields.connector });
      },
    });
    await rt.start();
  });

  after(async () => {
    await rt?.close();
    await f?.close();
  });

  it("keeps a source task's commit DEBUG lines only while its logger or root is at DEBUG", async () => {
    const repo = new ConnectLoggerLevelRepository(f.db);
    const scope = OrgScope.forPlatform(f.orgId);
    const setLevel = async (logger: string, level: LogLevel) => {
      await repo.set(scope, f.clusterId, logger, level);
      return Date.now();
    };
    const debugLines = (connectorId: string) =>
      f.db.connectorLogLine.findMany({ where: { connectorId, level: 'DEBUG' }, orderBy: { id: 'asc' } });
    /** Waits for a commit of `connectorId` logged after `since`, then writes the captured lines out. */
    const commitAfter = async (connectorId: string, since: number) => {
      await waitFor(`a commit of ${connectorId}`, () =>
        commits.some((c) => c.connector === connectorId && c.at > since),
      );
      await rt.connectorLog.flush();
    };

    const datagen = await createConnector(f, 'DatagenSource', {
      'kafka.topic': 'levels-orders',
      quickstart: 'ORDERS',
      'output.data.format': 'JSON',
      'max.interval': '20',
      'tasks.max': '1',
    });
    const counter = await createConnector(f, 'CounterSource', { topic: 'levels-counts', 'poll.interval.ms': '20' });
    await waitFor(
      'both running',
      async () => (await allTasksIn(f, datagen, 'RUNNING', 1)) && allTasksIn(f, counter, 'RUNNING', 1),
    );

    // INFO (the default): commits are in the process log, not in the connector's
    await commitAfter(datagen, Date.now());
    await commitAfter(counter, Date.now());
    assert.equal((await debugLines(datagen)).length, 0);
    assert.equal((await debugLines(counter)).length, 0);
    assert.ok(
      (await f.db.connectorLogLine.count({ where: { connectorId: datagen, level: 'INFO' } })) > 0,
      'INFO lines kept',
    );

    // DEBUG for Datagen's package (a dot-boundary prefix of its class): its commits appear, the counter's do not
    await setLevel('io.confluent.kafka.connect.datagen', 'DEBUG');
    const lines = await waitFor('Datagen commit DEBUG lines', async () => {
      await rt.connectorLog.flush();
      const l = await debugLines(datagen);
      return l.length > 0 && l;
    });
    for (const l of lines) {
      assert.match(l.message, COMMIT);
      assert.equal(COMMIT.exec(l.message)?.[1], datagen);
      assert.equal(l.taskId, 0);
    }
    await commitAfter(counter, Date.now() + LEVELS_TTL_MS);
    assert.equal((await debugLines(counter)).length, 0, 'CounterSource is not under that logger');

    // root at DEBUG (as PUT /admin/loggers/root {"level":"DEBUG"}): every connector's commits appear
    await setLevel('root', 'DEBUG');
    await waitFor('CounterSource commit DEBUG lines', async () => {
      await rt.connectorLog.flush();
      return (await debugLines(counter)).length > 0;
    });

    // back to INFO (root's change applies to the configured logger under it too): no new DEBUG lines
    const changedAt = await setLevel('root', 'INFO');
    await commitAfter(datagen, changedAt + LEVELS_TTL_MS);
    await commitAfter(counter, changedAt + LEVELS_TTL_MS);
    const kept = { datagen: (await debugLines(datagen)).length, counter: (await debugLines(counter)).length };
    const later = Date.now();
    await commitAfter(datagen, later);
    await commitAfter(counter, later);
    assert.deepEqual(
      { datagen: (await debugLines(datagen)).length, counter: (await debugLines(counter)).length },
      kept,
    );
  });
});
