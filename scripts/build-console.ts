// The web console (apps/console, React + Vite) → <outDir>, served by the API under /console.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './paths';

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
}
