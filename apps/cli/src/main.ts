// Entry point of the `connectplane` command (package.json "bin" → bin/connectplane.js).
import { processIo } from './io';
import { run } from './program';

run(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`Error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
