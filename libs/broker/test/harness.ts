// Shared setup for broker tests: a real broker on an ephemeral port with a temp data dir and
// two tenants (static credentials).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { BrokerHandle, BrokerOptions, StaticAuthenticator, startBroker } from '../src';
import { RawClient } from './raw-client';

export const TENANT_A = { username: 'KEYA', password: 'secret-a', tenant: 'lkc-aaaaa' };
export const TENANT_B = { username: 'KEYB', password: 'secret-b', tenant: 'lkc-bbbbb' };

export interface TestBroker {
  broker: BrokerHandle;
  dataDir: string;
  bootstrap: string;
  stop(): Promise<void>;
}

export async function startTestBroker(extra: Partial<BrokerOptions> = {}, dataDir?: string): Promise<TestBroker> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'broker-test-'));
  const broker = await startBroker({
    host: '127.0.0.1',
    port: 0,
    dataDir: dir,
    authenticator: new StaticAuthenticator([TENANT_A, TENANT_B]),
    group: { minSessionTimeoutMs: 1000, initialRebalanceDelayMs: 0 },
    ...extra,
  });
  return {
    broker,
    dataDir: dir,
    bootstrap: `127.0.0.1:${broker.port}`,
    async stop() {
      await broker.close();
      if (!dataDir) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

export function kafkajsConfig(bootstrap: string, creds: { username: string; password: string }, clientId = 'test') {
  return {
    clientId,
    brokers: [bootstrap],
    sasl: { mechanism: 'plain' as const, username: creds.username, password: creds.password },
    logLevel: 0,
    retry: { retries: 5, initialRetryTime: 100 },
  };
}

/** A raw connection to the test broker, SASL-authenticated as tenant A. */
export async function authenticatedClient(tb: TestBroker): Promise<RawClient> {
  const c = await RawClient.connect(tb.broker.port);
  const r = await c.authenticate(TENANT_A.username, TENANT_A.password);
  assert.equal(r.errorCode, 0);
  return c;
}

/**
 * A test broker for the whole file, started before its tests and stopped after them. Returns the
 * running broker and a tenant-A client factory (read them inside tests: they exist from `before` on).
 */
export function testBrokerPerFile(extra: Partial<BrokerOptions> = {}): {
  broker(): TestBroker;
  authed(): Promise<RawClient>;
} {
  let tb: TestBroker | undefined;
  before(async () => {
    tb = await startTestBroker(extra);
  });
  after(async () => {
    await tb?.stop();
  });
  const broker = () => {
    if (!tb) throw new Error('the test broker starts in before()');
    return tb;
  };
  return { broker, authed: () => authenticatedClient(broker()) };
}
