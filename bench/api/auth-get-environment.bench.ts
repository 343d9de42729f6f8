// Authenticated GET /org/v2/environments/{id} with autocannon at a fixed 50 connections:
//   right key · wrong secret (must not be slower) · never-seen keys (cold, every request a new id).
// The API runs as its own process (LOG_LEVEL=warn); this process only drives load.
//   node scripts/run.js bench/api/auth-get-environment.bench.ts [seconds=30]
import autocannon from 'autocannon';
import { newApiKeyId } from '@libs/api-common';
import { http, basic } from '../../test/support/http-client';
import { startBenchApi } from '../support/api-process';

const SECONDS = Number(process.argv[2] ?? 30);

async function main(): Promise<void> {
  const api = await startBenchApi('bench');
  const { base, admin } = api;
  try {
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
    // The last character changed (a secret ending in X once made the "wrong" secret the right one).
    const wrong = basic({
      key: admin.key,
      secret: `${admin.secret.slice(0, -1)}${admin.secret.endsWith('X') ? 'Y' : 'X'}`,
    });
    await run('right key', () => good, 200);
    await run('wrong secret', () => wrong, 401);
    await run('never-seen key (cold)', () => basic({ key: newApiKeyId(), secret: admin.secret }), 401);
  } finally {
    api.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
