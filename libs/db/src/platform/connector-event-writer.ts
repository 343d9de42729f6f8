// The runtime's writes of connector events (cross-tenant: a worker or reconciler acts for every
// tenant). Reads are the tenant's (repositories/connector-event.repository.ts).
import { randomUUID } from 'node:crypto';
import { PrismaService } from '../prisma.service';

export interface NewConnectorEvent {
  connectorId: string;
  type: string;
  taskId: number | null;
  message: string;
  rootCause?: string | null;
}

/** A stored event with what its CloudEvent and its topic need to know of the connector. */
export interface StoredConnectorEvent extends NewConnectorEvent {
  eventId: string;
  time: Date;
  organizationId: string;
  environmentId: string;
  clusterId: string;
  connectorName: string;
}

export class ConnectorEventWriter {
  constructor(private readonly db: PrismaService) {}

  /** null when the connector is gone. */
  async append(e: NewConnectorEvent): Promise<StoredConnectorEvent | null> {
    const c = await this.db.connector.findUnique({
      where: { id: e.connectorId },
      select: { organizationId: true, environmentId: true, clusterId: true, name: true },
    });
    if (!c) return null;
    const row = await this.db.connectorEvent
      .create({
        data: {
          connectorId: e.connectorId,
          organizationId: c.organizationId,
          eventId: randomUUID(),
          type: e.type,
          taskId: e.taskId,
          message: e.message,
          rootCause: e.rootCause ?? null,
        },
      })
      .catch(() => null); // deleted meanwhile (foreign key)
    if (!row) return null;
    return {
      ...e,
      eventId: row.eventId,
      time: row.time,
      organizationId: c.organizationId,
      environmentId: c.environmentId,
      clusterId: c.clusterId,
      connectorName: c.name,
    };
  }
}
