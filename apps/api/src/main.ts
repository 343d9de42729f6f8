import cluster from 'node:cluster';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { HttpDrain } from './http-drain';
import { ShutdownState } from './health/shutdown-state';
import { ConfigError, installProcessFaultHandlers, loadConfig, processLogger } from '@libs/config';

const log = processLogger('api');

async function main(): Promise<void> {
  // Loaded here, not at the top: the cluster primary (API_PROCESSES > 1) only forks and never loads Nest.
  const [{ Logger }, { createApiApp }, { BootstrapService }] = await Promise.all([
    import('nestjs-pino'),
    import('./create-api-app'),
    import('./bootstrap/bootstrap.service'),
  ]);
  const config = loadConfig();
  const app = await createApiApp();
  await app.init();
  // Runtime logs go through pino (JSON, request ids); Nest's start-up chatter stayed out of them.
  app.useLogger(app.get(Logger));
  const drain = new HttpDrain(app.getHttpServer());
  await app.listen(config.PORT, config.HOST);
  stopOnSignals(app, drain, config.API_DRAIN_TIMEOUT_MS, config.API_DRAIN_DELAY_MS);
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
 * SIGTERM / SIGINT: /readyz turns 503 at once (a proxy stops routing here; /livez stays 200), new
 * connections are still accepted for API_DRAIN_DELAY_MS, then the HTTP server drains (HttpDrain: no
 * new connections, open requests answered), and only then does Nest close the modules (Prisma,
 * Redis). Nest's own shutdown hooks are not used: they close the modules first, under requests
 * still running, and then drop idle keep-alive connections at once.
 */
function stopOnSignals(app: NestExpressApplication, drain: HttpDrain, timeoutMs: number, delayMs: number): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.get(ShutdownState).beginDrain();
    log.info({ signal, in_flight: drain.inFlight, connections: drain.connections, delay_ms: delayMs }, 'draining');
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    const drained = await drain.drain(timeoutMs);
    try {
      await app.close();
    } catch (err) {
      log.error({ err }, 'closing the API failed');
      process.exit(1);
    }
    log.info({ drain_ms: drained.ms, forced: drained.forced }, 'stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

/**
 * API_PROCESSES > 1 pre-forks that many API processes sharing the port (Node's cluster module;
 * the primary accepts and hands connections round-robin to the processes listening): each is a
 * full instance (caches invalidated over Redis, rate limits in Redis), so this is the same as
 * running several instances behind a balancer, on one machine.
 *
 * A process that exits is replaced, at once after a clean exit (SIGTERM to one API process drains
 * it: a rolling restart is SIGTERM to each in turn, waiting for its replacement's `listening`
 * line), after 1 s after a crash. SIGTERM / SIGINT to the primary drains and stops them all.
 */
function supervise(processes: number, drainTimeoutMs: number): void {
  for (let i = 0; i < processes; i++) cluster.fork();
  let stopping = false;
  cluster.on('listening', (worker) => process.stdout.write(`api process ${worker.process.pid} listening\n`));
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const clean = code === 0;
    process.stderr.write(
      `api process ${worker.process.pid} exited (${signal ?? code}); ${clean ? 'starting a replacement' : 'restarting in 1 s'}\n`,
    );
    setTimeout(() => !stopping && cluster.fork(), clean ? 0 : 1000);
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // The signal itself, not worker.kill(): that disconnects first, and a disconnected process
    // closes its server the abrupt way (http.Server.close) before the signal arrives.
    const running = () => Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());
    for (const w of running()) w!.process.kill('SIGTERM');
    if (running().length === 0) process.exit(0);
    // A primary that exits takes its processes with it: it waits for their drain (bounded).
    cluster.on('exit', () => running().length === 0 && process.exit(0));
    setTimeout(() => process.exit(0), drainTimeoutMs + 5000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

// one request's stray rejection is logged and the API keeps serving everyone else
installProcessFaultHandlers(log);

function fail(err: unknown): never {
  process.stderr.write(`${err instanceof ConfigError ? err.message : ((err as Error).stack ?? String(err))}\n`);
  process.exit(1);
}

try {
  // validated before forking: a bad value stops start-up once, naming the variable
  const { API_PROCESSES: processes, API_DRAIN_TIMEOUT_MS: drainTimeoutMs } = loadConfig();
  if (cluster.isPrimary && processes > 1) supervise(processes, drainTimeoutMs);
  else main().catch(fail);
} catch (err) {
  fail(err);
}
