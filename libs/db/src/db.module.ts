import { Global, Module } from '@nestjs/common';
import { PrismaService } from './prisma.service';
import { OrganizationRepository } from './repositories/organization.repository';
import { EnvironmentRepository } from './repositories/environment.repository';
import { ServiceAccountRepository } from './repositories/service-account.repository';
import { ApiKeyRepository } from './repositories/api-key.repository';
import { RoleBindingRepository } from './repositories/role-binding.repository';
import { KafkaClusterRepository } from './repositories/kafka-cluster.repository';
import { AuditEventRepository } from './repositories/audit-event.repository';
import { OnboardingRepository } from './repositories/onboarding.repository';
import { PlatformRepository } from './platform/platform.repository';
import { ConnectorRepository } from './repositories/connector.repository';
import { ConnectorLogRepository } from './repositories/connector-log.repository';
import { MetricSeriesRepository } from './repositories/metric-series.repository';
import { ConnectorEventRepository } from './repositories/connector-event.repository';
import { SchemaRegistryRepository } from './repositories/schema-registry.repository';
import { ConnectLoggerLevelRepository } from './repositories/connect-logger-level.repository';

const REPOSITORIES = [
  OrganizationRepository,
  EnvironmentRepository,
  ServiceAccountRepository,
  ApiKeyRepository,
  RoleBindingRepository,
  KafkaClusterRepository,
  AuditEventRepository,
  OnboardingRepository,
  ConnectorRepository,
  ConnectorLogRepository,
  MetricSeriesRepository,
  ConnectorEventRepository,
  SchemaRegistryRepository,
  ConnectLoggerLevelRepository,
  PlatformRepository,
];

@Global()
@Module({ providers: [PrismaService, ...REPOSITORIES], exports: [PrismaService, ...REPOSITORIES] })
export class DbModule {}
