import { ApiError } from '@libs/api-common';
import { egressPolicy } from '@libs/connectors';

/**
 * Refuses (400 on spec.external_kafka.bootstrap_servers) a bootstrap server the egress policy
 * denies, before anything connects there. The brokers a cluster advertises are checked again on
 * every connection (libs/kafka-clients' egress socket factory).
 */
export async function checkExternalBootstrap(bootstrapServers: string): Promise<void> {
  for (const server of bootstrapServers.split(',')) {
    const at = server.lastIndexOf(':');
    const host = server.slice(0, at);
    const decision = await egressPolicy().check(host, Number(server.slice(at + 1)));
    if (!decision.allowed)
      throw ApiError.badRequest(`Invalid value ${server} for bootstrap_servers: ${decision.reason}`, {
        pointer: '/spec/external_kafka/bootstrap_servers',
      });
  }
}
