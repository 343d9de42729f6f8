// Runs apps/broker/src/main.ts as a child process (so tests can SIGKILL it).
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { TENANT_A, TENANT_B } from './harness';

const ROOT = join(__dirname, '..', '..', '..');

export interface BrokerProcess {
  child: ChildProcess;
  port: number;
  metricsPort: number;
}

export function spawnBroker(dataDir: string, env: Record<string, string> = {}): Promise<BrokerProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps/broker/src/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      SWCRC: 'true',
      BROKER_PORT: '0',
      BROKER_METRICS_PORT: '0',
      BROKER_DATA_DIR: dataDir,
      BROKER_STATIC_USERS: JSON.stringify([TENANT_A, TENANT_B]),
      BROKER_GROUP_MIN_SESSION_TIMEOUT_MS: '1000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    // compiling the broker with swc at start takes seconds, far more on a loaded machine
    const t = setTimeout(() => reject(new Error(`broker did not start: ${out}`)), 60000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"msg":"broker ready","port":(\d+),"metricsPort":(\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve({ child, port: Number(m[1]), metricsPort: Number(m[2]) });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`broker exited with ${code}: ${out}`));
    });
  });
}

export function kill(p: BrokerProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  return new Promise((resolve) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
    p.child.once('exit', () => resolve());
    p.child.kill(signal);
  });
}
