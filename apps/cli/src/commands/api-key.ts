// `api-key create/list/describe/update/delete/use/store` over IAM v2 (CLI.md §6). Kafka keys are
// stored in the context (secret included) so produce/consume and Kafka REST can use them; a Schema
// Registry key is stored for its environment.
import { Command, Option } from 'commander';
import { clusterEntry, environmentOfCluster, environmentState, type Context } from '../config/config-file';
import { CliError } from '../errors';
import type { Session } from '../session';
import { BIN } from '../session';
import type { Field, Row } from '../output/fields';
import { deleteResources } from './deletion';
import { exists } from './environment';
import { listAll } from './pages';
import { withOptions, type CommonOptions } from './options';

interface ApiKey {
  id: string;
  metadata: { created_at?: string };
  spec: {
    secret?: string;
    description?: string;
    owner: { id: string; kind?: string };
    resource: { id: string; kind: string; api_version: string; environment?: string };
  };
}

export const LIST_FIELDS: Field[] = [
  { title: 'Current', key: 'is_current', kind: 'current', omitEmpty: true },
  { title: 'Key', key: 'key' },
  { title: 'Description', key: 'description' },
  { title: 'Owner', key: 'owner' },
  { title: 'Owner Email', key: 'owner_email' },
  { title: 'Resource Type', key: 'resource_type' },
  { title: 'Resource', key: 'resource' },
  { title: 'Created', key: 'created' },
];
export const CREATED_FIELDS: Field[] = [
  { title: 'API Key', key: 'api_key' },
  { title: 'API Secret', key: 'api_secret' },
];

const resourceType = (k: ApiKey): string =>
  k.spec.resource.api_version?.startsWith('cmk')
    ? 'kafka'
    : k.spec.resource.api_version?.startsWith('srcm')
      ? 'schema-registry'
      : 'cloud';

function row(k: ApiKey, ctx: Context): Row {
  const type = resourceType(k);
  const env = k.spec.resource.environment;
  const active =
    type === 'kafka' && env ? ctx.environments[env]?.kafka_clusters[k.spec.resource.id]?.api_key : undefined;
  return {
    is_current: active === k.id,
    key: k.id,
    description: k.spec.description ?? '',
    owner: k.spec.owner.id,
    owner_email: '<service account>',
    resource_type: type,
    resource: type === 'cloud' ? '' : k.spec.resource.id,
    created: k.metadata.created_at ?? '',
  };
}

/** The service account behind the logged-in cloud key: the default owner of new keys. */
async function currentOwner(session: Session, ctx: Context): Promise<string> {
  return (await session.cloud(ctx).get<ApiKey>(`/iam/v2/api-keys/${ctx.api_key}`)).body.spec.owner.id;
}

function storeKey(ctx: Context, envId: string, resource: string, key: string, secret: string, force: boolean): void {
  if (resource.startsWith('lsrc-')) {
    environmentState(ctx, envId).schema_registry_key = { api_key: key, api_secret: secret };
    return;
  }
  const entry = clusterEntry(ctx, envId, resource);
  if (entry.api_keys[key] && !force)
    throw new CliError(`refusing to overwrite existing secret for API key "${key}"`, [
      'To overwrite the stored secret, pass `--force`.',
    ]);
  entry.api_keys[key] = { api_key: key, api_secret: secret };
}

export function apiKeyCommands(program: Command, session: Session): void {
  const apiKey = program.command('api-key').description('Manage API keys.');

  withOptions(
    apiKey.command('create').description('Create API keys for a given resource.'),
    'output',
    'context',
    'environment',
  )
    .requiredOption(
      '--resource <id>',
      'The ID of the resource the API key is for: a Kafka cluster (lkc-…), a Schema Registry (lsrc-…) or "cloud".',
    )
    .option('--service-account <id>', 'Service account ID. If not specified, the owner of the logged-in key.')
    .option('--description <text>', 'Description of API key.')
    .option('--use', 'Use the created API key for the provided resource.')
    .action(
      async (o: CommonOptions & { resource: string; serviceAccount?: string; description?: string; use?: boolean }) => {
        const ctx = session.context(o);
        const cloudKey = o.resource === 'cloud';
        const envId = cloudKey ? undefined : session.environmentId(ctx, o.environment);
        const owner = o.serviceAccount ?? (await currentOwner(session, ctx));
        const res = await session.cloud(ctx).request<ApiKey>('POST', '/iam/v2/api-keys', {
          spec: {
            ...(o.description && { description: o.description }),
            owner: { id: owner },
            resource: cloudKey ? { id: 'cloud' } : { id: o.resource, environment: envId },
          },
        });
        const key = res.body.id;
        const secret = res.body.spec.secret ?? '';
        if (envId) {
          storeKey(ctx, envId, o.resource, key, secret, true);
          if (o.use && o.resource.startsWith('lkc-')) clusterEntry(ctx, envId, o.resource).api_key = key;
          session.save();
        }
        const p = session.printer(o.output);
        if (o.output === 'human') {
          p.note('It may take a couple of minutes for the API key to be ready.');
          p.note('Save the API key and secret. The secret is not retrievable later.');
        }
        p.object(CREATED_FIELDS, { api_key: key, api_secret: secret });
      },
    );

  withOptions(apiKey.command('list').description('List the API keys.'), 'output', 'context', 'environment')
    .option('--resource <id>', 'The resource ID to filter by.')
    .option('--service-account <id>', 'The service account ID to filter by.')
    .option('--current-user', "Show only API keys belonging to the logged-in key's owner.")
    .action(async (o: CommonOptions & { resource?: string; serviceAccount?: string; currentUser?: boolean }) => {
      const ctx = session.context(o);
      if (o.currentUser && o.serviceAccount)
        throw new CliError('`--current-user` and `--service-account` cannot be used together');
      const q = new URLSearchParams();
      if (o.resource) q.set('spec.resource', o.resource);
      const owner = o.currentUser ? await currentOwner(session, ctx) : o.serviceAccount;
      if (owner) q.set('spec.owner', owner);
      const keys = await listAll<ApiKey>(session.cloud(ctx), `/iam/v2/api-keys${q.size ? `?${q}` : ''}`);
      session.printer(o.output).list(
        LIST_FIELDS,
        keys.map((k) => row(k, ctx)),
      );
    });

  withOptions(
    apiKey.command('describe').argument('<key>').description('Describe an API key.'),
    'output',
    'context',
  ).action(async (key: string, o: CommonOptions) => {
    const ctx = session.context(o);
    const k = (await session.cloud(ctx).get<ApiKey>(`/iam/v2/api-keys/${key}`)).body;
    session.printer(o.output).object(LIST_FIELDS, row(k, ctx));
  });

  withOptions(apiKey.command('update').argument('<key>').description('Update an API key.'), 'context')
    .requiredOption('--description <text>', 'Description of the API key.')
    .action(async (key: string, o: CommonOptions & { description: string }) => {
      const ctx = session.context(o);
      await session.cloud(ctx).request('PATCH', `/iam/v2/api-keys/${key}`, { spec: { description: o.description } });
      session.io.stderr(`Updated the description of API key "${key}" to "${o.description}".\n`);
    });

  withOptions(
    apiKey.command('delete').argument('<key...>').description('Delete one or more API keys.'),
    'force',
    'context',
  ).action(async (keys: string[], o: CommonOptions) => {
    const ctx = session.context(o);
    const client = session.cloud(ctx);
    await deleteResources(session, {
      singular: 'API key',
      plural: 'API keys',
      ids: keys,
      force: o.force,
      exists: (k) => exists(() => client.get(`/iam/v2/api-keys/${k}`)),
      remove: async (k) => {
        await client.request('DELETE', `/iam/v2/api-keys/${k}`);
        for (const env of Object.values(ctx.environments))
          for (const c of Object.values(env.kafka_clusters)) {
            delete c.api_keys[k];
            if (c.api_key === k) c.api_key = undefined;
          }
        session.save();
      },
    });
  });

  withOptions(
    apiKey
      .command('store')
      .argument('<key>')
      .argument('<secret>')
      .description('Store an API key/secret locally to use in the CLI.'),
    'context',
    'environment',
  )
    .option('--resource <id>', 'The resource ID of the key (lkc-… or lsrc-…); the active Kafka cluster if omitted.')
    .addOption(new Option('-f, --force', 'Force overwrite existing secret for this key.'))
    .action(async (key: string, secret: string, o: CommonOptions & { resource?: string }) => {
      const ctx = session.context(o);
      const envId = session.environmentId(ctx, o.environment);
      const resource = o.resource ?? session.clusterId(ctx, envId);
      storeKey(ctx, envId, resource, key, secret, Boolean(o.force));
      session.save();
      session.io.stderr(`Stored secret for API key "${key}".\n`);
    });

  withOptions(
    apiKey.command('use').argument('<key>').description('Use an API key in subsequent commands.'),
    'context',
    'environment',
  )
    .option('--resource <id>', 'The Kafka cluster of the key (found from the stored keys if omitted).')
    .action(async (key: string, o: CommonOptions & { resource?: string }) => {
      const ctx = session.context(o);
      const clusterId =
        o.resource ??
        Object.values(ctx.environments)
          .flatMap((e) => Object.values(e.kafka_clusters))
          .find((c) => key in c.api_keys)?.id;
      const envId = clusterId && (environmentOfCluster(ctx, clusterId) ?? session.environmentId(ctx, o.environment));
      const entry = clusterId && envId ? clusterEntry(ctx, envId, clusterId) : undefined;
      if (!entry || !entry.api_keys[key])
        throw new CliError(`no secret stored for API key "${key}"`, [
          `Store it with \`${BIN} api-key store ${key} <secret> --resource <lkc-id>\`.`,
        ]);
      entry.api_key = key;
      session.save();
      session.io.stdout(`Using API Key "${key}".\n`);
    });
}
