// `kafka topic create/list/describe/update/delete` over Kafka REST v3 with the cluster's API key
// (CLI.md §7); produce/consume are in topic-produce.ts / topic-consume.ts.
import { Command } from 'commander';
import { CliError } from '../errors';
import { ApiError } from '../http/api-client';
import type { Session } from '../session';
import { BIN } from '../session';
import type { Field, Row } from '../output/fields';
import { clusterAccess, type ClusterAccess } from './cluster-access';
import { deleteResources } from './deletion';
import { collect, keyValuesOrFile, withOptions, type CommonOptions } from './options';

interface RestTopic {
  topic_name: string;
  is_internal: boolean;
  replication_factor: number;
  partitions_count: number;
}
interface RestConfig {
  name: string;
  value: string | null;
  is_read_only: boolean;
}

export const FIELDS: Field[] = [
  { title: 'Name', key: 'name' },
  { title: 'Internal', key: 'is_internal', kind: 'bool' },
  { title: 'Replication Factor', key: 'replication_factor', kind: 'int' },
  { title: 'Partition Count', key: 'partition_count', kind: 'int' },
];
export const UPDATE_FIELDS: Field[] = [
  { title: 'Name', key: 'name' },
  { title: 'Value', key: 'value' },
  { title: 'Read-Only', key: 'read_only', kind: 'bool' },
];

const row = (t: RestTopic): Row => ({
  name: t.topic_name,
  is_internal: t.is_internal,
  replication_factor: t.replication_factor,
  partition_count: t.partitions_count,
});

/** Where a topic command goes: the cluster (and its Kafka REST endpoint) in an environment and context. */
const TOPIC_TARGET = ['kafka-endpoint', 'cluster', 'context', 'environment'] as const;

type TopicOptions = CommonOptions & { config?: string[]; partitions?: number; dryRun?: boolean; ifNotExists?: boolean };

export function kafkaTopicCommands(topic: Command, session: Session): void {
  withOptions(topic.command('create').argument('<topic>').description('Create a Kafka topic.'), ...TOPIC_TARGET)
    .option('--partitions <n>', 'Number of topic partitions.', (v) => Number(v))
    .option(
      '--config <key=value,...>',
      'A comma-separated list of configuration overrides ("key=value") for the topic being created, or a file of "key=value" lines.',
      collect,
    )
    .option('--dry-run', 'Run the command without committing changes.')
    .option('--if-not-exists', 'Exit gracefully if topic already exists.')
    .action(async (name: string, o: TopicOptions) => {
      const a = await clusterAccess(session, o);
      const configs = Object.entries(keyValuesOrFile(o.config)).map(([k, v]) => ({ name: k, value: v }));
      try {
        await a.rest.request('POST', `/kafka/v3/clusters/${a.clusterId}/topics`, {
          topic_name: name,
          ...(o.partitions !== undefined && { partitions_count: o.partitions }),
          ...(configs.length > 0 && { configs }),
          ...(o.dryRun && { validate_only: true }),
        });
      } catch (e) {
        if (e instanceof ApiError && e.status === 400 && /already exists/i.test(e.message)) {
          if (o.ifNotExists) return;
          throw new CliError(`topic "${name}" already exists for Kafka cluster "${a.clusterId}"`, [
            `To list topics for the cluster "${a.clusterId}", use \`${BIN} kafka topic list --cluster ${a.clusterId}\`.`,
          ]);
        }
        throw e;
      }
      if (!o.dryRun) session.io.stdout(`Created topic "${name}".\n`);
    });

  withOptions(topic.command('list').description('List Kafka topics.'), 'output', ...TOPIC_TARGET).action(
    async (o: CommonOptions) => {
      const a = await clusterAccess(session, o);
      const res = await a.rest.get<{ data: RestTopic[] }>(`/kafka/v3/clusters/${a.clusterId}/topics`);
      session.printer(o.output).list(FIELDS, res.body.data.map(row));
    },
  );

  withOptions(
    topic.command('describe').argument('<topic>').description('Describe a Kafka topic.'),
    'output',
    ...TOPIC_TARGET,
  ).action(async (name: string, o: CommonOptions) => {
    const a = await clusterAccess(session, o);
    const t = await readTopic(a, name);
    session.printer(o.output).object(FIELDS, row(t));
  });

  withOptions(
    topic.command('update').argument('<topic>').description('Update a Kafka topic.'),
    'output',
    ...TOPIC_TARGET,
  )
    .option(
      '--config <key=value,...>',
      'A comma-separated list of configuration overrides with form "key=value", or a file of "key=value" lines.',
      collect,
    )
    .option('--dry-run', 'Run the command without committing changes.')
    .action(async (name: string, o: TopicOptions) => {
      const a = await clusterAccess(session, o);
      const rest = a.rest;
      const base = `/kafka/v3/clusters/${a.clusterId}/topics/${encodeURIComponent(name)}`;
      await readTopic(a, name);
      const wanted = keyValuesOrFile(o.config);
      const { 'num.partitions': partitions, ...configs } = wanted;
      const current = (await rest.get<{ data: RestConfig[] }>(`${base}/configs`)).body.data;
      const readOnly = new Set(current.filter((c) => c.is_read_only).map((c) => c.name));
      const writable = Object.entries(configs).filter(([k]) => !readOnly.has(k));
      if (!o.dryRun) {
        if (partitions !== undefined) await rest.request('PATCH', base, { partitions_count: Number(partitions) });
        if (writable.length > 0)
          await rest.request('POST', `${base}/configs:alter`, {
            data: writable.map(([k, v]) => ({ name: k, value: v })),
          });
      }
      const skipped = Object.keys(configs).some((k) => readOnly.has(k));
      const rows = Object.entries(wanted).map(([k, v]) => ({
        name: k,
        value: readOnly.has(k) ? (current.find((c) => c.name === k)?.value ?? '') : v,
        read_only: readOnly.has(k),
      }));
      const p = session.printer(o.output);
      if (o.output === 'human')
        p.note(
          `${o.dryRun ? 'Would update' : 'Updated'} the following configuration values for topic "${name}"${skipped ? ' (read-only configs were not updated)' : ''}:`,
        );
      p.list(UPDATE_FIELDS, rows);
    });

  withOptions(
    topic.command('delete').argument('<topic...>').description('Delete Kafka topics.'),
    'force',
    ...TOPIC_TARGET,
  ).action(async (names: string[], o: CommonOptions) => {
    const a = await clusterAccess(session, o);
    const rest = a.rest;
    await deleteResources(session, {
      singular: 'topic',
      plural: 'topics',
      ids: names,
      force: o.force,
      exists: async (n) => (await rest.get(topicPath(a.clusterId, n), { allow: [404] })).status !== 404,
      remove: async (n) => void (await rest.request('DELETE', topicPath(a.clusterId, n))),
    });
  });
}

export function topicConfigurationCommands(topic: Command, session: Session): void {
  const configuration = topic.command('configuration').description('Manage Kafka topic configurations.');
  withOptions(
    configuration.command('list').argument('<topic>').description('List Kafka topic configurations.'),
    'output',
    ...TOPIC_TARGET,
  ).action(async (name: string, o: CommonOptions) => {
    const a = await clusterAccess(session, o);
    await readTopic(a, name);
    const res = await a.rest.get<{ data: RestConfig[] }>(`${topicPath(a.clusterId, name)}/configs`);
    session.printer(o.output).list(
      UPDATE_FIELDS,
      res.body.data.map((c) => ({ name: c.name, value: c.value ?? '', read_only: c.is_read_only })),
    );
  });
}

const topicPath = (lkc: string, name: string) => `/kafka/v3/clusters/${lkc}/topics/${encodeURIComponent(name)}`;

async function readTopic(a: ClusterAccess, name: string): Promise<RestTopic> {
  const res = await a.rest.get<RestTopic>(topicPath(a.clusterId, name), { allow: [404] });
  if (res.status === 404) throw new CliError(`unknown topic "${name}"`);
  return res.body;
}
