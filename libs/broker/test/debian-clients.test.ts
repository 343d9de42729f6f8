// Conformance with Debian's librdkafka-based kcat and python3-confluent-kafka, and python3-kafka,
// over SASL/PLAIN against two tenants, transactions with read_committed consumers included (not
// kafka-python, which has none). CI installs: kcat python3-confluent-kafka python3-kafka.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startTestBroker, TENANT_A, TENANT_B, TestBroker } from './harness';

const PY = '/usr/bin/python3';
const hasKcat = spawnSync('kcat', ['-V']).status === 0;
const hasPy = (mod: string) => existsSync(PY) && spawnSync(PY, ['-c', `import ${mod}`]).status === 0;
const hasConfluent = hasPy('confluent_kafka');
const hasKafkaPython = hasPy('kafka');
// Locally a missing package skips; in CI it must fail, so the conformance suite cannot silently vanish.
const skipUnless = (ok: boolean, what: string) => (ok ? false : process.env.CI ? false : `${what} not installed`);

const CREATE_TOPIC = `
import sys
from confluent_kafka.admin import AdminClient, NewTopic
b, u, p, t, n = sys.argv[1:6]
a = AdminClient({'bootstrap.servers': b, 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanisms': 'PLAIN', 'sasl.username': u, 'sasl.password': p})
for f in a.create_topics([NewTopic(t, int(n), 3)]).values():
    f.result()
`;

let tb: TestBroker;
before(async () => {
  tb = await startTestBroker();
});
after(async () => {
  await tb.stop();
});

function run(
  cmd: string,
  args: string[],
  input?: string,
  timeoutMs = 60000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** Runs one of ./py's client scripts as `tenant` (bootstrap, user, password, then `args`); its last stdout line is JSON. */
async function runPyClient(
  script: string,
  tenant: { username: string; password: string },
  ...args: string[]
): Promise<ReturnType<typeof JSON.parse>> {
  const r = await run(PY, [join(__dirname, 'py', script), tb.bootstrap, tenant.username, tenant.password, ...args]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

function kcatArgs(creds: { username: string; password: string }): string[] {
  return [
    '-b',
    tb.bootstrap,
    '-X',
    'security.protocol=SASL_PLAINTEXT',
    '-X',
    'sasl.mechanisms=PLAIN',
    '-X',
    `sasl.username=${creds.username}`,
    '-X',
    `sasl.password=${creds.password}`,
  ];
}

describe('kcat (librdkafka 2.0.2)', { skip: skipUnless(hasKcat, 'kcat') }, () => {
  it('produces with every codec, consumes, lists metadata, and runs a balanced consumer group', async () => {
    const a = kcatArgs(TENANT_A);
    for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd']) {
      const lines = Array.from({ length: 20 }, (_, i) => `${codec}-${i}`).join('\n') + '\n';
      const r = await run('kcat', [...a, '-P', '-t', 'kc', '-z', codec, '-X', 'enable.idempotence=true'], lines);
      assert.equal(r.code, 0, r.stderr);
    }
    const c = await run('kcat', [...a, '-C', '-t', 'kc', '-o', 'beginning', '-e', '-f', '%o %s\\n']);
    assert.equal(c.code, 0, c.stderr);
    const rows = c.stdout.trim().split('\n');
    assert.equal(rows.length, 100);
    rows.forEach((row, i) => assert.equal(row.split(' ')[0], String(i)));
    assert.equal(rows[99], '99 zstd-19');

    const md = await run('kcat', [...a, '-L', '-J']);
    assert.equal(md.code, 0, md.stderr);
    const meta = JSON.parse(md.stdout);
    assert.deepEqual(
      meta.topics.map((t: { topic: string }) => t.topic),
      ['kc'],
    );
    assert.equal(meta.brokers[0].name, `${tb.bootstrap}`);

    const g = await run('kcat', [
      ...a,
      '-G',
      'kcat-group',
      'kc',
      '-o',
      'beginning',
      '-c',
      '100',
      '-f',
      '%s\\n',
      '-X',
      'auto.offset.reset=earliest',
    ]);
    assert.equal(g.code, 0, g.stderr);
    assert.equal(g.stdout.trim().split('\n').length, 100);

    const q = await run('kcat', [...a, '-Q', '-t', `kc:0:${Date.now() - 3600_000}`]);
    assert.equal(q.code, 0, q.stderr);
    assert.match(q.stdout, /kc \[0\]\s+offset 0/);

    // Tenant B sees none of it, and a wrong secret is refused.
    const mdB = await run('kcat', [...kcatArgs(TENANT_B), '-L', '-J']);
    assert.deepEqual(JSON.parse(mdB.stdout).topics, []);
    const bad = await run(
      'kcat',
      [...kcatArgs({ username: TENANT_B.username, password: 'x' }), '-L', '-m', '3'],
      undefined,
      15000,
    );
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /Authentication failed/);
  });
});

describe('python3-confluent-kafka', { skip: skipUnless(hasConfluent, 'python3-confluent-kafka') }, () => {
  it('produces (lz4, idempotent), consumes in a group, lists groups and topics', async () => {
    const out = await runPyClient('confluent_client.py', TENANT_B, 'py-cf', 'cf-group');
    assert.equal(out.unflushed, 0);
    assert.equal(out.consumed, 100);
    assert.equal(out.distinct, 100);
    assert.ok(out.groups.includes('cf-group'));
    assert.ok(out.topics.includes('py-cf'));
    assert.ok(!out.topics.includes('kc'), 'tenant B does not see tenant A topics');
  });
});

describe(
  'python3-confluent-kafka consumer group',
  { skip: skipUnless(hasConfluent, 'python3-confluent-kafka') },
  () => {
    it('splits 4 partitions between two librdkafka consumers after a rebalance', async () => {
      const admin = await run(PY, [
        '-c',
        CREATE_TOPIC,
        tb.bootstrap,
        TENANT_B.username,
        TENANT_B.password,
        'cf-group-topic',
        '4',
      ]);
      assert.equal(admin.code, 0, admin.stderr);
      const out = await runPyClient('confluent_group.py', TENANT_B, 'cf-group-topic', 'cf-pair');
      assert.equal(out.assigned['1'].length + out.assigned['2'].length, 4);
      assert.ok(out.assigned['1'].length > 0 && out.assigned['2'].length > 0, JSON.stringify(out.assigned));
      assert.equal(out.consumed, 200);
    });
  },
);

describe('kcat transactions', { skip: skipUnless(hasKcat, 'kcat') }, () => {
  it('produces in a transaction (transactional.id) that a read_committed kcat consumer reads', async () => {
    const a = kcatArgs(TENANT_A);
    const lines = Array.from({ length: 10 }, (_, i) => `txn-${i}`).join('\n') + '\n';
    const p = await run('kcat', [...a, '-P', '-t', 'kc-txn', '-X', 'transactional.id=kcat-txn'], lines);
    assert.equal(p.code, 0, p.stderr);
    const c = await run('kcat', [
      ...a,
      '-C',
      '-t',
      'kc-txn',
      '-o',
      'beginning',
      '-e',
      '-f',
      '%s\\n',
      '-X',
      'isolation.level=read_committed',
    ]);
    assert.equal(c.code, 0, c.stderr);
    assert.deepEqual(c.stdout.trim().split('\n'), lines.trim().split('\n'));
  });
});

describe('python3-confluent-kafka transactions', { skip: skipUnless(hasConfluent, 'python3-confluent-kafka') }, () => {
  it('aborts and commits, reads read_committed and read_uncommitted, sends offsets, is fenced', async () => {
    const out = await runPyClient('confluent_txn.py', TENANT_B, 'cf-txn', 'cf-txn-group');
    assert.deepEqual(out.read_committed, ['committed-1', 'end', 'after-fence']);
    assert.deepEqual(out.read_uncommitted, ['aborted-1', 'aborted-2', 'committed-1', 'end', 'after-fence']);
    assert.equal(out.committed_offset, 2);
    assert.equal(out.zombie, 'fenced');
  });
});

// kafka-python 2.0.2 has no transactional producer (nor isolation_level): no transaction cell.
describe('python3-kafka (kafka-python 2.0.2)', { skip: skipUnless(hasKafkaPython, 'python3-kafka') }, () => {
  it('produces, consumes with a group, commits, and lists groups', async () => {
    const out = await runPyClient('kafka_python_client.py', TENANT_A, 'py-kp', 'kp-group');
    assert.equal(out.consumed, 100);
    assert.equal(out.distinct, 100);
    assert.ok(out.groups.includes('kp-group'));
    assert.equal(out.committed, 100);
  });
});
