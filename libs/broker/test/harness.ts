// Shared setup for broker tests: a real broker on an ephemeral port with a temp data dir and
// two tenants (static credentials).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrokerHandle, BrokerOptions, StaticAuthenticator, startBroker } from '../src';

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
