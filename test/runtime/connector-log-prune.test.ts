// Connector log retention (issue 17 point 2): lines past the age go, and a connector that wrote
// recently keeps only its newest lines; nothing else is touched.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PlatformRepository, type ConnectorLogEntry } from '@libs/db';
import { createConnector, runtimeFixture, type RuntimeFixture } from './support';

describe('connector log pruning', () => {
  let f: RuntimeFixture;

  before(async () => {
    f = await runtimeFixture();
  });

  after(async () => {
    await f?.close();
  });

  it('by age for every connector, by count for those that wrote since the last prune', async () => {
    const writer = new PlatformRepository(f.db).connectorLogs;
    const busy = await createConnector(f, 'CounterSource', { topic: 'prune-a' });
    const quiet = await createConnector(f, 'CounterSource', { topic: 'prune-b' });
    const now = Date.now();
    const line = (connectorId: string, ageMs: number, n: number): ConnectorLogEntry => ({
      connectorId,
      taskId: 0,
      time: new Date(now - ageMs),
      level: 'INFO',
      message: `line ${n}`,
    });
    // busy: 20 recent lines and 2 too old; quiet: 15 lines written before the last prune
    await writer.append([
      ...Array.from({ length: 20 }, (_, i) => line(busy, 1000 * (20 - i), i)),
      line(busy, 10 * 3_600_000, -1),
      line(busy, 10 * 3_600_000, -2),
      ...Array.from({ length: 15 }, (_, i) => line(quiet, 120_000 + i, i)),
    ]);
    const removed = await writer.prune(new Date(now - 3_600_000), 5, new Date(now - 60_000));
    // the prune is platform-wide: other files' connectors in the shared test database may lose lines too
    assert.ok(removed >= 2 + 15, `removed ${removed}`);
    const kept = await f.db.connectorLogLine.findMany({ where: { connectorId: busy }, orderBy: { time: 'desc' } });
    assert.deepEqual(
      kept.map((l) => l.message),
      ['line 19', 'line 18', 'line 17', 'line 16', 'line 15'],
    );
    assert.equal(
      await f.db.connectorLogLine.count({ where: { connectorId: quiet } }),
      15,
      'not written since: untouched',
    );
  });
});
