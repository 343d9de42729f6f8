// Exclusive ownership of a data dir: two brokers appending to the same logs would corrupt them.
// A lock file holds the owner's pid; a lock left by a dead process (e.g. after SIGKILL) is taken over.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const lockedHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dataDir: string): () => void {
  const dir = resolve(dataDir);
  const file = join(dir, '.lock');
  if (lockedHere.has(dir)) throw new Error(`data dir ${dir} is already used by a broker in this process`);
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const owner = Number(readFileSync(file, 'utf8'));
    if (owner !== process.pid && Number.isInteger(owner) && owner > 0 && alive(owner)) {
      throw new Error(`data dir ${dir} is in use by another broker (pid ${owner})`, { cause: e });
    }
    writeFileSync(file, String(process.pid));
  }
  lockedHere.add(dir);
  return () => {
    lockedHere.delete(dir);
    rmSync(file, { force: true });
  };
}
