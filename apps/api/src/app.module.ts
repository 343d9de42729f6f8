import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { assignRequestId } from '@libs/api-common';
import { AuthModule } from '@libs/auth';
import { ConfigModule, loadConfig } from '@libs/config';
import { DbModule } from '@libs/db';
import { RedisModule } from '@libs/redis';
import { AuditInterceptor } from './audit/audit.interceptor';
import { BootstrapModule } from './bootstrap/bootstrap.module';
import { CmkModule } from './cmk/cmk.module';
import { CommonModule } from './common/common.module';
import { ConnectModule } from './connect/connect.module';
import { HealthModule } from './health/health.module';
import { IamModule } from './iam/iam.module';
import { KafkaRestModule } from './kafka-rest/kafka-rest.module';
import { OperatorModule } from './operator/operator.module';
import { OrgModule } from './org/org.module';
import { SchemaRegistryModule } from './schema-registry/schema-registry.module';
import { SrcmModule } from './srcm/srcm.module';

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
          autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url,
            }),
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
    KafkaRestModule,
    SchemaRegistryModule,
    SrcmModule,
    OperatorModule,
    BootstrapModule,
  ],
  providers: [{ provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
})
export class AppModule {}
