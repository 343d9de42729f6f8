// The API as its own process for HTTP benchmarks (LOG_LEVEL=warn, rate limit out of the way), with a
// fresh tenant onboarded through the operator API. The benchmark process only drives load.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { freePort } from '../../test/support/free-port';
import { http, type Credentials } from '../../test/support/http-client';

const OPERATOR = { key: 'bench-operator', secret: 'bench-operator-secret-0123456789' };

export interface BenchApi {
  base: string;
  /** The new tenant's admin cloud key. */
  admin: Credentials;
  adminServiceAccountId: string;
  process: ChildProcess;
  stop(): void;
}

/**
 * API_COMPILED=1 runs the SWC-compiled dist/ the way `npm start` does (run `npm run build` first);
 * API_NODE_ARGS adds node flags, e.g. "--cpu-prof --cpu-prof-dir=/tmp/apiprof".
 */
function apiCommand(): string[] {
  const extra = (process.env.API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const entry =
    process.env.API_COMPILED === '1'
      ? ['dist/apps/api/src/main.js']
      : ['-r', '@swc-node/register', 'apps/api/src/main.ts'];
  return [...extra, ...entry];
}

export async function startBenchApi(tenantName: string): Promise<BenchApi> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = spawn(process.execPath, apiCommand(), {
    env: {
      ...process.env,
      PORT: String(port),
      PUBLIC_URL: base,
      LOG_LEVEL: 'warn',
      REDIS_PREFIX: `cpbench:${randomBytes(3).toString('hex')}:`,
      RATE_LIMIT_REQUESTS: '100000000',
      OPERATOR_API_KEY: OPERATOR.key,
      OPERATOR_API_SECRET: OPERATOR.secret,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/readyz`)).ok) break;
      } catch {
        /* starting */
      }
      if (i > 150) throw new Error('API did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    const tenant = await http(base, 'POST', '/operator/v1/organizations', {
      auth: OPERATOR,
      body: { display_name: tenantName },
    });
    const admin = { key: tenant.body.admin.api_key.id as string, secret: tenant.body.admin.api_key.secret as string };
    const adminServiceAccountId = tenant.body.admin.service_account.id as string;
    return { base, admin, adminServiceAccountId, process: api, stop: () => void api.kill('SIGTERM') };
  } catch (err) {
    api.kill('SIGTERM');
    throw err;
  }
}
