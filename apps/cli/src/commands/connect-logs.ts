// `connect logs <id>` over the log search API and `connect event describe` (CLI.md §8.4, §8.5).
import { appendFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { environmentState } from '../config/config-file';
import { CliError } from '../errors';
import type { Session } from '../session';
import type { Field } from '../output/fields';
import { listAll } from './pages';
import { connectTarget, resolveConnectors } from './connectors';
import { withOptions, type CommonOptions } from './options';

interface LogEntry {
  timestamp: string;
  level: string;
  task_id: string;
  message: string;
  exception?: { stacktrace: string };
}

export const LOG_FIELDS: Field[] = [
  { title: 'Timestamp', key: 'timestamp' },
  { title: 'Level', key: 'level' },
  { title: 'Task ID', key: 'task_id' },
  { title: 'Message', key: 'message' },
  { title: 'Exception', key: 'exception' },
];
export const EVENT_FIELDS: Field[] = [
  { title: 'Cluster', key: 'cluster' },
  { title: 'Environment', key: 'environment' },
  { title: 'Service Account', key: 'service_account' },
  { title: 'Topic Name', key: 'topic_name' },
];

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const MAX_AGE_MS = 72 * 3600_000;

type LogOptions = CommonOptions & {
  startTime: string;
  endTime: string;
  level: string;
  searchText?: string;
  next?: boolean;
  outputFile?: string;
};

export function connectLogsCommands(connect: Command, session: Session): void {
  withOptions(
    connect.command('logs').argument('<id>').description("Show a connector's log lines."),
    'output',
    'cluster',
    'context',
    'environment',
  )
    .requiredOption('--start-time <time>', 'Start time, "YYYY-MM-DDTHH:MM:SSZ".')
    .requiredOption('--end-time <time>', 'End time, "YYYY-MM-DDTHH:MM:SSZ".')
    .option('--level <levels>', 'Log levels, several joined by "|": INFO, WARN, ERROR.', 'ERROR')
    .option('--search-text <text>', 'Only lines containing this text.')
    .option('--next', 'The next page of the same query.')
    .addOption(new Option('--output-file <file>', 'Append the entries to this file, one JSON object per line.'))
    .action(async (ref: string, o: LogOptions) => {
      for (const [flag, v] of [
        ['--start-time', o.startTime],
        ['--end-time', o.endTime],
      ])
        if (!TIME.test(v!)) throw new CliError(`invalid ${flag} "${v}": use the format YYYY-MM-DDTHH:MM:SSZ`);
      if (Date.parse(o.endTime) < Date.parse(o.startTime))
        throw new CliError('--end-time must not be before --start-time');
      if (Date.now() - Date.parse(o.startTime) > MAX_AGE_MS)
        throw new CliError('--start-time must be within the last 72 hours');
      const t = connectTarget(session, o);
      const [c] = await resolveConnectors(t, [ref]);
      const envId = session.environmentId(t.ctx, o.environment);
      const org = t.ctx.organization_id ?? (await listAll<{ id: string }>(t.client, '/org/v2/organizations'))[0]?.id;
      const lkc = t.base.split('/').pop();
      const body = {
        crn: `crn://confluent.cloud/organization=${org}/environment=${envId}/cloud-cluster=${lkc}/connector=${c!.name}`,
        search: {
          level: o.level.split('|').map((l) => l.trim().toUpperCase()),
          ...(o.searchText && { search_text: o.searchText }),
        },
        sort: 'desc',
        start_time: o.startTime,
        end_time: o.endTime,
      };
      const query = JSON.stringify(body);
      const state = environmentState(t.ctx, envId);
      let path = '/logs/v1/search';
      if (o.next) {
        if (state.connect_logs_state?.query !== query || !state.connect_logs_state.page_token) {
          session.io.stdout('No logs found for the current query\n');
          return;
        }
        path += `?page_token=${encodeURIComponent(state.connect_logs_state.page_token)}`;
      }
      const res = await t.client.request<{ data: LogEntry[]; metadata?: { next?: string } }>('POST', path, body);
      const next = res.body.metadata?.next
        ? (new URL(res.body.metadata.next).searchParams.get('page_token') ?? undefined)
        : undefined;
      state.connect_logs_state = { query, page_token: next };
      session.save();
      const entries = res.body.data;
      if (o.outputFile) {
        for (const e of entries)
          appendFileSync(
            o.outputFile,
            JSON.stringify({
              timestamp: e.timestamp,
              level: e.level,
              task_id: e.task_id,
              message: e.message,
              exception: e.exception?.stacktrace ?? '',
            }) + '\n',
          );
        session.io.stdout(`Appended ${entries.length} log entries to file: ${o.outputFile}\n`);
        return;
      }
      const p = session.printer(o.output);
      if (p.serialized) return p.document(entries);
      p.line(`Found ${entries.length} log entries for connector ${ref}:`);
      p.list(
        LOG_FIELDS,
        entries.map((e) => ({ ...e, exception: e.exception?.stacktrace ?? '' })),
      );
    });

  const event = connect.command('event').description('Manage Connect log events configuration.');
  withOptions(
    event.command('describe').description('Describe the Connect log events configuration.'),
    'output',
    'cluster',
    'context',
    'environment',
  ).action(async (o: CommonOptions) => {
    const t = connectTarget(session, o);
    const res = await t.client.get<{
      topic_name: string;
      cluster_id: string;
      environment_id: string;
      service_account_id?: string;
    }>(`${t.base}/events`);
    session.printer(o.output).object(EVENT_FIELDS, {
      cluster: res.body.cluster_id,
      environment: res.body.environment_id,
      service_account: res.body.service_account_id ?? '',
      topic_name: res.body.topic_name,
    });
  });
}
