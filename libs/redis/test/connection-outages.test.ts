// An outage is one 'lost' line however many reconnect attempts fail, and one 'back' line with its
// length (issue 12: Redis errors were swallowed silently). Real redis-server, stopped and started.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { reportConnectionOutages, throttledErrorLog } from '@libs/redis';
import { startPrivateRedis, type PrivateRedis } from '../../../test/support/private-redis';
import { waitFor } from '../../../test/support/wait-for';

describe('Redis connection outages', () => {
  let server: PrivateRedis;
  let client: Redis;
  const lines: { level: string; event: string; fields: Record<string, unknown> }[] = [];

  before(async () => {
    server = await startPrivateRedis();
    client = new Redis(server.url, { maxRetriesPerRequest: null, retryStrategy: () => 50 });
    reportConnectionOutages(client, 'test', (level, event, fields) => lines.push({ level, event, fields }));
    await waitFor('ready', () => client.status === 'ready');
  });

  after(async () => {
    client?.disconnect();
    await server?.close();
  });

  it('logs the loss once and the recovery once, with the outage length', async () => {
    let errors = 0;
    client.on('error', () => errors++);
    await server.stop('kill');
    // reconnect attempts every 50 ms: wait until several have failed
    await waitFor('several failed reconnects', () => errors >= 5);
    assert.deepEqual(
      lines.map((l) => [l.level, l.event, l.fields.connection]),
      [['warn', 'redis connection lost', 'test']],
    );
    await server.start();
    await waitFor('back', () => lines.length === 2);
    assert.equal(lines[1].event, 'redis connection back');
    assert.ok(Number(lines[1].fields.after_ms) > 0);
    await server.stop('kill');
    await waitFor('lost again', () => lines.length === 3);
    assert.equal(lines[2].event, 'redis connection lost', 'a second outage is reported again');
    await server.start();
  });

  it('a repeated error is logged once per quiet period, a new one at once', () => {
    const out: string[] = [];
    const onError = throttledErrorLog((_l, _e, f) => out.push(String(f.error)), 'queue error', {}, 60_000);
    for (let i = 0; i < 10; i++) onError(new Error('ECONNREFUSED'));
    onError(new Error('NOSCRIPT'));
    assert.deepEqual(out, ['ECONNREFUSED', 'NOSCRIPT']);
  });
});
