// `connect apply -f connectors.yaml|json [--prune] [--dry-run]`: brings the cluster's connectors to
// what the file says. Prints the plan first; validates every connector to be created or updated
// before changing anything (an invalid one stops the run with its validate errors); a second run
// of the same file is a no-op.
import { Command } from 'commander';
import { readDesiredConnectors } from '../apply/desired-file';
import { computePlan, PASSWORD_MASK, planText, type PlanStep } from '../apply/plan';
import { CliError } from '../errors';
import type { Session } from '../session';
import { connectorPath, connectTarget, expandedConnectors, type ConnectTarget } from './connectors';
import { withOptions, type CommonOptions } from './options';

interface Validation {
  error_count: number;
  configs: { value: { name: string; errors?: string[] } }[];
}

const SECRET_NAME = /secret|password|api\.key|credential|token/i;

async function validationErrors(t: ConnectTarget, config: Record<string, string>): Promise<string[]> {
  const plugin = encodeURIComponent(config['connector.class'] ?? '');
  const res = await t.client.request<Validation>(
    'PUT',
    `${t.base}/connector-plugins/${plugin}/config/validate`,
    config,
  );
  if (res.body.error_count === 0) return [];
  return res.body.configs.flatMap((c) => (c.value.errors ?? []).map((e) => `${c.value.name}: ${e}`));
}

export function connectApplyCommand(connect: Command, session: Session): void {
  withOptions(
    connect
      .command('apply')
      .description('Create, update or (with --prune) delete connectors to match a file (connectplane).'),
    'cluster',
    'context',
    'environment',
  )
    .requiredOption('-f, --file <file>', 'YAML or JSON file: a list of connectors, each {name, config}.')
    .option('--prune', 'Delete connectors of the cluster that the file does not list.')
    .option('--dry-run', 'Print the plan only.')
    .action(async (o: CommonOptions & { file: string; prune?: boolean; dryRun?: boolean }) => {
      const desired = readDesiredConnectors(o.file);
      const t = connectTarget(session, o);
      const all = await expandedConnectors(t, 'id,info');
      const current = Object.fromEntries(Object.entries(all).map(([name, c]) => [name, c.info?.config ?? {}]));
      const steps = computePlan(desired, current, Boolean(o.prune));
      const masked = (k: string) => Object.values(current).some((c) => c[k] === PASSWORD_MASK);
      session.io.stdout(planText(steps, (k) => SECRET_NAME.test(k) || masked(k)));
      if (o.dryRun) return;

      const changing = steps.filter(
        (s): s is Extract<PlanStep, { config: unknown }> => s.action === 'create' || s.action === 'update',
      );
      const invalid: string[] = [];
      for (const s of changing) {
        const errors = await validationErrors(t, s.config);
        if (errors.length) invalid.push(`connector "${s.name}": ${errors.join('; ')}`);
      }
      if (invalid.length)
        throw new CliError(`invalid connector configuration, nothing was changed:\n${invalid.join('\n')}`);

      for (const s of steps) {
        if (s.action === 'create')
          await t.client.request('POST', `${t.base}/connectors`, { name: s.name, config: s.config });
        else if (s.action === 'update') await t.client.request('PUT', `${connectorPath(t, s.name)}/config`, s.config);
        else if (s.action === 'delete') await t.client.request('DELETE', connectorPath(t, s.name));
        else continue;
        session.io.stdout(
          `${{ create: 'Created', update: 'Updated', delete: 'Deleted' }[s.action]} connector "${s.name}".\n`,
        );
      }
    });
}
