// `connect apply -f connectors.yaml|json [--prune] [--dry-run]`: brings the cluster's connectors to
// what the file says (apply/apply-connectors.ts). The cluster is --environment/--cluster, else the
// file's `environment`/`cluster`, else the context's defaults.
import { Command } from 'commander';
import { applyConnectors } from '../apply/apply-connectors';
import { readConnectorsFile } from '../apply/connectors-file';
import type { Session } from '../session';
import { connectTarget } from './connectors';
import { withOptions, type CommonOptions } from './options';

export function connectApplyCommand(connect: Command, session: Session): void {
  withOptions(
    connect
      .command('apply')
      .description('Create, update or (with --prune) delete connectors to match a file (connectplane).'),
    'cluster',
    'context',
    'environment',
  )
    .requiredOption(
      '-f, --file <file>',
      'YAML or JSON file: a list of connectors, each {name, config}, or {environment, cluster, connectors: [...]}.',
    )
    .option('--prune', 'Delete connectors of the cluster that the file does not list.')
    .option('--dry-run', 'Print the plan only.')
    .action(async (o: CommonOptions & { file: string; prune?: boolean; dryRun?: boolean }) => {
      const file = readConnectorsFile(o.file);
      const t = connectTarget(session, {
        ...o,
        environment: o.environment ?? file.environment,
        cluster: o.cluster ?? file.cluster,
      });
      await applyConnectors(t, file.connectors, { prune: o.prune, dryRun: o.dryRun }, session.io.stdout);
    });
}
