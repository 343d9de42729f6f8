import { ApiError } from '@libs/api-common';
import type { PluginRegistry } from '@libs/connect-spi';

/**
 * A connector.class no plugin answers to: Kafka Connect's message listing what is available, as
 * the 400 Confluent Cloud answers (bad input, not a server error).
 */
export function unknownConnectorClass(registry: PluginRegistry, cls: string): ApiError {
  const available = registry
    .list()
    .map((p) => p.alias)
    .join(', ');
  return ApiError.badRequest(
    `Failed to find any class that implements Connector and which name matches ${cls}, available connectors are: ${available}`,
  );
}
