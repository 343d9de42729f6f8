// The file `connect apply -f` (and `npm start` with CONNECTPLANE_CONNECTORS_FILE) reads: YAML or
// JSON, a list of connectors or {environment?, cluster?, connectors: [...]}, each {name, config} or
// a flat config map with `name`. Scalars become strings (YAML writes `tasks.max: 1`; the Connect
// API takes strings only).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { CliError } from '../errors';

export interface DesiredConnector {
  name: string;
  config: Record<string, string>;
}

export interface ConnectorsFile {
  /** Where the connectors go when no flag (or, for the CLI, no context default) says. */
  environment?: string;
  cluster?: string;
  connectors: DesiredConnector[];
}

export function readConnectorsFile(path: string): ConnectorsFile {
  let doc: unknown;
  try {
    // YAML is a superset of JSON: one parser reads both
    doc = parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliError(`unable to read connectors file "${path}": ${(e as Error).message}`);
  }
  const top = (Array.isArray(doc) ? {} : (doc ?? {})) as { environment?: unknown; cluster?: unknown };
  const list = Array.isArray(doc) ? doc : (doc as { connectors?: unknown } | null)?.connectors;
  if (!Array.isArray(list))
    throw new CliError(`connectors file "${path}" must hold a list of connectors or {connectors: [...]}`);
  for (const k of ['environment', 'cluster'] as const)
    if (top[k] !== undefined && typeof top[k] !== 'string')
      throw new CliError(`connectors file "${path}": "${k}" must be an id string`);
  const seen = new Set<string>();
  const connectors = list.map((item, i) => {
    const entry = item as { name?: unknown; config?: unknown } & Record<string, unknown>;
    const raw = (entry.config && typeof entry.config === 'object' ? entry.config : entry) as Record<string, unknown>;
    const config: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) {
      if (v !== null && typeof v === 'object')
        throw new CliError(`connector #${i + 1} in "${path}": "${k}" must be a string`);
      config[k] = String(v ?? '');
    }
    const name = typeof entry.name === 'string' ? entry.name : config.name;
    if (!name) throw new CliError(`connector #${i + 1} in "${path}" has no name`);
    if (!config['connector.class']) throw new CliError(`connector "${name}" in "${path}" has no connector.class`);
    if (seen.has(name)) throw new CliError(`connector "${name}" appears twice in "${path}"`);
    seen.add(name);
    config.name = name;
    return { name, config };
  });
  return {
    ...(typeof top.environment === 'string' && { environment: top.environment }),
    ...(typeof top.cluster === 'string' && { cluster: top.cluster }),
    connectors,
  };
}
