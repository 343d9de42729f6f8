import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { stdSerializers } from 'pino';
import { assignRequestId } from '@libs/api-common';
import { AuthModule } from '@libs/auth';
import { ConfigModule, loadConfig } from '@libs/config';
import { DbModule } from '@libs/db';
import { RedisModule } from '@libs/redis';
import { AuditModule } from './audit/audit.module';
import { BootstrapModule } from './bootstrap/bootstrap.module';
import { CmkModule } from './cmk/cmk.module';
import { CommonModule } from './common/common.module';
import { ConnectModule } from './connect/connect.module';
import { HealthModule } from './health/health.module';
import { IamModule } from './iam/iam.module';
import { KafkaRestModule } from './kafka-rest/kafka-rest.module';
import { MetricsModule } from './metrics/metrics.module';
import { OperatorModule } from './operator/operator.module';
import { OrgModule } from './org/org.module';
import { SchemaRegistryModule } from './schema-registry/schema-registry.module';
import { SrcmModule } from './srcm/srcm.module';

const LOGS_REQUESTS = new Set(['info', 'debug', 'trace']);

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      useFactory: () => ({
        pinoHttp: {
          level: loadConfig().LOG_LEVEL,
          genReqId: (req, res) => (req as { id?: string }).id ?? assignRequestId(req, res),
          // Credentials never reach a log line.
          redact: {
            paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            censor: '[redacted]',
          },
          // Request-completed lines are logged at info; below that level they were built and dropped on
          // every request (listeners, message strings), so they are not set up at all.
          autoLogging: LOGS_REQUESTS.has(loadConfig().LOG_LEVEL) && {
            ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/livez',
          },
          // Our serializers take the raw objects: pino-http's wrappers first built the full standard
          // request object (headers included) for every request, only for this to pick three fields.
          wrapSerializers: false,
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url,
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            err: stdSerializers.err,
          },
        },
      }),
    }),
    DbModule,
    RedisModule,
    AuthModule,
    CommonModule,
    HealthModule,
    OrgModule,
    IamModule,
    CmkModule,
    ConnectModule,
    MetricsModule,
    KafkaRestModule,
    SchemaRegistryModule,
    SrcmModule,
    OperatorModule,
    BootstrapModule,
    AuditModule,
  ],
})
export class AppModule {}
