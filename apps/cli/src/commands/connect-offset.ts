// `connect offset describe/update/delete` and `connect offset status describe` (CLI.md §8.3).
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { CliError } from '../errors';
import type { Session } from '../session';
import { BIN } from '../session';
import type { Field, Row } from '../output/fields';
import { goIndentJson, goTime } from '../output/go-json';
import { connectorPath, connectTarget, resolveConnectors, type ConnectTarget } from './connectors';
import { withOptions, type CommonOptions } from './options';

interface Offsets {
  id: string;
  name: string;
  offsets: unknown[];
  metadata: { observed_at: string };
}
interface RequestStatus {
  request: { id: string; name: string; offsets: unknown[]; requested_at: string; type: string };
  status: { phase: string; message?: string };
  previous_offsets?: unknown[];
  applied_at?: string | null;
}

export const DESCRIBE_FIELDS: Field[] = [
  { title: 'ID', key: 'id' },
  { title: 'Name', key: 'name' },
  { title: 'Offsets', key: 'offsets' },
  { title: 'Metadata', key: 'metadata' },
];
export const STATUS_FIELDS: Field[] = [
  { title: 'ID', key: 'id' },
  { title: 'RequestType', key: 'request_type' },
  { title: 'RequestedAt', key: 'requested_at' },
  { title: 'Phase', key: 'phase' },
  { title: 'Message', key: 'message' },
  { title: 'Applied At', key: 'applied_at' },
  { title: 'Requested Offsets', key: 'requested_offsets', omitEmpty: true },
  { title: 'Previous Offsets', key: 'previous_offsets', omitEmpty: true },
];

const REQUEST_TIMEOUT_S = 30;

function statusRow(s: RequestStatus): Row {
  return {
    id: s.request.id,
    request_type: s.request.type,
    requested_at: goTime(s.request.requested_at),
    phase: s.status.phase,
    message: s.status.message ?? '',
    applied_at: goTime(s.applied_at),
    requested_offsets: s.request.type === 'DELETE' ? undefined : s.request.offsets,
    previous_offsets: s.previous_offsets ?? [],
  };
}

/** Offsets cells hold pretty JSON, kept unwrapped as the Go CLI prints them. */
function printStatus(session: Session, output: CommonOptions['output'], s: RequestStatus): void {
  const row = statusRow(s);
  const human = {
    ...row,
    requested_offsets: row.requested_offsets === undefined ? undefined : goIndentJson(row.requested_offsets),
    previous_offsets: (row.previous_offsets as unknown[]).length ? goIndentJson(row.previous_offsets) : undefined,
  };
  session.printer(output).object(STATUS_FIELDS, row, { human, autoWrap: false });
}

async function requestAndWait(session: Session, t: ConnectTarget, name: string, body: unknown): Promise<RequestStatus> {
  await t.client.request('POST', `${connectorPath(t, name)}/offsets/request`, body);
  const deadline = Date.now() + REQUEST_TIMEOUT_S * 1000;
  for (;;) {
    const s = (await t.client.get<RequestStatus>(`${connectorPath(t, name)}/offsets/request/status`)).body;
    if (s.status.phase !== 'PENDING') return s;
    if (Date.now() > deadline) {
      session.io.stderr(
        `Operation is PENDING. Please run \`${BIN} connect offset status describe ${s.request.id}\` command to get the latest status of the request.\n`,
      );
      return s;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export function connectOffsetCommands(connect: Command, session: Session): void {
  const offset = connect.command('offset').description("Manage connector's offsets.");

  withOptions(
    offset.command('describe').argument('<id>').description("Describe connector's offsets."),
    'output',
    'cluster',
    'context',
    'environment',
  )
    .option(
      '--staleness-threshold <seconds>',
      'Repeatedly fetch offsets until they are no older than this (min 5).',
      (v) => Number(v),
      120,
    )
    .option(
      '--timeout <seconds>',
      'Max time in seconds to wait for offsets fresher than the threshold.',
      (v) => Number(v),
      30,
    )
    .action(async (ref: string, o: CommonOptions & { stalenessThreshold: number; timeout: number }) => {
      if (o.stalenessThreshold < 5) throw new CliError('`--staleness-threshold` must be at least 5 seconds');
      const t = connectTarget(session, o);
      const [c] = await resolveConnectors(t, [ref]);
      const deadline = Date.now() + o.timeout * 1000;
      let res: Offsets;
      for (;;) {
        res = (await t.client.get<Offsets>(`${connectorPath(t, c!.name)}/offsets`)).body;
        const age = Date.now() - Date.parse(res.metadata.observed_at);
        if (age <= o.stalenessThreshold * 1000 || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      const row = { id: res.id, name: res.name, offsets: res.offsets, metadata: res.metadata };
      const human = { ...row, offsets: goIndentJson(res.offsets), metadata: goIndentJson(res.metadata) };
      session.printer(o.output).object(DESCRIBE_FIELDS, row, { human, autoWrap: false });
    });

  withOptions(
    offset.command('update').argument('<id>').description("Update a connector's offsets."),
    'output',
    'cluster',
    'context',
    'environment',
  )
    .requiredOption('--config-file <file>', 'JSON file with the offsets: {"offsets": [{"partition": …, "offset": …}]}.')
    .action(async (ref: string, o: CommonOptions & { configFile: string }) => {
      let offsets: unknown;
      try {
        offsets = (JSON.parse(readFileSync(o.configFile, 'utf8')) as { offsets?: unknown }).offsets;
      } catch (e) {
        throw new CliError(`unable to read offsets file "${o.configFile}": ${(e as Error).message}`);
      }
      if (!Array.isArray(offsets)) throw new CliError(`offsets file "${o.configFile}" has no "offsets" array`);
      const t = connectTarget(session, o);
      const [c] = await resolveConnectors(t, [ref]);
      printStatus(session, o.output, await requestAndWait(session, t, c!.name, { type: 'PATCH', offsets }));
    });

  withOptions(
    offset.command('delete').argument('<id>').description("Delete a connector's offsets."),
    'output',
    'cluster',
    'context',
    'environment',
  ).action(async (ref: string, o: CommonOptions) => {
    const t = connectTarget(session, o);
    const [c] = await resolveConnectors(t, [ref]);
    printStatus(session, o.output, await requestAndWait(session, t, c!.name, { type: 'DELETE' }));
  });

  const status = offset
    .command('status')
    .description("Get the status of a connector's offset update or delete request.");
  withOptions(
    status.command('describe').argument('<id>').description('Describe the latest offsets request.'),
    'output',
    'cluster',
    'context',
    'environment',
  ).action(async (ref: string, o: CommonOptions) => {
    const t = connectTarget(session, o);
    const [c] = await resolveConnectors(t, [ref]);
    printStatus(
      session,
      o.output,
      (await t.client.get<RequestStatus>(`${connectorPath(t, c!.name)}/offsets/request/status`)).body,
    );
  });
}
