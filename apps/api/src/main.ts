import cluster from 'node:cluster';
import { Logger } from 'nestjs-pino';
import { createApiApp } from './create-api-app';
import { BootstrapService } from './bootstrap/bootstrap.service';
import { ConfigError, installProcessFaultHandlers, loadConfig, processLogger } from '@libs/config';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApiApp();
  await app.init();
  // Runtime logs go through pino (JSON, request ids); Nest's start-up chatter stayed out of them.
  app.useLogger(app.get(Logger));
  await app.listen(config.PORT, config.HOST);
  const boot = app.get(BootstrapService).announcement;
  const lines = [
    `connectplane API listening on ${config.publicUrl} (OpenAPI ${config.publicUrl}/openapi.json, Swagger UI ${config.publicUrl}/docs)`,
  ];
  if (boot?.apiSecret) {
    lines.push(`Created the default organization ${boot.organizationId} and its admin cloud API key (shown once):`);
    lines.push(`  API key:    ${boot.apiKey}`, `  API secret: ${boot.apiSecret}`);
    if (boot.file) lines.push(`  (dev mode: also saved to ${boot.file}, mode 0600)`);
  } else if (boot) {
    lines.push(`Bootstrap API key ${boot.apiKey} is in place for organization ${boot.organizationId}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * API_PROCESSES > 1 pre-forks that many API processes sharing the port (Node's cluster module):
 * each is a full instance (caches invalidated over Redis, rate limits in Redis), so this is the
 * same as running several instances behind a balancer, on one machine.
 */
function supervise(processes: number): void {
  for (let i = 0; i < processes; i++) cluster.fork();
  let stopping = false;
  cluster.on('exit', (worker, code, signal) => {
    if (stopping || signal === 'SIGTERM' || signal === 'SIGINT' || code === 0) return;
    // the siblings keep serving on the shared port; the lost one comes back
    process.stderr.write(`api process ${worker.process.pid} exited (${signal ?? code}); restarting in 1 s\n`);
    setTimeout(() => !stopping && cluster.fork(), 1000);
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

// one request's stray rejection is logged and the API keeps serving everyone else
installProcessFaultHandlers(processLogger('api'));

function fail(err: unknown): never {
  process.stderr.write(`${err instanceof ConfigError ? err.message : ((err as Error).stack ?? String(err))}\n`);
  process.exit(1);
}

try {
  // validated before forking: a bad value stops start-up once, naming the variable
  const processes = loadConfig().API_PROCESSES;
  if (cluster.isPrimary && processes > 1) supervise(processes);
  else main().catch(fail);
} catch (err) {
  fail(err);
}
