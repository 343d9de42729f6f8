// What `connect apply` would change: create what is missing, update what differs, delete (with
// --prune) what the file no longer has. Masked secrets in the server's config cannot be compared
// and never count as a difference; keys the service adds itself are not removals.

export const PASSWORD_MASK = '****************';
/** Keys Confluent Cloud (and connectplane) add to every connector's config. */
export const SERVICE_KEYS = new Set([
  'cloud.environment',
  'cloud.provider',
  'kafka.endpoint',
  'kafka.region',
  'kafka.max.partition.validation.disable',
]);

export interface ConfigChange {
  key: string;
  from?: string;
  to?: string;
}

export type PlanStep =
  | { action: 'create'; name: string; config: Record<string, string> }
  | { action: 'update'; name: string; config: Record<string, string>; changes: ConfigChange[] }
  | { action: 'delete'; name: string }
  | { action: 'unchanged'; name: string };

export function configChanges(desired: Record<string, string>, current: Record<string, string>): ConfigChange[] {
  const changes: ConfigChange[] = [];
  for (const [key, to] of Object.entries(desired)) {
    const from = current[key];
    if (from === PASSWORD_MASK) continue;
    if (from !== to) changes.push({ key, ...(from !== undefined && { from }), to });
  }
  for (const [key, from] of Object.entries(current))
    if (!(key in desired) && !SERVICE_KEYS.has(key)) changes.push({ key, from });
  return changes.sort((a, b) => (a.key < b.key ? -1 : 1));
}

export function computePlan(
  desired: { name: string; config: Record<string, string> }[],
  current: Record<string, Record<string, string>>,
  prune: boolean,
): PlanStep[] {
  const steps: PlanStep[] = desired.map(({ name, config }) => {
    const existing = current[name];
    if (!existing) return { action: 'create', name, config };
    const changes = configChanges(config, existing);
    return changes.length ? { action: 'update', name, config, changes } : { action: 'unchanged', name };
  });
  const wanted = new Set(desired.map((d) => d.name));
  if (prune)
    for (const name of Object.keys(current).sort()) if (!wanted.has(name)) steps.push({ action: 'delete', name });
  return steps;
}

const SYMBOL = { create: '+', update: '~', delete: '-', unchanged: '=' } as const;

/** Human plan: one line per connector (updates list their keys, secrets never shown), then totals. */
export function planText(steps: PlanStep[], isSecret: (key: string) => boolean): string {
  const lines = steps.map((s) => {
    const head = `${SYMBOL[s.action]} ${s.action} connector "${s.name}"`;
    if (s.action !== 'update') return head;
    const show = (k: string, v?: string) => (v === undefined ? '' : isSecret(k) ? '(sensitive)' : JSON.stringify(v));
    return [
      head,
      ...s.changes.map((c) =>
        c.to === undefined
          ? `    - ${c.key}`
          : c.from === undefined
            ? `    + ${c.key}: ${show(c.key, c.to)}`
            : `    ~ ${c.key}: ${show(c.key, c.from)} → ${show(c.key, c.to)}`,
      ),
    ].join('\n');
  });
  const count = (a: PlanStep['action']) => steps.filter((s) => s.action === a).length;
  lines.push(
    `Plan: ${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete, ${count('unchanged')} unchanged.`,
  );
  return lines.join('\n') + '\n';
}
