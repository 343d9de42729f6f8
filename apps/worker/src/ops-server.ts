import { createServer, type Server } from 'node:http';

/** The worker's only HTTP: /healthz for supervisors and /metrics for Prometheus. */
export function startOpsServer(
  host: string,
  port: number,
  metrics: { render(): Promise<string>; contentType: string },
  healthy: () => Promise<boolean>,
): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      metrics
        .render()
        .then((text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text))
        .catch(() => res.writeHead(500).end());
      return;
    }
    if (req.url === '/healthz') {
      healthy()
        .then((ok) => {
          res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ status: ok ? 'ok' : 'unavailable' }));
        })
        .catch(() => res.destroy()); // the client went away mid-answer

      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}
