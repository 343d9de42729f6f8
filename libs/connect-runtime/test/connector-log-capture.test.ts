// A connector's log lines: secrets redacted before they are kept, a bounded buffer while the
// database is slow, nothing lost on a failed write that fits (issue 17 point 2); which lines the
// cluster's logger levels keep (issue 17 point 4, /admin/loggers).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { effectiveLogLevel, logLevelEnabled, type ConnectorLogEntry } from '@libs/db';
import { connectorLogMessage, ConnectorLogCapture, REDACTED, redactSecrets } from '../src';

const line = (message: string, exception?: string) => ({
  connectorId: 'lcc-1',
  taskId: 0,
  level: 'ERROR' as const,
  message,
  exception,
});

describe('connector log capture', () => {
  it('redacts every occurrence of every secret of 4 characters or more, in messages and traces', async () => {
    const written: ConnectorLogEntry[] = [];
    const capture = new ConnectorLogCapture({ append: async (l) => written.push(...l) }, () => undefined);
    const secrets = ['hunter2-db-password', 'k3y-secret', 'ab'];
    capture.push(line('login as admin:hunter2-db-password failed (hunter2-db-password)', 'at k3y-secret\n'), secrets);
    await capture.flush();
    assert.equal(written[0].message, `login as admin:${REDACTED} failed (${REDACTED})`);
    assert.equal(written[0].exception, `at ${REDACTED}\n`);
    assert.equal(redactSecrets('ab stays', secrets), 'ab stays', 'too short to redact');
  });

  it('keeps a failed write for the next flush and counts what the bound drops', async () => {
    let fail = true;
    const written: ConnectorLogEntry[] = [];
    const capture = new ConnectorLogCapture(
      {
        append: async (l) => {
          if (fail) throw new Error('database down');
          written.push(...l);
          return l.length;
        },
      },
      () => undefined,
      { flushMs: 1000, maxBuffered: 3 },
    );
    for (const m of ['a', 'b', 'c', 'd']) capture.push(line(m), []);
    assert.equal(capture.dropped, 1, 'the fourth line does not fit');
    await assert.rejects(capture.flush(), /database down/);
    fail = false;
    await capture.flush();
    assert.deepEqual(
      written.map((l) => l.message),
      ['a', 'b', 'c'],
    );
  });

  it('words a line as Kafka Connect does, without the ids it already carries', () => {
    assert.equal(
      connectorLogMessage('lcc-9', 1, 'task running', { connector: 'lcc-9', task: 1, epoch: 3, worker: 'w1' }),
      'Task{id=lcc-9-1} task running worker=w1',
    );
  });
});

describe('connector log levels', () => {
  const JDBC = 'io.confluent.connect.jdbc.JdbcSinkConnector';
  const from = (clusterId: string) => ({ clusterId, logger: JDBC });
  const at = (level: ConnectorLogEntry['level'], message: string) => ({ ...line(message), level });

  it('the longest configured logger covering the class on a dot boundary decides, else root, else INFO', () => {
    const settings = [
      { logger: 'root', level: 'ERROR' },
      { logger: 'io.confluent', level: 'WARN' },
      { logger: 'io.confluent.connect.jdbc', level: 'debug' },
      { logger: 'io.confluent.connect.jd', level: 'OFF' },
    ];
    assert.equal(effectiveLogLevel(settings, JDBC), 'DEBUG');
    assert.equal(effectiveLogLevel(settings, 'io.confluent.connect.s3.S3SinkConnector'), 'WARN');
    assert.equal(effectiveLogLevel(settings, 'com.example.Other'), 'ERROR');
    assert.equal(effectiveLogLevel([], JDBC), 'INFO');
    assert.ok(
      logLevelEnabled('DEBUG', 'DEBUG') && logLevelEnabled('INFO', 'WARN') && !logLevelEnabled('INFO', 'DEBUG'),
    );
    assert.ok(!logLevelEnabled('OFF', 'ERROR') && logLevelEnabled('ALL', 'DEBUG'));
  });

  it("keeps a line by its cluster's levels at the flush; unreadable levels keep the lines for the next flush", async () => {
    const written: ConnectorLogEntry[] = [];
    let levelsDown = true;
    const capture = new ConnectorLogCapture(
      {
        append: async (l) => written.push(...l),
        loggerLevels: async (ids) => {
          if (levelsDown) throw new Error('database down');
          return ids.includes('lkc-debug')
            ? [{ clusterId: 'lkc-debug', logger: 'io.confluent.connect.jdbc', level: 'DEBUG' }]
            : [];
        },
      },
      () => undefined,
    );
    capture.push(at('DEBUG', 'debug on lkc-debug'), [], from('lkc-debug'));
    capture.push(at('DEBUG', 'debug on lkc-info'), [], from('lkc-info'));
    capture.push(at('INFO', 'info on lkc-info'), [], from('lkc-info'));
    capture.push(at('DEBUG', 'debug without a logger'), []);
    await assert.rejects(capture.flush(), /database down/);
    assert.equal(written.length, 0);
    levelsDown = false;
    await capture.flush();
    assert.deepEqual(
      written.map((l) => l.message),
      ['debug on lkc-debug', 'info on lkc-info', 'debug without a logger'],
    );
    assert.ok(
      written.every((l) => !('from' in l)),
      'only the entry is written',
    );
  });
});
