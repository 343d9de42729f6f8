import { Injectable, Logger } from '@nestjs/common';
import { CONNECTOR_CHANGED_CHANNEL, CONNECTOR_DELETED_CHANNEL, RedisService } from '@libs/redis';

/**
 * Tells the runtime that desired state changed (Redis pub/sub; see connector.repository.ts). A lost
 * message only delays the reconciler to its next periodic pass, so failures are logged, not thrown.
 */
@Injectable()
export class ConnectorEvents {
  private readonly logger = new Logger('ConnectorEvents');

  constructor(private readonly redis: RedisService) {}

  async changed(connectorId: string): Promise<void> {
    await this.redis
      .publish(CONNECTOR_CHANGED_CHANNEL, connectorId)
      .catch((err: unknown) => this.logger.warn({ err, connectorId }, 'connectors:changed not published'));
  }

  /** The runtime stops the tasks and deletes the sink consumer group connect-<lcc id>. */
  async deleted(connectorId: string): Promise<void> {
    await this.redis.publish(CONNECTOR_DELETED_CHANNEL, connectorId);
  }
}
