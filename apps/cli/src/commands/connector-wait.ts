// `--wait`: polls a connector's status until it and every task reach a state, showing a spinner
// with the current states on a terminal (stderr) and nothing when piped.
import { CliError } from '../errors';
import type { Session } from '../session';
import { connectorPath, type ConnectTarget } from './connectors';
import { Spinner } from '../output/spinner';

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
  const spinner = new Spinner(session.io);
  const deadline = Date.now() + seconds * 1000;
  try {
    for (;;) {
      const res = await t.client.get<Status>(`${connectorPath(t, name)}/status`, { allow: [404] });
      const s = res.status === 404 ? undefined : res.body;
      const tasks = s?.tasks ?? [];
      spinner.update(
        `Waiting for connector "${name}" to be ${state}: ${s?.connector.state ?? 'PROVISIONING'}` +
          (tasks.length ? ` (tasks: ${tasks.map((x) => x.state).join(', ')})` : ''),
      );
      if (s && s.connector.state === state && tasks.length > 0 && tasks.every((x) => x.state === state)) return;
      if (s?.connector.state === 'FAILED' && state !== 'FAILED')
        throw new CliError(
          `connector "${name}" failed: ${s.connector.trace ?? s.tasks.find((x) => x.trace)?.trace ?? ''}`.trim(),
        );
      if (Date.now() > deadline)
        throw new CliError(
          `connector "${name}" did not reach ${state} within ${seconds} s (now ${s?.connector.state ?? 'unknown'})`,
        );
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    spinner.stop();
  }
}
