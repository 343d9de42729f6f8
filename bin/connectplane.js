#!/usr/bin/env node
// `connectplane` (package.json "bin"): runs the CLI's TypeScript through SWC, as scripts/run.js
// runs the repository's scripts, so `npx connectplane` works in a clone with no build step. A
// compiled copy (`npm run build`, dist/) is used instead when it is there and not older than the
// sources, which saves the transpile on every call.
'use strict';
/* global require, process, __dirname -- a CommonJS launcher; eslint.config.mjs lints *.js as modules */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS launcher, runs before any TypeScript */
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const srcDir = join(root, 'apps', 'cli', 'src');
const compiled = join(root, 'dist', 'apps', 'cli', 'src', 'main.js');

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

if (existsSync(compiled) && statSync(compiled).mtimeMs >= newestSource(srcDir)) {
  require(compiled);
} else {
  process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || join(root, 'tsconfig.json');
  require('@swc-node/register');
  require(join(srcDir, 'main.ts'));
}
