import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@libs/config';
import { PrismaService } from '@libs/db';
import { RedisService } from '@libs/redis';
import { startOpsServer } from './ops-server';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  const db = app.get(PrismaService);
  const redis = app.get(RedisService);
  const ops = await startOpsServer(
    config.HOST,
    config.WORKER_METRICS_PORT,
    () => '# connectplane worker: no connector runtime metrics yet\n',
    async () => {
      try {
        await db.$queryRaw`SELECT 1`;
        return await redis.ping();
      } catch {
        return false;
      }
    },
  );
  process.stdout.write(
    `connectplane worker ready (metrics http://${config.HOST}:${config.WORKER_METRICS_PORT}/metrics)\n`,
  );
  const stop = async () => {
    ops.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((err) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : ((err as Error).stack ?? String(err))}\n`);
  process.exit(1);
});
