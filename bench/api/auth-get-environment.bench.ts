// Authenticated GET /org/v2/environments/{id} with autocannon at a fixed 50 connections:
//   right key · wrong secret (must not be slower) · never-seen keys (cold, every request a new id).
// The API runs as its own process (LOG_LEVEL=warn); this process only drives load.
//   node scripts/run.js bench/api/auth-get-environment.bench.ts [seconds=30]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { newApiKeyId } from '@libs/api-common';
import { freePort } from '../../test/support/free-port';
import { http, basic } from '../../test/support/http-client';

const SECONDS = Number(process.argv[2] ?? 30);
const OPERATOR = { key: 'bench-operator', secret: 'bench-operator-secret-0123456789' };

async function main(): Promise<void> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    PORT: String(port),
    PUBLIC_URL: base,
    LOG_LEVEL: 'warn',
    REDIS_PREFIX: `cpbench:${randomBytes(3).toString('hex')}:`,
    RATE_LIMIT_REQUESTS: '100000000',
    OPERATOR_API_KEY: OPERATOR.key,
    OPERATOR_API_SECRET: OPERATOR.secret,
  };
  const api = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/readyz`)).ok) break;
      } catch {
        /* starting */
      }
      if (i > 100) throw new Error('API did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    const tenant = await http(base, 'POST', '/operator/v1/organizations', {
      auth: OPERATOR,
      body: { display_name: 'bench' },
    });
    const admin = { key: tenant.body.admin.api_key.id as string, secret: tenant.body.admin.api_key.secret as string };
    const envRes = await http(base, 'POST', '/org/v2/environments', { auth: admin, body: { display_name: 'bench' } });
    const path = `/org/v2/environments/${envRes.body.id}`;

    const run = async (title: string, authFor: () => string, expect: number) => {
      const result = await autocannon({
        url: `${base}${path}`,
        connections: 50,
        duration: SECONDS,
        requests: [
          { method: 'GET', setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: authFor() } }) },
        ],
      });
      const codes = Object.entries(
        (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {},
      )
        .map(([code, v]) => `${code}×${v.count}`)
        .join(' ');
      console.log(
        `${title.padEnd(24)} ${result.requests.average.toFixed(0).padStart(6)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  ` +
          `statuses ${codes}  errors ${result.errors}  (expected ${expect})`,
      );
    };

    const good = basic(admin);
    const wrong = basic({ key: admin.key, secret: `${admin.secret.slice(0, -1)}X` });
    await run('right key', () => good, 200);
    await run('wrong secret', () => wrong, 401);
    await run('never-seen key (cold)', () => basic({ key: newApiKeyId(), secret: admin.secret }), 401);
  } finally {
    api.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
