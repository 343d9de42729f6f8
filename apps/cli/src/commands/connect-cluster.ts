// `connect cluster create/list/describe/update/pause/resume/delete`: managed connectors over
// Connect v1, addressed by id (lcc-…) or name (CLI.md §8.2).
import { Command } from 'commander';
import type { Session } from '../session';
import type { Field, Row } from '../output/fields';
import { readConnectorFile } from './config-file-input';
import {
  connectorPath,
  connectTarget,
  expandedConnectors,
  resolveConnectors,
  type ExpandedConnector,
} from './connectors';
import { deleteResources } from './deletion';
import { waitForConnector } from './connector-wait';
import { collect, parseKeyValues, withOptions, type CommonOptions } from './options';

export const CREATE_FIELDS: Field[] = [
  { title: 'ID', key: 'id' },
  { title: 'Name', key: 'name' },
  { title: 'Error Trace', key: 'error_trace', omitEmpty: true },
];
export const LIST_FIELDS: Field[] = [
  { title: 'ID', key: 'id' },
  { title: 'Name', key: 'name' },
  { title: 'Status', key: 'status' },
  { title: 'Type', key: 'type' },
  { title: 'Trace', key: 'trace', omitEmpty: true },
];
export const TASK_FIELDS: Field[] = [
  { title: 'Task', key: 'task', kind: 'int' },
  { title: 'State', key: 'state' },
];
export const CONFIG_FIELDS: Field[] = [
  { title: 'Config', key: 'config' },
  { title: 'Value', key: 'value' },
];

function summary(name: string, c: ExpandedConnector): Row {
  return {
    id: c.id?.id ?? name,
    name,
    status: c.status?.connector.state ?? '',
    type: c.status?.type ?? c.info?.type ?? '',
    trace: c.status?.connector.trace ?? '',
  };
}

type WaitOption = { wait?: boolean | string };
const waitSeconds = (o: WaitOption) => (o.wait === undefined ? undefined : o.wait === true ? 300 : Number(o.wait));

export function connectClusterCommands(connect: Command, session: Session): void {
  const cluster = connect.command('cluster').description('Manage Kafka Connect.');

  withOptions(
    cluster.command('create').description('Create a connector.'),
    'output',
    'cluster',
    'context',
    'environment',
  )
    .requiredOption('--config-file <file>', 'JSON connector configuration file.')
    .option(
      '--wait [seconds]',
      'Wait until the connector and its tasks are RUNNING (default 300 s); a progress line shows on a terminal.',
    )
    .action(async (o: CommonOptions & { configFile: string } & WaitOption) => {
      const t = connectTarget(session, o);
      const file = readConnectorFile(o.configFile, { allowOffsets: true });
      await t.client.request('POST', `${t.base}/connectors`, file);
      const all = await expandedConnectors(t, 'id,status');
      const created = all[file.name] ?? {};
      if (waitSeconds(o) !== undefined) await waitForConnector(session, t, file.name, 'RUNNING', waitSeconds(o)!);
      session.printer(o.output).object(CREATE_FIELDS, {
        id: created.id?.id ?? file.name,
        name: file.name,
        error_trace: created.status?.connector.trace ?? '',
      });
    });

  withOptions(
    cluster.command('list').description('List connectors.'),
    'output',
    'cluster',
    'context',
    'environment',
  ).action(async (o: CommonOptions) => {
    const t = connectTarget(session, o);
    const all = await expandedConnectors(t, 'id,status');
    session.printer(o.output).list(
      LIST_FIELDS,
      Object.entries(all).map(([name, c]) => summary(name, c)),
    );
  });

  withOptions(
    cluster.command('describe').argument('<id>').description('Describe a connector.'),
    'output',
    'cluster',
    'context',
    'environment',
  ).action(async (ref: string, o: CommonOptions) => {
    const t = connectTarget(session, o);
    const [c] = await resolveConnectors(t, [ref], 'id,info,status');
    const connector = summary(c!.name, c!.expanded);
    const tasks = (c!.expanded.status?.tasks ?? []).map((x) => ({ task: x.id, state: x.state }));
    const configs = Object.entries(c!.expanded.info?.config ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([config, value]) => ({ config, value }));
    const p = session.printer(o.output);
    if (p.serialized) {
      const { trace, ...rest } = connector;
      return p.document({ connector: trace ? connector : rest, tasks, configs });
    }
    p.line('Connector Details');
    p.object(LIST_FIELDS, connector);
    p.line('\n\nTask Level Details');
    p.list(TASK_FIELDS, tasks, { sort: false });
    p.line('\n\nConfiguration Details');
    p.list(CONFIG_FIELDS, configs, { sort: false });
  });

  withOptions(
    cluster.command('update').argument('<id>').description('Update a connector configuration.'),
    'cluster',
    'context',
    'environment',
  )
    .option(
      '--config <key=value,...>',
      'A comma-separated list of configuration overrides ("key=value"), merged into the current configuration.',
      collect,
    )
    .option('--config-file <file>', 'JSON connector configuration file: the whole new configuration.')
    .action(async (ref: string, o: CommonOptions & { config?: string[]; configFile?: string }) => {
      const t = connectTarget(session, o);
      const [c] = await resolveConnectors(t, [ref]);
      let config: Record<string, string>;
      if (o.configFile) config = readConnectorFile(o.configFile).config;
      else {
        const current = await t.client.get<Record<string, string>>(`${connectorPath(t, c!.name)}/config`);
        config = { ...current.body, ...parseKeyValues(o.config) };
      }
      await t.client.request('PUT', `${connectorPath(t, c!.name)}/config`, config);
      session.io.stdout(`Updated connector "${ref}".\n`);
    });

  for (const [verb, done, state] of [
    ['pause', 'Paused', 'PAUSED'],
    ['resume', 'Resumed', 'RUNNING'],
  ] as const) {
    withOptions(
      cluster
        .command(verb)
        .argument('<id...>')
        .description(`${done.replace(/d$/, '')} connectors.`),
      'cluster',
      'context',
      'environment',
    )
      .option('--wait [seconds]', `Wait until the connector and its tasks are ${state} (default 300 s).`)
      .action(async (refs: string[], o: CommonOptions & WaitOption) => {
        const t = connectTarget(session, o);
        for (const c of await resolveConnectors(t, refs)) {
          await t.client.request('PUT', `${connectorPath(t, c.name)}/${verb}`);
          if (waitSeconds(o) !== undefined) await waitForConnector(session, t, c.name, state, waitSeconds(o)!);
          session.io.stdout(`${done} connector "${refsOf(refs, c)}".\n`);
        }
      });
  }

  withOptions(
    cluster.command('delete').argument('<id...>').description('Delete connectors.'),
    'force',
    'cluster',
    'context',
    'environment',
  ).action(async (refs: string[], o: CommonOptions) => {
    const t = connectTarget(session, o);
    const resolved = await resolveConnectors(t, refs);
    const byRef = new Map(refs.map((r, i) => [r, resolved[i]!]));
    await deleteResources(session, {
      singular: 'connector',
      plural: 'connectors',
      ids: refs,
      force: o.force,
      exists: async () => true,
      remove: async (ref) => void (await t.client.request('DELETE', connectorPath(t, byRef.get(ref)!.name))),
    });
  });
}

/** The argument the user typed for a connector (its id, or its name). */
const refsOf = (refs: string[], c: { id: string; name: string }) =>
  refs.find((r) => r === c.id || r === c.name) ?? c.id;
