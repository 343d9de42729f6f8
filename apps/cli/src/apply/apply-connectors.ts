// The apply use case shared by `connectplane connect apply` and `npm start`'s
// CONNECTPLANE_CONNECTORS_FILE: reads the cluster's connectors, prints the plan, validates every
// connector to be created or updated before changing anything (an invalid one stops the run with
// its validate errors), then creates, updates and (with prune) deletes. A second run of the same
// file is a no-op.
import { CliError } from '../errors';
import type { ApiClient } from '../http/api-client';
import { computePlan, PASSWORD_MASK, planText, type PlanStep } from './plan';
import type { DesiredConnector } from './connectors-file';

/** The Connect v1 API of one cluster: `/connect/v1/environments/<env>/clusters/<lkc>`. */
export interface ConnectApi {
  client: ApiClient;
  base: string;
}

export interface ApplyOptions {
  prune?: boolean;
  dryRun?: boolean;
}

export interface ApplyResult {
  steps: PlanStep[];
}

interface Validation {
  error_count: number;
  configs: { value: { name: string; errors?: string[] } }[];
}

interface ConnectorInfo {
  info?: { config?: Record<string, string> };
}

const SECRET_NAME = /secret|password|api\.key|credential|token/i;

export const connectBase = (environmentId: string, clusterId: string) =>
  `/connect/v1/environments/${environmentId}/clusters/${clusterId}`;

export const connectorPath = (api: ConnectApi, name: string) => `${api.base}/connectors/${encodeURIComponent(name)}`;

async function validationErrors(api: ConnectApi, config: Record<string, string>): Promise<string[]> {
  const plugin = encodeURIComponent(config['connector.class'] ?? '');
  const res = await api.client.request<Validation>(
    'PUT',
    `${api.base}/connector-plugins/${plugin}/config/validate`,
    config,
  );
  if (res.body.error_count === 0) return [];
  return res.body.configs.flatMap((c) => (c.value.errors ?? []).map((e) => `${c.value.name}: ${e}`));
}

export async function applyConnectors(
  api: ConnectApi,
  desired: DesiredConnector[],
  opts: ApplyOptions,
  out: (text: string) => void,
): Promise<ApplyResult> {
  const all = (await api.client.get<Record<string, ConnectorInfo>>(`${api.base}/connectors?expand=info`)).body;
  const current = Object.fromEntries(Object.entries(all).map(([name, c]) => [name, c.info?.config ?? {}]));
  const steps = computePlan(desired, current, Boolean(opts.prune));
  const masked = (k: string) => Object.values(current).some((c) => c[k] === PASSWORD_MASK);
  out(planText(steps, (k) => SECRET_NAME.test(k) || masked(k)));
  if (opts.dryRun) return { steps };

  const changing = steps.filter(
    (s): s is Extract<PlanStep, { config: unknown }> => s.action === 'create' || s.action === 'update',
  );
  const invalid: string[] = [];
  for (const s of changing) {
    const errors = await validationErrors(api, s.config);
    if (errors.length) invalid.push(`connector "${s.name}": ${errors.join('; ')}`);
  }
  if (invalid.length)
    throw new CliError(`invalid connector configuration, nothing was changed:\n${invalid.join('\n')}`);

  for (const s of steps) {
    if (s.action === 'create')
      await api.client.request('POST', `${api.base}/connectors`, { name: s.name, config: s.config });
    else if (s.action === 'update') await api.client.request('PUT', `${connectorPath(api, s.name)}/config`, s.config);
    else if (s.action === 'delete') await api.client.request('DELETE', connectorPath(api, s.name));
    else continue;
    out(`${{ create: 'Created', update: 'Updated', delete: 'Deleted' }[s.action]} connector "${s.name}".\n`);
  }
  return { steps };
}
