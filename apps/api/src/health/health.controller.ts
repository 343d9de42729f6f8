import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { PrismaService } from '@libs/db';
import { RedisService } from '@libs/redis';
import { ShutdownState } from './shutdown-state';

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly db: PrismaService,
    private readonly redis: RedisService,
    private readonly shutdown: ShutdownState,
  ) {}

  /** Liveness: the process answers (until it exits, draining included). */
  @Get(['healthz', 'livez'])
  live(): { status: string } {
    return { status: 'ok' };
  }

  /** Readiness: only when Postgres and Redis both answer, and not while draining after SIGTERM. */
  @Get('readyz')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => {
        const i = this.indicator.check('shutdown');
        return this.shutdown.draining ? i.down({ message: 'draining' }) : i.up();
      },
      () => this.probe('postgres', () => this.db.ping()),
      () => this.probe('redis', async () => void (await this.redis.ping())),
    ]);
  }

  private async probe(key: string, check: () => Promise<void>) {
    const i = this.indicator.check(key);
    try {
      await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
      return i.up();
    } catch (err) {
      return i.down({ message: (err as Error).message });
    }
  }
}
