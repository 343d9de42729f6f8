// `service-account create/list/describe/update/delete` over IAM v2.
import { Command } from 'commander';
import type { Session } from '../session';
import type { Field, Row } from '../output/fields';
import { deleteResources } from './deletion';
import { exists } from './environment';
import { listAll } from './pages';
import { withOptions, type CommonOptions } from './options';

interface ServiceAccount {
  id: string;
  display_name: string;
  description?: string;
}

export const FIELDS: Field[] = [
  { title: 'ID', key: 'id' },
  { title: 'Name', key: 'name' },
  { title: 'Description', key: 'description' },
];
const row = (s: ServiceAccount): Row => ({ id: s.id, name: s.display_name, description: s.description ?? '' });

export function serviceAccountCommands(program: Command, session: Session): void {
  const sa = program.command('service-account').alias('sa').description('Manage service accounts.');

  withOptions(sa.command('create').argument('<name>').description('Create a service account.'), 'output', 'context')
    .requiredOption('--description <text>', 'Description of the service account.')
    .action(async (name: string, o: CommonOptions & { description: string }) => {
      const res = await session.cloud(session.context(o)).request<ServiceAccount>('POST', '/iam/v2/service-accounts', {
        display_name: name,
        description: o.description,
      });
      session.printer(o.output).object(FIELDS, row(res.body));
    });

  withOptions(sa.command('list').description('List service accounts.'), 'output', 'context').action(
    async (o: CommonOptions) => {
      const all = await listAll<ServiceAccount>(session.cloud(session.context(o)), '/iam/v2/service-accounts');
      session.printer(o.output).list(FIELDS, all.map(row));
    },
  );

  withOptions(
    sa.command('describe').argument('<id>').description('Describe a service account.'),
    'output',
    'context',
  ).action(async (id: string, o: CommonOptions) => {
    const res = await session.cloud(session.context(o)).get<ServiceAccount>(`/iam/v2/service-accounts/${id}`);
    session.printer(o.output).object(FIELDS, row(res.body));
  });

  withOptions(sa.command('update').argument('<id>').description('Update a service account.'), 'context')
    .requiredOption('--description <text>', 'Description of the service account.')
    .action(async (id: string, o: CommonOptions & { description: string }) => {
      await session
        .cloud(session.context(o))
        .request('PATCH', `/iam/v2/service-accounts/${id}`, { description: o.description });
      session.io.stdout(`Updated the description of service account "${id}" to "${o.description}".\n`);
    });

  withOptions(
    sa.command('delete').argument('<id...>').description('Delete one or more service accounts.'),
    'force',
    'context',
  ).action(async (ids: string[], o: CommonOptions) => {
    const client = session.cloud(session.context(o));
    await deleteResources(session, {
      singular: 'service account',
      plural: 'service accounts',
      ids,
      force: o.force,
      exists: (id) => exists(() => client.get(`/iam/v2/service-accounts/${id}`)),
      remove: async (id) => void (await client.request('DELETE', `/iam/v2/service-accounts/${id}`)),
    });
  });
}
