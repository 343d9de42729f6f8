#!/usr/bin/env node
// `connectplane` (package.json "bin"), in a clone (`npx connectplane`) and after `npm install -g .`.
// Runs the compiled CLI: dist/ when `npm run build` made it and it is not older than the sources,
// else a copy compiled here with SWC into node_modules/.cache/connectplane-cli (only the files that
// changed since the last call), so no call pays for an in-process TypeScript loader. apps/cli
// imports no lib (lint/boundaries.mjs), so its own folder compiles on its own.
'use strict';
/* global require, process, __dirname -- a CommonJS launcher; eslint.config.mjs lints *.js as modules */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS launcher, runs before any TypeScript */
const { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');

const root = join(__dirname, '..');
const srcDir = join(root, 'apps', 'cli', 'src');
const compiled = join(root, 'dist', 'apps', 'cli', 'src', 'main.js');
const cacheDir = join(root, 'node_modules', '.cache', 'connectplane-cli');

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const files = sources(srcDir);
const newestSource = Math.max(...files.map((f) => statSync(f).mtimeMs));

function compileStale() {
  let swc;
  for (const file of files) {
    const out = join(cacheDir, relative(srcDir, file)).replace(/\.ts$/, '.js');
    if (existsSync(out) && statSync(out).mtimeMs >= statSync(file).mtimeMs) continue;
    swc ??= require('@swc/core');
    const { code } = swc.transformFileSync(file, {
      swcrc: false,
      sourceMaps: 'inline',
      module: { type: 'commonjs' },
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    });
    mkdirSync(dirname(out), { recursive: true });
    // written aside and renamed: a CLI started at the same moment never reads half a file
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, code);
    renameSync(tmp, out);
  }
}

if (process.env.CONNECTPLANE_DEBUG) process.setSourceMapsEnabled(true); // stack traces in TypeScript lines
if (existsSync(compiled) && statSync(compiled).mtimeMs >= newestSource) {
  require(compiled);
} else {
  compileStale();
  require(join(cacheDir, 'main.js'));
}
