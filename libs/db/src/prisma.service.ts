import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@generated/prisma/client';
import { APP_CONFIG, type AppConfig } from '@libs/config';

/** The Rust-free Prisma client over node-postgres. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({
      adapter: new PrismaPg({
        connectionString: config.DATABASE_URL,
        max: config.DATABASE_POOL_SIZE ?? 20,
        // While Postgres is unreachable a request gives up waiting for a connection after this
        // (answering 503) instead of hanging. 1.5 s was too short for a new connection on a loaded
        // 2-core machine: a burst of requests on a fresh process got 503s.
        connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS,
        idle_in_transaction_session_timeout: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      }),
    });
  }

  /** Health probes: one round trip to Postgres. */
  async ping(): Promise<void> {
    await this.$queryRaw`SELECT 1`;
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
