#!/usr/bin/env node
// Runs before `npm start` and `npm test`: a fresh clone has no node_modules, and the README promises
// those two commands and nothing else. Installs from package-lock.json when node_modules is missing
// or older than it. `npm install`, not `npm ci`: the registry these machines reach serves no
// other-platform builds of native packages (@swc/core-darwin-*, …), so the lock cannot list them and
// `npm ci`'s strict sync check always fails. Plain JavaScript: it runs before any dependency exists.
'use strict';
const { existsSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');
const stale = !existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs;
if (stale) {
  console.log('installing dependencies (npm install from package-lock.json)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
