// `--wait` on connectors: until the connector and every task reach a state, failing at once when
// the connector FAILED, with the states on a spinner line on a terminal.
import { CliError } from '../errors';
import type { Session } from '../session';
import { connectorPath, type ConnectTarget } from './connectors';
import { pollUntil } from './poll';

interface Status {
  connector: { state: string; trace?: string };
  tasks: { id: number; state: string; trace?: string }[];
}

export async function waitForConnector(
  session: Session,
  t: ConnectTarget,
  name: string,
  state: string,
  seconds: number,
): Promise<void> {
  await pollUntil(session, seconds, async () => {
    const res = await t.client.get<Status>(`${connectorPath(t, name)}/status`, { allow: [404] });
    const s = res.status === 404 ? undefined : res.body;
    const tasks = s?.tasks ?? [];
    if (s?.connector.state === 'FAILED' && state !== 'FAILED')
      throw new CliError(
        `connector "${name}" failed: ${s.connector.trace ?? tasks.find((x) => x.trace)?.trace ?? ''}`.trim(),
      );
    return {
      done: Boolean(s && s.connector.state === state && tasks.length > 0 && tasks.every((x) => x.state === state)),
      value: undefined,
      progress:
        `Waiting for connector "${name}" to be ${state}: ${s?.connector.state ?? 'PROVISIONING'}` +
        (tasks.length ? ` (tasks: ${tasks.map((x) => x.state).join(', ')})` : ''),
    };
  });
}
