#!/usr/bin/env node
// Runs a TypeScript entry point through SWC (decorator metadata + tsconfig paths), no build step.
'use strict';
const { spawnSync } = require('node:child_process');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run.js <file.ts> [args…]');
  process.exit(2);
}
const r = spawnSync(process.execPath, ['--enable-source-maps', '-r', '@swc-node/register', entry, ...args], {
  stdio: 'inherit',
  env: { SWCRC: 'true', ...process.env },
});
process.exit(r.status ?? 1);
