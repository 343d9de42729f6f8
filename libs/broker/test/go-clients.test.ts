// Conformance with Go's sarama (Debian's golang-github-shopify-sarama-dev, at its newest protocol
// version V2_2_0_0, which sends Metadata v5+): built from libs/broker/test/go/sarama-client with
// Debian's GOPATH (no module download) and run against the broker over SASL/PLAIN. CI installs
// golang-go and the sarama package; locally a missing toolchain skips.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, TENANT_A, TestBroker } from './harness';

const GOPATH = '/usr/share/gocode';
const SOURCE = join(__dirname, 'go', 'sarama-client', 'main.go');
const hasSarama =
  spawnSync('go', ['version']).status === 0 && existsSync(join(GOPATH, 'src/github.com/Shopify/sarama'));
const skip = hasSarama ? false : process.env.CI ? false : 'go or golang-github-shopify-sarama-dev not installed';

/** Builds the client once per source version (the build takes ~15 s; the binary is cached in tmp). */
function buildClient(): string {
  const hash = createHash('sha256').update(readFileSync(SOURCE)).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), 'connectplane-sarama-client');
  const binary = join(dir, `sarama-client-${hash}`);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('go', ['build', '-o', binary, SOURCE], {
    env: { ...process.env, GOPATH, GO111MODULE: 'off', GOCACHE: join(dir, 'gocache'), GOFLAGS: '' },
    encoding: 'utf8',
    timeout: 170_000,
  });
  assert.equal(r.status, 0, `go build failed: ${r.stderr}`);
  return binary;
}

describe('Go sarama client', { skip }, () => {
  let tb: TestBroker;
  before(async () => {
    tb = await startTestBroker();
  });
  after(async () => {
    await tb.stop();
  });

  it('admin, every codec, an idempotent producer, a consumer group that commits, group and offset admin, transactions read_committed and read_uncommitted, a wrong password, at sarama.MaxVersion', async () => {
    const binary = buildClient();
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        binary,
        [tb.bootstrap, TENANT_A.username, TENANT_A.password, 'sarama-topic', 'sarama-group'],
        { timeout: 90_000 },
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
      ),
    );
    const summary = JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
    assert.match(String(summary.badPassword), /SASL|authenticat|EOF|out of available brokers/i);
    delete summary.badPassword;
    assert.deepEqual(summary, {
      version: '2.2.0',
      produced: 20,
      consumed: 20,
      committed: 20,
      newest: 20,
      groupListed: true,
      zstdOnV3: 'kafka server: The requesting client does not support the compression type of given partition.',
      transactions: {
        readCommitted: ['committed-1', 'end'],
        readUncommitted: ['aborted-1', 'aborted-2', 'committed-1', 'end'],
      },
    });
  });
});
