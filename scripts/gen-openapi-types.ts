// Writes our own OpenAPI document (generated/openapi/openapi.json) and TypeScript types for it
// (generated/openapi/api.d.ts, via openapi-typescript) for typed clients such as openapi-fetch.
// The Nest app is created but never initialised: no database, Redis subscription or bootstrap
// runs; its Swagger route is served once from an ephemeral in-process server.
//   node scripts/run.js scripts/gen-openapi-types.ts [--if-stale]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './paths';

const OUT_DIR = join(ROOT, 'generated', 'openapi');
const DOC = join(OUT_DIR, 'openapi.json');
const TYPES = join(OUT_DIR, 'api.d.ts');
const STAMP = join(OUT_DIR, '.source-hash');
// What the document is made of: controllers, DTOs and the Swagger setup of the API app.
const SOURCES = [join(ROOT, 'apps', 'api', 'src'), join(ROOT, 'package-lock.json')];

function hashSources(): string {
  const h = createHash('sha256');
  const visit = (p: string): void => {
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) visit(join(p, name));
      return;
    }
    if (p.endsWith('.ts') || p.endsWith('.json')) h.update(p).update(readFileSync(p));
  };
  SOURCES.forEach(visit);
  return h.digest('hex');
}

export function openApiTypesAreStale(): boolean {
  return !existsSync(TYPES) || !existsSync(STAMP) || readFileSync(STAMP, 'utf8') !== hashSources();
}

async function fetchDocument(): Promise<string> {
  process.env.LOG_LEVEL = 'silent';
  process.env.DATA_DIR ??= join(tmpdir(), 'connectplane-openapi-gen');
  const { createApiApp } = await import('../apps/api/src/create-api-app');
  const app = await createApiApp();
  const server = createServer(app.getHttpAdapter().getInstance() as RequestListener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/openapi.json`);
    if (!res.ok) throw new Error(`GET /openapi.json answered ${res.status}`);
    return JSON.stringify(JSON.parse(await res.text()), null, 2);
  } finally {
    server.close();
    await app.close().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const hash = hashSources();
  if (process.argv.includes('--if-stale') && !openApiTypesAreStale()) return;
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(DOC, `${await fetchDocument()}\n`);
  const cli = join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
  const r = spawnSync(process.execPath, [cli, DOC, '--output', TYPES, '--root-types', '--alphabetize'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error('openapi-typescript failed');
  writeFileSync(STAMP, hash);
  console.log(`wrote ${DOC} and ${TYPES}`);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(`gen-openapi-types failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
