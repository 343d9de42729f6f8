// Entry point of the `connectplane` command (package.json "bin" → bin/connectplane.js).
import { processIo } from './io';
import { run } from './program';

// `connectplane … | head`: the reader went away; stop quietly as other Unix tools do, no stack trace
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });

run(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`Error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
