// `schema-registry cluster describe`, `schema create/list/describe/delete`, `subject
// list/describe/update` over the Schema Registry API with the environment's SR key (CLI.md §9).
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { CliError } from '../errors';
import type { Session } from '../session';
import type { Field } from '../output/fields';
import {
  schemaRegistryAccess,
  schemaRegistryCluster,
  schemaRegistryFlags,
  type SchemaRegistryOptions,
} from './schema-registry-access';
import { withOptions, type CommonOptions } from './options';
import { readJsonFile, readReferences } from './json-file';
import type { ApiClient } from '../http/api-client';
import { schemaText, type DescribedSchema } from './schema-text';

type SrOptions = CommonOptions & SchemaRegistryOptions;
type SchemaCreateOptions = SrOptions & {
  subject: string;
  schema: string;
  type?: string;
  references?: string;
  metadata?: string;
  ruleset?: string;
  normalize?: boolean;
};

export const CLUSTER_FIELDS: Field[] = [
  { title: 'Name', key: 'name' },
  { title: 'Cluster', key: 'cluster' },
  { title: 'Endpoint URL', key: 'endpoint_url', omitEmpty: true },
  { title: 'Catalog Endpoint URL', key: 'catalog_endpoint_url', omitEmpty: true },
  { title: 'Used Schemas', key: 'used_schemas' },
  { title: 'Available Schemas', key: 'available_schemas' },
  { title: 'Free Schemas Limit', key: 'free_schemas_limit', kind: 'int' },
  { title: 'Global Compatibility', key: 'global_compatibility' },
  { title: 'Mode', key: 'mode' },
  { title: 'Cloud', key: 'cloud' },
  { title: 'Region', key: 'region' },
  { title: 'Package', key: 'package' },
];
export const SCHEMA_FIELDS: Field[] = [
  { title: 'ID', key: 'id', kind: 'int' },
  { title: 'Subject', key: 'subject' },
  { title: 'Version', key: 'version', kind: 'int' },
];
export const SUBJECT_FIELDS: Field[] = [{ title: 'Subject', key: 'subject' }];
export const VERSION_FIELDS: Field[] = [{ title: 'Version', key: 'version', kind: 'int' }];

const TYPES: Record<string, string> = { avro: 'AVRO', json: 'JSON', protobuf: 'PROTOBUF' };
const COMPATIBILITY = [
  'backward',
  'backward_transitive',
  'forward',
  'forward_transitive',
  'full',
  'full_transitive',
  'none',
];

function srCommand(parent: Command, name: string, description: string): Command {
  const cmd = withOptions(parent.command(name).description(description), 'context', 'environment');
  for (const [flag, text] of schemaRegistryFlags) cmd.option(flag, text);
  return cmd;
}

interface SrCluster {
  id: string;
  spec: {
    display_name: string;
    http_endpoint: string;
    catalog_http_endpoint?: string;
    package?: string;
    cloud?: string;
    region?: string;
  };
}

interface StoredSchema {
  subject: string;
  version: number;
  id: number;
  schema: string;
  schemaType?: string;
  references?: { name: string; subject: string; version: number }[];
}

/** `--show-references`: a referenced subject-version and, depth first, what it references in turn. */
async function referencedSchemas(
  client: ApiClient,
  ref: { subject: string; version: number },
  seen = new Set<string>(),
): Promise<StoredSchema[]> {
  const key = `${ref.subject}/${ref.version}`;
  if (seen.has(key)) return [];
  seen.add(key);
  const path = `/subjects/${encodeURIComponent(ref.subject)}/versions/${ref.version}`;
  const s = (await client.get<StoredSchema>(path)).body;
  const out = [s];
  for (const r of s.references ?? []) out.push(...(await referencedSchemas(client, r, seen)));
  return out;
}

export function schemaRegistryCommands(program: Command, session: Session): void {
  const sr = program.command('schema-registry').alias('sr').description('Manage Schema Registry.');
  const cluster = sr.command('cluster').description('Manage Schema Registry cluster.');

  withOptions(
    srCommand(cluster, 'describe', 'Describe the Schema Registry cluster for this environment.'),
    'output',
  ).action(async (o: SrOptions) => {
    const c = (await schemaRegistryCluster(session, o)) as SrCluster;
    const stats = { used: '', compatibility: '', mode: '' };
    try {
      const { client } = await schemaRegistryAccess(session, o);
      stats.used = String((await client.get<unknown[]>('/schemas')).body.length);
      stats.compatibility = (await client.get<{ compatibilityLevel: string }>('/config')).body.compatibilityLevel;
      stats.mode = (await client.get<{ mode: string }>('/mode')).body.mode;
    } catch {
      // without a Schema Registry key the cluster's own figures stay blank, as the Go CLI's do
    }
    session.printer(o.output).object(CLUSTER_FIELDS, {
      name: c.spec.display_name,
      cluster: c.id,
      endpoint_url: c.spec.http_endpoint,
      catalog_endpoint_url: c.spec.catalog_http_endpoint ?? '',
      used_schemas: stats.used,
      available_schemas: '',
      free_schemas_limit: 0,
      global_compatibility: stats.compatibility,
      mode: stats.mode,
      cloud: (c.spec.cloud ?? '').toLowerCase(),
      region: c.spec.region ?? '',
      package: (c.spec.package ?? '').toLowerCase(),
    });
  });

  const schema = sr.command('schema').description('Manage Schema Registry schemas.');

  withOptions(srCommand(schema, 'create', 'Create a schema.'), 'output')
    .requiredOption('--subject <subject>', 'Subject of the schema.')
    .requiredOption('--schema <file>', 'The path to the schema file.')
    .addOption(new Option('--type <type>', 'Type of schema.').choices(Object.keys(TYPES)))
    .option('--references <file>', 'The path to the references file (a JSON array of {name, subject, version}).')
    .option('--metadata <file>', 'The path to metadata file.')
    .option('--ruleset <file>', 'The path to schema ruleset file.')
    .option('--normalize', 'Alphabetize the list of schema fields.')
    .action(async (o: SchemaCreateOptions) => {
      const { client } = await schemaRegistryAccess(session, o);
      const references = readReferences(o.references);
      const body = {
        schema: readFileSync(o.schema, 'utf8'),
        ...(o.type && { schemaType: TYPES[o.type] }),
        ...(references && { references }),
        ...(o.metadata && { metadata: readJsonFile('--metadata', o.metadata) }),
        ...(o.ruleset && { ruleSet: readJsonFile('--ruleset', o.ruleset) }),
      };
      const res = await client.request<{ id: number }>(
        'POST',
        `/subjects/${encodeURIComponent(o.subject)}/versions${o.normalize ? '?normalize=true' : ''}`,
        body,
      );
      const p = session.printer(o.output);
      if (p.serialized) p.document({ id: res.body.id });
      else p.line(`Successfully registered schema with ID "${res.body.id}".`);
    });

  withOptions(srCommand(schema, 'list', 'List schemas for a given subject prefix.'), 'output')
    .option('--subject-prefix <prefix>', 'List schemas for subjects with a given prefix.')
    .option('--all', 'Include soft-deleted schemas.')
    .action(async (o: SrOptions & { subjectPrefix?: string; all?: boolean }) => {
      const { client } = await schemaRegistryAccess(session, o);
      const q = new URLSearchParams();
      if (o.subjectPrefix) q.set('subjectPrefix', o.subjectPrefix);
      if (o.all) q.set('deleted', 'true');
      const res = await client.get<{ id: number; subject: string; version: number }[]>(
        `/schemas${q.size ? `?${q}` : ''}`,
      );
      session.printer(o.output).list(
        SCHEMA_FIELDS,
        res.body.map((s) => ({ id: s.id, subject: s.subject, version: s.version })),
      );
    });

  withOptions(srCommand(schema, 'describe', 'Get schema by ID, or by subject and version.').argument('[id]'), 'output')
    .option('--subject <subject>', 'Subject of the schema.')
    .option('--version <version>', 'Version of the schema: a number or "latest".')
    .option('--show-references', 'Print the schema and every schema it references, depth first, as JSON.')
    .action(
      async (
        id: string | undefined,
        o: SrOptions & { subject?: string; version?: string; showReferences?: boolean },
      ) => {
        if (Boolean(id) === Boolean(o.subject))
          throw new CliError('the schema ID or the subject (with `--version`) must be given, not both');
        const { client } = await schemaRegistryAccess(session, o);
        const path = id
          ? `/schemas/ids/${id}`
          : `/subjects/${encodeURIComponent(o.subject!)}/versions/${o.version ?? 'latest'}`;
        const s = (await client.get<DescribedSchema>(path)).body;
        const p = session.printer(o.output);
        if (o.showReferences) {
          const schemas = [{ ...(o.subject && { subject: o.subject }), ...s, id: s.id ?? Number(id) }];
          for (const r of s.references ?? []) schemas.push(...(await referencedSchemas(client, r)));
          return session.io.stdout(`${JSON.stringify({ schemas }, null, 2)}\n`);
        }
        if (p.serialized) return p.document(s);
        session.io.stdout(schemaText(s, id));
      },
    );

  withOptions(srCommand(schema, 'delete', 'Delete one or more schema versions.'), 'output', 'force')
    .requiredOption('--subject <subject>', 'Subject of the schema.')
    .requiredOption('--version <version>', 'Version of the schema: a number, "latest" or "all".')
    .option('--permanent', 'Hard delete the schema.')
    .action(async (o: SrOptions & { subject: string; version: string; permanent?: boolean }) => {
      const { client } = await schemaRegistryAccess(session, o);
      if (!o.force) {
        const what = `${o.permanent ? 'permanently ' : ''}delete schema "${o.subject} (version ${o.version})"`;
        if (!(await session.confirm(`Are you sure you want to ${what}? (y/n): `))) return;
      }
      const subject = `/subjects/${encodeURIComponent(o.subject)}`;
      const q = o.permanent ? '?permanent=true' : '';
      let versions: number[];
      if (o.version === 'all') {
        if (o.permanent) await client.request('DELETE', subject); // a hard delete needs a soft one first
        versions =
          (await client.request<number[]>('DELETE', `${subject}${q}`, undefined, { allow: o.permanent ? [404] : [] }))
            .body ?? [];
      } else {
        if (o.permanent)
          await client.request('DELETE', `${subject}/versions/${o.version}`, undefined, { allow: [404] });
        versions = [(await client.request<number>('DELETE', `${subject}/versions/${o.version}${q}`)).body];
      }
      const p = session.printer(o.output);
      if (!p.serialized)
        p.line(
          o.version === 'all'
            ? `Successfully ${o.permanent ? 'hard' : 'soft'} deleted all versions for subject "${o.subject}".`
            : `Successfully ${o.permanent ? 'hard' : 'soft'} deleted version "${o.version}" for subject "${o.subject}".`,
        );
      p.list(
        VERSION_FIELDS,
        versions.map((version) => ({ version })),
      );
    });

  const subject = sr.command('subject').description('Manage Schema Registry subjects.');

  withOptions(srCommand(subject, 'list', 'List subjects.'), 'output')
    .option('--prefix <prefix>', 'Subject prefix.')
    .option('--all', 'Include soft-deleted subjects.')
    .action(async (o: SrOptions & { prefix?: string; all?: boolean }) => {
      const { client } = await schemaRegistryAccess(session, o);
      const q = new URLSearchParams();
      if (o.prefix) q.set('subjectPrefix', o.prefix);
      if (o.all) q.set('deleted', 'true');
      const res = await client.get<string[]>(`/subjects${q.size ? `?${q}` : ''}`);
      session.printer(o.output).list(
        SUBJECT_FIELDS,
        res.body.map((s) => ({ subject: s })),
      );
    });

  withOptions(srCommand(subject, 'describe', 'Describe subject versions.').argument('<subject>'), 'output')
    .option('--all', 'Include soft-deleted versions.')
    .action(async (name: string, o: SrOptions & { all?: boolean }) => {
      const { client } = await schemaRegistryAccess(session, o);
      const res = await client.get<number[]>(
        `/subjects/${encodeURIComponent(name)}/versions${o.all ? '?deleted=true' : ''}`,
      );
      session.printer(o.output).list(
        VERSION_FIELDS,
        res.body.map((version) => ({ version })),
      );
    });

  srCommand(subject, 'update', 'Update subject compatibility or mode.')
    .argument('<subject>')
    .addOption(
      new Option(
        '--compatibility <level>',
        'Can be "backward", "backward_transitive", "forward", "forward_transitive", "full", "full_transitive", or "none".',
      ).choices(COMPATIBILITY),
    )
    .option(
      '--compatibility-group <property>',
      'The name of a metadata property whose value splits versions into compatibility groups.',
    )
    .option('--metadata-defaults <file>', 'The path to the schema metadata defaults file.')
    .option('--metadata-overrides <file>', 'The path to the schema metadata overrides file.')
    .option('--ruleset-defaults <file>', 'The path to the schema ruleset defaults file.')
    .option('--ruleset-overrides <file>', 'The path to the schema ruleset overrides file.')
    .addOption(
      new Option('--mode <mode>', 'Can be "readwrite", "readonly", or "import".').choices([
        'readwrite',
        'readonly',
        'import',
      ]),
    )
    .action(async (name: string, o: SubjectUpdateOptions) => {
      const config = subjectConfigUpdate(o);
      if (!config && !o.mode) throw new CliError('one of `--compatibility` or `--mode` is required');
      const { client } = await schemaRegistryAccess(session, o);
      const s = encodeURIComponent(name);
      if (config) {
        await client.request('PUT', `/config/${s}`, config);
        session.io.stdout(
          config.compatibility
            ? `Successfully updated subject-level compatibility to "${config.compatibility}" for subject "${name}".\n`
            : `Successfully updated subject-level compatibility settings for subject "${name}".\n`,
        );
      }
      if (o.mode) {
        const mode = o.mode.toUpperCase();
        await client.request('PUT', `/mode/${s}`, { mode });
        session.io.stdout(`Successfully updated subject-level mode to "${mode}" for subject "${name}".\n`);
      }
    });
}

type SubjectUpdateOptions = SrOptions & {
  compatibility?: string;
  compatibilityGroup?: string;
  metadataDefaults?: string;
  metadataOverrides?: string;
  rulesetDefaults?: string;
  rulesetOverrides?: string;
  mode?: string;
};

/** The `PUT /config/{subject}` body of `subject update`'s compatibility flags, or undefined when none is given. */
export function subjectConfigUpdate(o: SubjectUpdateOptions): Record<string, unknown> | undefined {
  const files = [
    ['defaultMetadata', '--metadata-defaults', o.metadataDefaults],
    ['overrideMetadata', '--metadata-overrides', o.metadataOverrides],
    ['defaultRuleSet', '--ruleset-defaults', o.rulesetDefaults],
    ['overrideRuleSet', '--ruleset-overrides', o.rulesetOverrides],
  ] as const;
  const body: Record<string, unknown> = {
    ...(o.compatibility && { compatibility: o.compatibility.toUpperCase() }),
    ...(o.compatibilityGroup && { compatibilityGroup: o.compatibilityGroup }),
  };
  for (const [key, flag, path] of files) if (path) body[key] = readJsonFile(flag, path);
  return Object.keys(body).length > 0 ? body : undefined;
}
