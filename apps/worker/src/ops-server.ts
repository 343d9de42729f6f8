import { createServer, type Server, type ServerResponse } from 'node:http';

export interface OpsProbes {
  /** Postgres and Redis answer. */
  healthy(): Promise<boolean>;
  /** SIGTERM received: the worker is handing its tasks over. */
  draining(): boolean;
}

/**
 * The worker's only HTTP, for supervisors and Prometheus: /metrics; /livez (200 while the process
 * runs, handover included); /readyz (503 while handing tasks over after SIGTERM, or when Postgres or
 * Redis do not answer); /healthz (Postgres and Redis answer, as before).
 */
export function startOpsServer(
  host: string,
  port: number,
  metrics: { render(): Promise<string>; contentType: string },
  probes: OpsProbes,
): Promise<Server> {
  const answer = (res: ServerResponse, ok: boolean, status = ok ? 'ok' : 'unavailable') => {
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status }));
  };
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      metrics
        .render()
        .then((text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text))
        .catch(() => res.writeHead(500).end());
      return;
    }
    if (req.url === '/livez') return answer(res, true);
    if (req.url === '/readyz' && probes.draining()) return answer(res, false, 'draining');
    if (req.url === '/healthz' || req.url === '/readyz') {
      probes
        .healthy()
        .then((ok) => answer(res, ok))
        .catch(() => res.destroy()); // the client went away mid-answer
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}
