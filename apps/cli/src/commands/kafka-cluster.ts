// `kafka cluster list/create/describe/update/use/delete` over CMK v2 (CLI.md §5).
import { Command, Option } from 'commander';
import { clusterEntry, environmentState, type Context } from '../config/config-file';
import type { Session } from '../session';
import type { Field, Row } from '../output/fields';
import { deleteResources } from './deletion';
import { exists } from './environment';
import { listAll } from './pages';
import { CliError } from '../errors';
import { pollUntil } from './poll';
import { withOptions, type CommonOptions } from './options';

export interface CmkCluster {
  id: string;
  spec: {
    display_name: string;
    availability: string;
    cloud: string;
    region: string;
    config: { kind: string; max_ecku?: number };
    kafka_bootstrap_endpoint?: string;
    http_endpoint?: string;
    deletion_protection?: boolean;
    environment: { id: string };
    network?: { id?: string };
  };
  status: { phase: string };
}

export const LIST_FIELDS: Field[] = [
  { title: 'Current', key: 'is_current', kind: 'current' },
  { title: 'ID', key: 'id' },
  { title: 'Name', key: 'name' },
  { title: 'Type', key: 'type' },
  { title: 'Cloud', key: 'cloud' },
  { title: 'Region', key: 'region' },
  { title: 'Availability', key: 'availability' },
  { title: 'Network', key: 'network', omitEmpty: true },
  { title: 'Status', key: 'status' },
  { title: 'Deletion Protection', key: 'deletion_protection', kind: 'bool' },
  { title: 'Endpoint', key: 'endpoint' },
];

// No usage-limits API here: the limit rows stay blank, as the Go CLI leaves them when that call fails.
export const DESCRIBE_FIELDS: Field[] = [
  ...LIST_FIELDS.slice(0, 4),
  { title: 'Ingress Limit (MB/s)', key: 'ingress_limit', omitEmpty: true },
  { title: 'Egress Limit (MB/s)', key: 'egress_limit', omitEmpty: true },
  { title: 'Storage', key: 'storage', omitEmpty: true },
  ...LIST_FIELDS.slice(4),
  { title: 'REST Endpoint', key: 'rest_endpoint' },
  { title: 'Max eCKU', key: 'max_ecku', kind: 'int', omitEmpty: true },
  { title: 'Topic Count', key: 'topic_count', kind: 'int', omitEmpty: true },
];

const AVAILABILITY: Record<string, string> = {
  SINGLE_ZONE: 'single-zone',
  MULTI_ZONE: 'multi-zone',
  LOW: 'low',
  HIGH: 'high',
};

export function clusterRow(c: CmkCluster, activeId?: string): Row {
  return {
    is_current: c.id === activeId,
    id: c.id,
    name: c.spec.display_name,
    type: c.spec.config.kind.toUpperCase(),
    cloud: c.spec.cloud.toLowerCase(),
    region: c.spec.region,
    availability: AVAILABILITY[c.spec.availability] ?? c.spec.availability.toLowerCase(),
    network: c.spec.network?.id ?? '',
    status: c.status.phase === 'PROVISIONED' ? 'UP' : c.status.phase,
    deletion_protection: Boolean(c.spec.deletion_protection),
    endpoint: c.spec.kafka_bootstrap_endpoint ?? '',
    rest_endpoint: c.spec.http_endpoint ?? '',
    ...(c.spec.config.max_ecku && { max_ecku: c.spec.config.max_ecku }),
  };
}

/** Caches what produce/consume and Kafka REST need, as the Go CLI's kafka_cluster_infos. */
export function rememberCluster(ctx: Context, c: CmkCluster): void {
  const entry = clusterEntry(ctx, c.spec.environment.id, c.id);
  entry.name = c.spec.display_name;
  const endpoint = c.spec.kafka_bootstrap_endpoint ?? '';
  entry.bootstrap_servers = endpoint.replace(/^[A-Z_]+:\/\//, '');
  entry.security_protocol = /^([A-Z_]+):\/\//.exec(endpoint)?.[1] ?? 'SASL_SSL';
  entry.rest_endpoint = c.spec.http_endpoint;
}

export async function fetchCluster(session: Session, ctx: Context, envId: string, id: string): Promise<CmkCluster> {
  return (await session.cloud(ctx).get<CmkCluster>(`/cmk/v2/clusters/${id}?environment=${envId}`)).body;
}

/** Topic Count through Kafka REST with the cluster's active key, as the Go CLI counts it; left out without one. */
async function topicCount(
  session: Session,
  ctx: Context,
  envId: string,
  c: CmkCluster,
  restEndpoint = c.spec.http_endpoint,
): Promise<number | undefined> {
  const entry = clusterEntry(ctx, envId, c.id);
  const key = entry.api_key ? entry.api_keys[entry.api_key] : undefined;
  if (!key || !restEndpoint || c.status.phase !== 'PROVISIONED') return undefined;
  try {
    const rest = session.client(restEndpoint, { key: key.api_key, secret: key.api_secret });
    return (await rest.get<{ data: unknown[] }>(`/kafka/v3/clusters/${c.id}/topics`)).body.data.length;
  } catch {
    return undefined;
  }
}

const TYPES = ['basic', 'standard', 'enterprise', 'freight', 'dedicated'];
const KIND: Record<string, string> = {
  basic: 'Basic',
  standard: 'Standard',
  enterprise: 'Enterprise',
  freight: 'Freight',
  dedicated: 'Dedicated',
};

export function kafkaClusterCommands(kafka: Command, session: Session): void {
  const cluster = kafka.command('cluster').description('Manage Kafka clusters.');

  withOptions(cluster.command('list').description('List Kafka clusters.'), 'output', 'context', 'environment')
    .option('--all', 'List clusters across all environments.')
    .action(async (o: CommonOptions & { all?: boolean }) => {
      const ctx = session.context(o);
      const client = session.cloud(ctx);
      const envIds = o.all
        ? (await listAll<{ id: string }>(client, '/org/v2/environments')).map((e) => e.id)
        : [session.environmentId(ctx, o.environment)];
      const rows: Row[] = [];
      for (const envId of envIds) {
        const active = environmentState(ctx, envId).active_kafka;
        for (const c of await listAll<CmkCluster>(client, `/cmk/v2/clusters?environment=${envId}`))
          rows.push(clusterRow(c, active));
      }
      session.printer(o.output).list(LIST_FIELDS, rows);
    });

  withOptions(
    cluster.command('create').argument('<name>').description('Create a Kafka cluster.'),
    'output',
    'context',
    'environment',
  )
    .addOption(new Option('--cloud <cloud>', 'Cloud provider.').choices(['aws', 'azure', 'gcp']).makeOptionMandatory())
    .requiredOption('--region <region>', 'Cloud region for the cluster.')
    .addOption(
      new Option('--availability <availability>', 'Availability of the cluster.')
        .choices(['single-zone', 'multi-zone', 'low', 'high'])
        .default('single-zone'),
    )
    .addOption(new Option('--type <type>', 'Type of the Kafka cluster.').choices(TYPES).default('basic'))
    .option('--cku <n>', 'Number of Confluent Kafka Units (dedicated clusters only).', (v) => Number(v))
    .option('--max-ecku <n>', 'Maximum number of eCKUs (Enterprise and Freight clusters).', (v) => Number(v))
    .option('--deletion-protection', 'Protect the cluster from deletion.')
    .option('--byok <id>', 'ID of the self-managed encryption key (dedicated clusters).')
    .option('--network <id>', 'Network ID.')
    .option(
      '--wait [seconds]',
      'Wait until the cluster is provisioned (default 300 s); a progress line shows on a terminal.',
    )
    .action(
      async (
        name: string,
        o: CommonOptions & {
          cloud: string;
          region: string;
          availability: string;
          type: string;
          cku?: number;
          maxEcku?: number;
          deletionProtection?: boolean;
          byok?: string;
          network?: string;
          wait?: boolean | string;
        },
      ) => {
        const ctx = session.context(o);
        const envId = session.environmentId(ctx, o.environment);
        const res = await session.cloud(ctx).request<CmkCluster>('POST', '/cmk/v2/clusters', {
          spec: {
            display_name: name,
            availability: o.availability.toUpperCase().replace('-', '_'),
            cloud: o.cloud.toUpperCase(),
            region: o.region,
            config: { kind: KIND[o.type], ...(o.cku && { cku: o.cku }), ...(o.maxEcku && { max_ecku: o.maxEcku }) },
            environment: { id: envId },
            ...(o.deletionProtection && { deletion_protection: true }),
            ...(o.byok && { byok: { id: o.byok } }),
            ...(o.network && { network: { id: o.network } }),
          },
        });
        let cluster = res.body;
        rememberCluster(ctx, cluster);
        session.save();
        session.printer(o.output).note('It may take up to 5 minutes for the Kafka cluster to be ready.');
        if (o.wait !== undefined) {
          const seconds = o.wait === true ? 300 : Number(o.wait);
          cluster = await pollUntil(session, seconds, async () => {
            const c = await fetchCluster(session, ctx, envId, cluster.id);
            if (c.status.phase === 'FAILED') throw new CliError(`Kafka cluster "${c.id}" failed to provision`);
            return {
              done: c.status.phase === 'PROVISIONED',
              value: c,
              progress: `Kafka cluster "${c.id}": ${c.status.phase}`,
            };
          });
        }
        session
          .printer(o.output)
          .object(DESCRIBE_FIELDS, clusterRow(cluster, environmentState(ctx, envId).active_kafka));
      },
    );

  withOptions(
    cluster.command('describe').argument('[id]').description('Describe a Kafka cluster.'),
    'output',
    'kafka-endpoint',
    'context',
    'environment',
  ).action(async (id: string | undefined, o: CommonOptions) => {
    const ctx = session.context(o);
    const envId = session.environmentId(ctx, o.environment);
    const clusterId = session.clusterId(ctx, envId, id);
    const c = await fetchCluster(session, ctx, envId, clusterId);
    rememberCluster(ctx, c);
    session.printer(o.output).object(DESCRIBE_FIELDS, {
      ...clusterRow(c, environmentState(ctx, envId).active_kafka),
      topic_count: await topicCount(session, ctx, envId, c, o.kafkaEndpoint),
    });
  });

  withOptions(
    cluster.command('update').argument('<id>').description('Update a Kafka cluster.'),
    'output',
    'context',
    'environment',
  )
    .option('--name <name>', 'Name of the Kafka cluster.')
    .option('--cku <n>', 'Number of CKUs (dedicated clusters).', (v) => Number(v))
    .addOption(
      new Option('--type <type>', 'Type of the Kafka cluster: only a Basic cluster to Standard.').choices(['standard']),
    )
    .option('--max-ecku <n>', 'Maximum number of eCKUs (Enterprise and Freight clusters).', (v) => Number(v))
    .option('--deletion-protection [bool]', 'Protect the cluster from deletion (--deletion-protection=false to lift).')
    .action(
      async (
        id: string,
        o: CommonOptions & {
          name?: string;
          cku?: number;
          type?: string;
          maxEcku?: number;
          deletionProtection?: string | boolean;
        },
      ) => {
        const ctx = session.context(o);
        const envId = session.environmentId(ctx, o.environment);
        const spec: Record<string, unknown> = { environment: { id: envId } };
        if (o.name) spec.display_name = o.name;
        if (o.cku) spec.config = { kind: 'Dedicated', cku: o.cku };
        if (o.type) spec.config = { kind: 'Standard' };
        if (o.maxEcku) {
          const current = await fetchCluster(session, ctx, envId, id);
          spec.config = { kind: current.spec.config.kind, max_ecku: o.maxEcku };
        }
        if (o.deletionProtection !== undefined) spec.deletion_protection = o.deletionProtection !== 'false';
        const res = await session.cloud(ctx).request<CmkCluster>('PATCH', `/cmk/v2/clusters/${id}`, { spec });
        session
          .printer(o.output)
          .object(DESCRIBE_FIELDS, clusterRow(res.body, environmentState(ctx, envId).active_kafka));
      },
    );

  withOptions(
    cluster.command('use').argument('<id>').description('Use a Kafka cluster in subsequent commands.'),
    'context',
    'environment',
  ).action(async (id: string, o: CommonOptions) => {
    const ctx = session.context(o);
    const envId = session.environmentId(ctx, o.environment);
    rememberCluster(ctx, await fetchCluster(session, ctx, envId, id));
    environmentState(ctx, envId).active_kafka = id;
    session.save();
    session.io.stderr(`Set Kafka cluster "${id}" as the active cluster for environment "${envId}".\n`);
  });

  withOptions(
    cluster.command('delete').argument('<id...>').description('Delete Kafka clusters.'),
    'force',
    'context',
    'environment',
  ).action(async (ids: string[], o: CommonOptions) => {
    const ctx = session.context(o);
    const envId = session.environmentId(ctx, o.environment);
    const client = session.cloud(ctx);
    await deleteResources(session, {
      singular: 'Kafka cluster',
      plural: 'Kafka clusters',
      ids,
      force: o.force,
      exists: (id) => exists(() => fetchCluster(session, ctx, envId, id)),
      remove: async (id) => {
        await client.request('DELETE', `/cmk/v2/clusters/${id}?environment=${envId}`);
        const state = environmentState(ctx, envId);
        delete state.kafka_clusters[id];
        if (state.active_kafka === id) state.active_kafka = undefined;
        session.save();
      },
    });
  });
}
