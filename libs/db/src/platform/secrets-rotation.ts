import type { Prisma } from '@generated/prisma/client';
import type { PrismaService } from '../prisma.service';

/** `npm run secrets:rotate` re-seals every stored secret envelope, of every tenant. */
export class SecretsRotation {
  constructor(private readonly db: PrismaService) {}

  externalClusterPasswords(): Promise<Array<{ id: string; externalPassword: string | null }>> {
    return this.db.kafkaCluster.findMany({
      where: { externalPassword: { not: null } },
      select: { id: true, externalPassword: true },
    });
  }

  async setExternalClusterPassword(clusterId: string, envelope: string): Promise<void> {
    // updateMany: a cluster deleted since it was read is no error
    await this.db.kafkaCluster.updateMany({ where: { id: clusterId }, data: { externalPassword: envelope } });
  }

  connectorConfigs(): Promise<Array<{ id: string; config: Prisma.JsonValue }>> {
    return this.db.connector.findMany({ select: { id: true, config: true } });
  }

  taskConfigs(): Promise<Array<{ connectorId: string; taskId: number; config: Prisma.JsonValue }>> {
    return this.db.connectorTask.findMany({ select: { connectorId: true, taskId: true, config: true } });
  }

  async replaceConnectorConfig(id: string, config: Record<string, string>): Promise<void> {
    await this.db.connector.updateMany({ where: { id }, data: { config } });
  }

  async replaceTaskConfig(connectorId: string, taskId: number, config: Record<string, string>): Promise<void> {
    await this.db.connectorTask.updateMany({ where: { connectorId, taskId }, data: { config } });
  }
}
