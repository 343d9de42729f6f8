// -v/--unsafe-trace logging (apps/cli/src/output/log.ts): which levels each -v count prints, and
// the masking of Authorization and secret-looking fields that --unsafe-trace turns off.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CliLog, maskSecrets } from '../src/output/log';

const capture = (verbosity: number, unsafe = false) => {
  const lines: string[] = [];
  return { lines, log: new CliLog((t) => void lines.push(t), verbosity, unsafe) };
};

describe('CLI log levels and trace masking', () => {
  it('each -v adds a level: warn, info, debug, trace; none by default', () => {
    const enabled = (v: number) =>
      (['error', 'warn', 'info', 'debug', 'trace'] as const).filter((l) => capture(v).log.enabled(l));
    assert.deepEqual(enabled(0), ['error']);
    assert.deepEqual(enabled(1), ['error', 'warn']);
    assert.deepEqual(enabled(3), ['error', 'warn', 'info', 'debug']);
    assert.deepEqual(enabled(4), ['error', 'warn', 'info', 'debug', 'trace']);
    const { lines, log } = capture(3);
    log.log('debug', 'GET /x');
    log.log('trace', 'hidden');
    assert.deepEqual(lines, ['[DEBUG] GET /x\n']);
  });

  it('masks secret-looking fields at any depth, in objects and in JSON text; leaves ids alone', () => {
    const body = {
      id: 'KEY1',
      spec: { secret: 's3cr3t', owner: { id: 'sa-1' } },
      config: { 'kafka.api.key': 'KEY2', 'kafka.api.secret': 'x', 'connection.password': 'p', 'tasks.max': '1' },
      list: [{ token: 't' }],
    };
    assert.deepEqual(maskSecrets(body), {
      id: 'KEY1',
      spec: { secret: '[MASKED]', owner: { id: 'sa-1' } },
      config: {
        'kafka.api.key': 'KEY2',
        'kafka.api.secret': '[MASKED]',
        'connection.password': '[MASKED]',
        'tasks.max': '1',
      },
      list: [{ token: '[MASKED]' }],
    });
    const { log } = capture(4);
    assert.equal(log.body(JSON.stringify({ api_secret: 'x' })), '{"api_secret":"[MASKED]"}');
    assert.equal(log.body('not json'), 'not json');
    assert.equal(
      log.headers({ authorization: 'Basic abc', accept: 'application/json' }),
      '{"authorization":"Basic [MASKED]","accept":"application/json"}',
    );
  });

  it('--unsafe-trace prints everything unmasked', () => {
    const { log } = capture(0, true);
    assert.equal(log.enabled('trace'), true);
    assert.equal(log.body({ api_secret: 'x' }), '{"api_secret":"x"}');
    assert.equal(log.headers({ authorization: 'Basic abc' }), '{"authorization":"Basic abc"}');
  });
});
