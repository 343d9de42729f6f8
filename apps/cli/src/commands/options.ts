// The flags most commands share, spelled and described as the Go CLI's (CLI.md §2).
import { existsSync, readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { FORMATS, type Format } from '../output/printer';

export interface CommonOptions {
  output: Format;
  context?: string;
  environment?: string;
  cluster?: string;
  force?: boolean;
  kafkaEndpoint?: string;
}

export const outputOption = () =>
  new Option('-o, --output <format>', 'Specify the output format as "human", "json", or "yaml".')
    .choices(FORMATS)
    .default('human');

export const contextOption = () => new Option('--context <name>', 'CLI context name.');
export const environmentOption = () => new Option('--environment <id>', 'Environment ID.');
export const clusterOption = () => new Option('--cluster <id>', 'Kafka cluster ID.');
export const forceOption = () => new Option('--force', 'Skip the deletion confirmation prompt.');
export const kafkaEndpointOption = () =>
  new Option('--kafka-endpoint <url>', 'Endpoint to be used for this Kafka cluster (its Kafka REST URL).');

/** Adds the given shared flags to a command. */
export function withOptions(
  cmd: Command,
  ...which: ('output' | 'context' | 'environment' | 'cluster' | 'force' | 'kafka-endpoint')[]
): Command {
  const make = {
    output: outputOption,
    context: contextOption,
    environment: environmentOption,
    cluster: clusterOption,
    force: forceOption,
    'kafka-endpoint': kafkaEndpointOption,
  };
  for (const w of which) cmd.addOption(make[w]());
  return cmd;
}

/** `k=v,k2=v2` (or repeated flags) into a map; values may contain `=`. */
export function parseKeyValues(values: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of (values ?? []).flatMap((v) => v.split(','))) {
    if (!item) continue;
    const i = item.indexOf('=');
    if (i <= 0) throw new Error(`failed to parse "${item}" as key=value`);
    out[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}

/** Java properties text: `k=v` (or `k: v`) lines; `#` and `!` start comments. */
export function parseProperties(text: string, source: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const l = line.trim();
    if (!l || l.startsWith('#') || l.startsWith('!')) continue;
    const i = l.search(/[=:]/);
    if (i <= 0) throw new Error(`${source}: "${l}" is not key=value`);
    out[l.slice(0, i).trim()] = l.slice(i + 1).trim();
  }
  return out;
}

/** `--config k=v,…` that may also name a file of `k=v` lines, as the Go CLI's topic commands accept. */
export function keyValuesOrFile(values: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? [])
    Object.assign(
      out,
      !v.includes('=') && existsSync(v)
        ? parseProperties(readFileSync(v, 'utf8'), `--config "${v}"`)
        : parseKeyValues([v]),
    );
  return out;
}

export const collect = (value: string, previous: string[] = []) => [...previous, value];
