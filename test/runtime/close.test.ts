// ConnectRuntime.close() lets go of everything it opened: no Redis connection (queue, BullMQ worker,
// subscribers, duplicated clients) outlives it, so a process (or a test file) ends by itself.
import assert from 'node:assert/strict';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { allTasksIn, createConnector, fixtureRuntime, readJsonl, runtimeFixture, type RuntimeFixture } from './support';
import { waitFor } from '../support/wait-for';

/** Open sockets to the Redis server (node has no public API for a process's open sockets). */
function redisSockets(port: number): Socket[] {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((h): h is Socket => h instanceof Socket && !h.destroyed && h.remotePort === port);
}

describe('ConnectRuntime.close()', () => {
  let f: RuntimeFixture;

  before(async () => {
    f = await runtimeFixture();
  });

  after(async () => {
    await f?.close();
  });

  it('closes every Redis connection it opened, with tasks running', async () => {
    const redisPort = Number(new URL(f.config.REDIS_URL).port || 6379);
    const before = redisSockets(redisPort).length;
    const rt = fixtureRuntime(f, { workerId: 'w-close', capacity: 4 });
    await rt.start();
    const file = join(f.dir, 'close.jsonl');
    const src = await createConnector(f, 'CounterSource', { topic: 'close', 'poll.interval.ms': '20' });
    const sink = await createConnector(f, 'CollectSink', { topics: 'close', file });
    await waitFor('source and sink RUNNING', async () => {
      return (await allTasksIn(f, src, 'RUNNING', 1)) && (await allTasksIn(f, sink, 'RUNNING', 1));
    });
    await waitFor('records through the sink', () => readJsonl(file).length > 0);
    assert.ok(redisSockets(redisPort).length > before, 'the runtime talks to Redis');

    await rt.close();
    // a socket being torn down may take a turn of the event loop to report destroyed
    await waitFor('no Redis socket of the runtime left', () => redisSockets(redisPort).length === before, 5_000);
  });
});
