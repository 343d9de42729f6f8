// Connect v1 access shared by the connect commands: the base path for an environment's cluster,
// and connector ids (lcc-…) mapped to the names the API addresses, as the Go CLI does with
// `GET …/connectors?expand=id`. A name is accepted too, as a convenience.
import type { Context } from '../config/config-file';
import { CliError } from '../errors';
import { connectBase, type ConnectApi } from '../apply/apply-connectors';
import type { Session } from '../session';

export { connectorPath } from '../apply/apply-connectors';

export interface ExpandedConnector {
  id?: { id: string; id_type?: string };
  info?: { name: string; type: string; config: Record<string, string> };
  status?: {
    name: string;
    type: string;
    connector: { state: string; trace?: string };
    tasks: { id: number; state: string; trace?: string }[];
  };
}

export interface ConnectTarget extends ConnectApi {
  ctx: Context;
}

export function connectTarget(
  session: Session,
  o: { context?: string; environment?: string; cluster?: string },
): ConnectTarget {
  const ctx = session.context(o);
  const envId = session.environmentId(ctx, o.environment);
  const clusterId = session.clusterId(ctx, envId, o.cluster);
  return { ctx, client: session.cloud(ctx), base: connectBase(envId, clusterId) };
}

export async function expandedConnectors(t: ConnectTarget, expand: string): Promise<Record<string, ExpandedConnector>> {
  return (await t.client.get<Record<string, ExpandedConnector>>(`${t.base}/connectors?expand=${expand}`)).body;
}

export interface ResolvedConnector {
  id: string;
  name: string;
  expanded: ExpandedConnector;
}

/** Each argument (an lcc- id, or a name) → its connector; unknown ones fail together, before anything is done. */
export async function resolveConnectors(t: ConnectTarget, refs: string[], expand = 'id'): Promise<ResolvedConnector[]> {
  const all = await expandedConnectors(t, expand);
  const byId = new Map(Object.entries(all).map(([name, c]) => [c.id?.id ?? name, name]));
  const missing: string[] = [];
  const out: ResolvedConnector[] = [];
  for (const ref of refs) {
    const name = byId.get(ref) ?? (ref in all ? ref : undefined);
    if (!name) missing.push(ref);
    else out.push({ id: all[name]!.id?.id ?? name, name, expanded: all[name]! });
  }
  if (missing.length > 0) throw new CliError(`unknown connector ID "${missing.join('", "')}"`);
  return out;
}
