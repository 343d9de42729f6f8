// Connector config files as the Go CLI reads them (internal/connect/utils.go): either
// {"name", "config", "offsets"} or a flat map; string values only; name and connector.class required.
import { readFileSync } from 'node:fs';
import { CliError } from '../errors';

export interface ConnectorFile {
  name: string;
  config: Record<string, string>;
  offsets?: unknown[];
}

export function readConnectorFile(path: string, opts: { allowOffsets?: boolean } = {}): ConnectorFile {
  const fail = (reason: string): never => {
    throw new CliError(`unable to read configuration file "${path}": ${reason}`);
  };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return fail((e as Error).message);
  }
  if (text.trim() === '') throw new CliError(`connector config file "${path}" is empty`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return fail((e as Error).message);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return fail('expected a JSON object');
  const obj = parsed as Record<string, unknown>;
  const nested = typeof obj.config === 'object' && obj.config !== null && !Array.isArray(obj.config);
  const rawConfig = (nested ? obj.config : obj) as Record<string, unknown>;
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(rawConfig)) {
    if (nested || (k !== 'offsets' && k !== 'name') || typeof v === 'string') {
      if (typeof v !== 'string') return fail(`only string values are permitted for the configuration "${k}"`);
      config[k] = v;
    }
  }
  const name = (nested && typeof obj.name === 'string' ? obj.name : undefined) ?? config.name;
  if (nested && typeof obj.name === 'string') config.name ??= obj.name;
  const custom = config['confluent.connector.type'] === 'CUSTOM';
  if (!custom && (!name || !config['connector.class']))
    return fail('required configs "name" and "connector.class" missing from connector config file');
  const offsets = nested ? obj.offsets : undefined;
  if (offsets !== undefined && !opts.allowOffsets) return fail('"offsets" are not allowed here');
  if (offsets !== undefined && !Array.isArray(offsets)) return fail('"offsets" must be an array');
  return { name: name ?? '', config, ...(offsets !== undefined && { offsets: offsets as unknown[] }) };
}
