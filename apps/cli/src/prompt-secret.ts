// Reads a secret without echoing it: on a terminal in raw mode (typed characters never shown, so
// the secret is neither on screen nor in shell history), else the first line of piped stdin.
import { createInterface } from 'node:readline';
import { CliError } from './errors';
import type { CliIo } from './io';

export async function promptSecret(io: CliIo, question: string): Promise<string> {
  const stdin = io.stdin as NodeJS.ReadStream;
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') {
    const rl = createInterface({ input: io.stdin, terminal: false });
    const line = await new Promise<string>((resolve) => {
      rl.once('line', resolve);
      rl.once('close', () => resolve(''));
    });
    rl.close();
    return line.trim();
  }
  // echo off before the question shows, so nothing typed after it can appear
  stdin.setRawMode(true);
  stdin.resume();
  io.stderr(question);
  try {
    return await new Promise<string>((resolve, reject) => {
      let secret = '';
      const onData = (chunk: Buffer) => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n') {
            stdin.off('data', onData);
            return resolve(secret);
          }
          if (ch === '\u0003') {
            stdin.off('data', onData);
            return reject(new CliError('interrupted'));
          }
          if (ch === '\u007f' || ch === '\b') secret = secret.slice(0, -1);
          else secret += ch;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    io.stderr('\n');
  }
}
