import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Dev-mode secrets live in 0600 files under the data dir, created on first start and reused. */
export function readOrCreateSecretFile(dataDir: string, name: string, create: () => string): string {
  const path = join(dataDir, name);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const value = create();
  try {
    writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as { code?: string }).code !== 'EEXIST') throw err;
    return readFileSync(path, 'utf8').trim();
  }
  chmodSync(path, 0o600);
  return value;
}

export function writeSecretFile(dataDir: string, name: string, value: string): string {
  const path = join(dataDir, name);
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}
