// `connect plugin list/describe` (CLI.md §8.1).
import { Command } from 'commander';
import { CliError } from '../errors';
import type { Session } from '../session';
import { BIN } from '../session';
import type { Field } from '../output/fields';
import { connectTarget } from './connectors';
import { withOptions, type CommonOptions } from './options';

export const LIST_FIELDS: Field[] = [
  { title: 'Plugin Name', key: 'plugin_name' },
  { title: 'Type', key: 'type' },
];
export const DESCRIBE_FIELDS: Field[] = [
  { title: 'Config', key: 'config' },
  { title: 'Documentation', key: 'documentation' },
  { title: 'Required', key: 'is_required', kind: 'bool' },
];

interface Validation {
  configs: { definition: { name: string; required?: boolean; documentation?: string; display_name?: string } }[];
}

export function connectPluginCommands(connect: Command, session: Session): void {
  const plugin = connect.command('plugin').description('Show plugins and their configurations.');

  withOptions(
    plugin.command('list').description('List connector plugin types.'),
    'output',
    'cluster',
    'context',
    'environment',
  ).action(async (o: CommonOptions) => {
    const t = connectTarget(session, o);
    const res = await t.client.get<{ class: string; type: string }[]>(`${t.base}/connector-plugins`);
    session.printer(o.output).list(
      LIST_FIELDS,
      res.body.map((p) => ({ plugin_name: p.class, type: p.type })),
    );
  });

  withOptions(
    plugin.command('describe').argument('<plugin>').description('Describe a connector plugin.'),
    'output',
    'cluster',
    'context',
    'environment',
  ).action(async (name: string, o: CommonOptions) => {
    const t = connectTarget(session, o);
    let res;
    try {
      res = await t.client.request<Validation>(
        'PUT',
        `${t.base}/connector-plugins/${encodeURIComponent(name)}/config/validate`,
        {
          'connector.class': name,
        },
      );
    } catch (e) {
      throw new CliError(`error defining plugin on given Kafka cluster: ${(e as Error).message}`, [
        `To list available connector plugin types, use \`${BIN} connect plugin list\`.`,
      ]);
    }
    const rows = res.body.configs.map((c) => ({
      config: c.definition.name,
      documentation: c.definition.documentation || c.definition.display_name || '',
      is_required: Boolean(c.definition.required),
    }));
    // required first, each block by name
    rows.sort(
      (a, b) =>
        Number(b.is_required) - Number(a.is_required) || (a.config < b.config ? -1 : a.config > b.config ? 1 : 0),
    );
    session.printer(o.output).list(DESCRIBE_FIELDS, rows, { sort: false });
  });
}
