// `npm run build`: compiles apps/, libs/ and generated/ to dist/ with SWC (≈1 s; no type check:
// `npm run typecheck` does that). `npm start` runs the compiled processes: a worker then starts in
// ~230 MB instead of ~320 MB, since nothing is transpiled at start-up.
import { transformFileSync, type Options } from '@swc/core';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { buildConsole } from './build-console';
import { ROOT } from './paths';

// BUILD_OUT_DIR: another output dir inside the repository (node_modules must resolve from it), for
// tests that run the compiled processes without rewriting the dist/ a running `npm start` uses.
const OUT = process.env.BUILD_OUT_DIR ? resolve(ROOT, process.env.BUILD_OUT_DIR) : join(ROOT, 'dist');
// Data files read at run time next to the code (Kafka message specs, Datagen quickstarts).
const DATA_EXTENSIONS = ['.json', '.avro'];

const options = (filename: string): Options => ({
  filename,
  swcrc: false,
  sourceMaps: 'inline',
  module: { type: 'commonjs' },
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
    baseUrl: ROOT,
    paths: { '@libs/*': ['libs/*/src'], '@generated/*': ['generated/*'] },
  },
});

function compileTree(dir: string): number {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.name === 'node_modules' || entry.name.startsWith('.') || entry.name === 'test') continue;
    // the web console is bundled by Vite below, not compiled file by file
    if (path === join(ROOT, 'apps', 'console')) continue;
    if (entry.isDirectory()) {
      count += compileTree(path);
      continue;
    }
    const target = join(OUT, relative(ROOT, path));
    if (path.endsWith('.ts') && !path.endsWith('.d.ts') && !path.endsWith('.test.ts')) {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target.replace(/\.ts$/, '.js'), transformFileSync(path, options(path)).code);
      count++;
    } else if (DATA_EXTENSIONS.some((ext) => path.endsWith(ext))) {
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(path, target);
    }
  }
  return count;
}

rmSync(OUT, { recursive: true, force: true });
const files = ['apps', 'libs', 'generated'].reduce((n, d) => n + compileTree(join(ROOT, d)), 0);
console.log(`compiled ${files} files to ${relative(ROOT, OUT)}/`);
buildConsole(join(OUT, 'console'));
console.log(`built the web console to ${relative(ROOT, join(OUT, 'console'))}/`);
