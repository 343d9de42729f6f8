// Starts apps/broker/src/main.ts as a separate process for benchmarks and reports its RSS.
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const USER = { username: 'BENCHKEY', password: 'bench-secret', tenant: 'lkc-bench' };
const ROOT = join(__dirname, '..', '..');

export interface Child {
  proc: ChildProcess;
  port: number;
  metricsPort: number;
  rssMb(): number;
  metric(name: string): Promise<number>;
  stop(): Promise<void>;
}

export function startBrokerProcess(dataDir: string, env: Record<string, string> = {}): Promise<Child> {
  const proc = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps/broker/src/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      SWCRC: 'true',
      BROKER_PORT: '0',
      BROKER_METRICS_PORT: '0',
      BROKER_DATA_DIR: dataDir,
      BROKER_STATIC_USERS: JSON.stringify([USER]),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"msg":"broker ready","port":(\d+),"metricsPort":(\d+)/.exec(out);
      if (!m) return;
      const metricsPort = Number(m[2]);
      resolve({
        proc,
        port: Number(m[1]),
        metricsPort,
        rssMb() {
          const status = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
          return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
        },
        async metric(name: string) {
          const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
          let sum = 0;
          for (const line of text.split('\n')) if (line.startsWith(name)) sum += Number(line.split(' ').pop());
          return sum;
        },
        stop() {
          return new Promise((r) => {
            proc.once('exit', () => r());
            proc.kill('SIGTERM');
          });
        },
      });
    });
    proc.once('exit', (code) => reject(new Error(`broker exited ${code}: ${out}`)));
  });
}
