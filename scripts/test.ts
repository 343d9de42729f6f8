// `npm test`: every *.test.ts under apps/, libs/, test/ through node's test runner, against the
// migrated test database. Pass files or folders to run a subset: `npm test -- test/e2e`.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

// The runner's own settings (the processes' settings are in libs/config's schema): validated, so a
// typo stops the run with the variable's name instead of becoming NaN.
const runnerEnv = z.object({
  TEST_DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/connectplane_test'),
  SKIP_TYPECHECK: z.enum(['0', '1']).default('0'),
  TEST_CONCURRENCY: z.coerce.number().int().min(1).default(2),
  TEST_TIMEOUT_MS: z.coerce.number().int().min(1).default(180_000),
  TEST_RUN_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(30 * 60_000), // the suite takes 8–12 min on the 2-core machine; CI allows 60
});
const parsed = runnerEnv.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== '')));
if (!parsed.success) {
  console.error(
    `invalid test settings:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
  );
  process.exit(2);
}
const settings = parsed.data;
const TEST_DATABASE_URL = settings.TEST_DATABASE_URL;

function collect(path: string, out: string[]): void {
  const st = statSync(path);
  if (st.isFile()) {
    if (path.endsWith('.test.ts')) out.push(path);
    return;
  }
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    collect(join(path, name), out);
  }
}

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['libs', 'apps', 'test'];
const files: string[] = [];
for (const root of roots) collect(root, files);
files.sort();
// apps/console's component tests (*.spec.ts[x]) run under Vitest (jsdom), before node's runner.
const CONSOLE = 'apps/console';
const withConsole = roots.some((r) => {
  const root = r.replace(/^\.\//, '').replace(/\/$/, '');
  return CONSOLE.startsWith(root) || root.startsWith(CONSOLE);
});
if (files.length === 0 && !withConsole) {
  console.error(`no *.test.ts files under ${roots.join(', ')}`);
  process.exit(1);
}

const env = { ...process.env, NODE_ENV: 'test', DATABASE_URL: TEST_DATABASE_URL, TEST_DATABASE_URL };
function step(name: string, args: string[]): void {
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`${name} failed`);
    process.exit(r.status ?? 1);
  }
}

step('setup (generate client, migrate the test database)', ['scripts/run.js', 'scripts/setup.ts']);
if (settings.SKIP_TYPECHECK !== '1') {
  step('typecheck', [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit']);
  step('typecheck (web console)', [require.resolve('typescript/bin/tsc'), '-p', 'apps/console/tsconfig.json']);
}
if (withConsole)
  step('web console component tests (Vitest)', [
    join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs'),
    'run',
    '--config',
    'apps/console/vite.config.mts',
  ]);
if (files.length === 0) process.exit(0);

const r = spawnSync(
  process.execPath,
  [
    '--enable-source-maps',
    '-r',
    '@swc-node/register',
    '--test',
    `--test-concurrency=${settings.TEST_CONCURRENCY}`,
    // A hung test fails instead of hanging CI. (Not --test-force-exit: on Node 20 it can end a file
    // before all of its tests have reported, silently dropping them.)
    `--test-timeout=${settings.TEST_TIMEOUT_MS}`,
    ...files,
  ],
  // A file that never exits (a leaked handle) would otherwise hang CI: the whole run is bounded.
  { stdio: 'inherit', env, timeout: settings.TEST_RUN_TIMEOUT_MS, killSignal: 'SIGKILL' },
);
if (r.error) console.error(`test run stopped: ${r.error.message}`);
process.exit(r.status ?? 1);
