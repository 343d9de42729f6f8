// A JSON document named by a flag (`--references`, `--metadata`, `--ruleset`), read with the
// flag's name in the error so the user knows which file was wrong.
import { readFileSync } from 'node:fs';
import { CliError } from '../errors';

export function readJsonFile(flag: string, path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliError(`unable to read ${flag} file "${path}": ${(e as Error).message}`);
  }
}

/** `--references refs.json`: the Schema Registry's `[{name, subject, version}]`. */
export function readReferences(path: string | undefined): unknown[] | undefined {
  if (!path) return undefined;
  const refs = readJsonFile('--references', path);
  if (!Array.isArray(refs))
    throw new CliError(`--references file "${path}" must hold a JSON array of {name, subject, version}`);
  return refs;
}
