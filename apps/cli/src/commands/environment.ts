// `environment list/create/describe/update/use/delete` over Org v2 (CLI.md §4).
import { Command, Option } from 'commander';
import type { Session } from '../session';
import type { Field, Row } from '../output/fields';
import { ApiError } from '../http/api-client';
import { deleteResources } from './deletion';
import { listAll } from './pages';
import { withOptions, type CommonOptions } from './options';

interface Environment {
  id: string;
  display_name: string;
  stream_governance_config?: { package?: string };
}

export const FIELDS: Field[] = [
  { title: 'Current', key: 'is_current', kind: 'current' },
  { title: 'ID', key: 'id' },
  { title: 'Name', key: 'name' },
  { title: 'Stream Governance Package', key: 'stream_governance_package' },
];

const row = (e: Environment, current?: string): Row => ({
  is_current: e.id === current,
  id: e.id,
  name: e.display_name,
  stream_governance_package: e.stream_governance_config?.package ?? '',
});

const governanceOption = () =>
  new Option('--governance-package <name>', 'Stream Governance package: "essentials" or "advanced".').choices([
    'essentials',
    'advanced',
  ]);

export function environmentCommands(program: Command, session: Session): void {
  const env = program.command('environment').alias('env').description('Manage and select environments.');

  withOptions(env.command('list').description('List environments.'), 'output', 'context').action(
    async (o: CommonOptions) => {
      const ctx = session.context(o);
      const envs = await listAll<Environment>(session.cloud(ctx), '/org/v2/environments');
      session.printer(o.output).list(
        FIELDS,
        envs.map((e) => row(e, ctx.current_environment)),
      );
    },
  );

  withOptions(env.command('create').argument('<name>').description('Create a new environment.'), 'output', 'context')
    .addOption(governanceOption())
    .action(async (name: string, o: CommonOptions & { governancePackage?: string }) => {
      const ctx = session.context(o);
      const res = await session.cloud(ctx).request<Environment>('POST', '/org/v2/environments', {
        display_name: name,
        ...(o.governancePackage && { stream_governance_config: { package: o.governancePackage.toUpperCase() } }),
      });
      session.printer(o.output).object(FIELDS, row(res.body, ctx.current_environment));
    });

  withOptions(
    env.command('describe').argument('[id]').description('Describe an environment.'),
    'output',
    'context',
  ).action(async (id: string | undefined, o: CommonOptions) => {
    const ctx = session.context(o);
    const envId = session.environmentId(ctx, id);
    const res = await session.cloud(ctx).get<Environment>(`/org/v2/environments/${envId}`);
    session.printer(o.output).object(FIELDS, row(res.body, ctx.current_environment));
  });

  withOptions(
    env.command('update').argument('<id>').description('Update an existing environment.'),
    'output',
    'context',
  )
    .option('--name <name>', 'New name for the environment.')
    .addOption(governanceOption())
    .action(async (id: string, o: CommonOptions & { name?: string; governancePackage?: string }) => {
      const ctx = session.context(o);
      const res = await session.cloud(ctx).request<Environment>('PATCH', `/org/v2/environments/${id}`, {
        ...(o.name && { display_name: o.name }),
        ...(o.governancePackage && { stream_governance_config: { package: o.governancePackage.toUpperCase() } }),
      });
      if (o.output === 'human') session.io.stdout(`Updated environment "${id}".\n`);
      session.printer(o.output).object(FIELDS, row(res.body, ctx.current_environment));
    });

  withOptions(
    env.command('use').argument('<id>').description('Use an environment in subsequent commands.'),
    'context',
  ).action(async (id: string, o: CommonOptions) => {
    const ctx = session.context(o);
    await session.cloud(ctx).get(`/org/v2/environments/${id}`);
    ctx.current_environment = id;
    session.save();
    session.io.stdout(`Using environment "${id}".\n`);
  });

  withOptions(
    env.command('delete').argument('<id...>').description('Delete one or more environments.'),
    'force',
    'context',
  ).action(async (ids: string[], o: CommonOptions) => {
    const ctx = session.context(o);
    const client = session.cloud(ctx);
    await deleteResources(session, {
      singular: 'environment',
      plural: 'environments',
      ids,
      force: o.force,
      exists: (id) => exists(() => client.get(`/org/v2/environments/${id}`)),
      remove: async (id) => {
        await client.request('DELETE', `/org/v2/environments/${id}`);
        if (ctx.current_environment === id) ctx.current_environment = undefined;
        delete ctx.environments[id];
        session.save();
      },
    });
  });
}

/** A 404 means "no such resource"; anything else is a real failure. */
export async function exists(read: () => Promise<unknown>): Promise<boolean> {
  try {
    await read();
    return true;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 403)) return false;
    throw e;
  }
}
