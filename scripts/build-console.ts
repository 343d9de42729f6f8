// The web console (apps/console, React + Vite) → <outDir>, served by the API under /console. Each
// script and stylesheet also gets a brotli (.br) and a gzip (.gz) copy, compressed once here at
// the highest levels, which the API sends to browsers that accept them (apps/api/src/console-static.ts).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ROOT } from './paths';

/** What the API serves precompressed (index.html is tiny and never cached: sent as is). */
const PRECOMPRESSED = /\.(js|css)$/;

export function buildConsole(outDir: string): void {
  const r = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '-c',
      join(ROOT, 'apps/console/vite.config.mts'),
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } },
  );
  if (r.status !== 0) throw new Error(`building the web console failed (exit ${r.status ?? r.signal})`);
  precompress(join(outDir, 'assets'));
}

function precompress(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (!PRECOMPRESSED.test(name)) continue;
    const body = readFileSync(join(dir, name));
    writeFileSync(
      join(dir, `${name}.br`),
      brotliCompressSync(body, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
      }),
    );
    writeFileSync(join(dir, `${name}.gz`), gzipSync(body, { level: 9 }));
  }
}
