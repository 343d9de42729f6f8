import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, installProcessFaultHandlers, loadConfig, processLogger } from '@libs/config';
import { PrismaService } from '@libs/db';
import { RedisService } from '@libs/redis';
import { ConnectRuntimeService } from './connect-runtime.service';
import { startOpsServer } from './ops-server';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error', 'warn'] });
  const db = app.get(PrismaService);
  const redis = app.get(RedisService);
  const { runtime } = app.get(ConnectRuntimeService);
  runtime.metrics.collectProcessMetrics();
  let stopping = false;
  const ops = await startOpsServer(config.HOST, config.WORKER_METRICS_PORT, runtime.metrics, {
    async healthy() {
      try {
        await db.ping();
        return await redis.ping();
      } catch {
        return false;
      }
    },
    draining: () => stopping,
  });
  await runtime.start();
  const address = ops.address();
  const port = address && typeof address === 'object' ? address.port : config.WORKER_METRICS_PORT;
  process.stdout.write(
    `connectplane worker ready: ${runtime.workerId}, capacity ${runtime.worker.capacity} (metrics http://${config.HOST}:${port}/metrics)\n`,
  );
  const stop = async () => {
    if (stopping) return;
    // not ready from here on (/readyz 503, /livez 200 until the exit)
    stopping = true;
    process.stdout.write(`connectplane worker stopping: ${runtime.workerId} hands its tasks over\n`);
    // SIGTERM: tasks stop cleanly, commit, and their jobs go straight back to the queue
    await runtime.close().catch((e: Error) => process.stderr.write(`runtime close: ${e.message}\n`));
    ops.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

// a connector's stray rejection is logged and the worker keeps running every other task
installProcessFaultHandlers(processLogger('worker'));

main().catch((err) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : ((err as Error).stack ?? String(err))}\n`);
  process.exit(1);
});
