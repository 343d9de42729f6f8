// The flags most commands share, spelled and described as the Go CLI's (CLI.md §2).
import { Command, Option } from 'commander';
import { FORMATS, type Format } from '../output/printer';

export interface CommonOptions {
  output: Format;
  context?: string;
  environment?: string;
  cluster?: string;
  force?: boolean;
}

export const outputOption = () =>
  new Option('-o, --output <format>', 'Specify the output format as "human", "json", or "yaml".')
    .choices(FORMATS)
    .default('human');

export const contextOption = () => new Option('--context <name>', 'CLI context name.');
export const environmentOption = () => new Option('--environment <id>', 'Environment ID.');
export const clusterOption = () => new Option('--cluster <id>', 'Kafka cluster ID.');
export const forceOption = () => new Option('--force', 'Skip the deletion confirmation prompt.');

/** Adds the given shared flags to a command. */
export function withOptions(
  cmd: Command,
  ...which: ('output' | 'context' | 'environment' | 'cluster' | 'force')[]
): Command {
  const make = {
    output: outputOption,
    context: contextOption,
    environment: environmentOption,
    cluster: clusterOption,
    force: forceOption,
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

export const collect = (value: string, previous: string[] = []) => [...previous, value];
