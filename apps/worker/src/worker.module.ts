import { Module } from '@nestjs/common';
import { ConfigModule } from '@libs/config';
import { DbModule } from '@libs/db';
import { RedisModule } from '@libs/redis';
import { ConnectRuntimeService } from './connect-runtime.service';

/** The executor worker: a Nest application context with no public HTTP (Twenty's queue-worker shape). */
@Module({ imports: [ConfigModule, DbModule, RedisModule], providers: [ConnectRuntimeService] })
export class WorkerModule {}
