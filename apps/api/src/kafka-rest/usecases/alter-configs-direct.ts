import { ApiError } from '@libs/api-common';
import { BrokerConnection, type BrokerTarget } from '@libs/kafka-clients';
import { ApiKey, type Msg } from '@libs/kafka-protocol';
import { KafkaRestCode, kafkaCall, kafkaRest } from '../kafka-errors';

const AUTHORIZATION_FAILED = new Set([29, 30, 31]);

/**
 * AlterConfigs over our own protocol client: kafkajs drops the broker's error message (it keeps
 * only the code), and for broker configs that message is the useful part ("Only topic configs can
 * be altered on this broker", "Cannot update these configs dynamically: …").
 */
export async function alterConfigsDirect(
  target: BrokerTarget,
  resource: { type: number; name: string },
  entries: Array<{ name: string; value: string }>,
  validateOnly: boolean,
): Promise<void> {
  const conn = await kafkaCall(() =>
    BrokerConnection.open(target, { clientId: 'connectplane-kafka-rest', requestTimeoutMs: 15_000 }),
  );
  try {
    const res = await kafkaCall(() =>
      conn.request(ApiKey.AlterConfigs, 1, {
        resources: [{ resourceType: resource.type, resourceName: resource.name, configs: entries }],
        validateOnly,
      }),
    );
    const r = (res.responses as Msg[] | undefined)?.[0];
    const code = Number(r?.errorCode ?? 0);
    if (code === 0) return;
    if (AUTHORIZATION_FAILED.has(code))
      throw new ApiError(403, 'forbidden_access', 'Request is not authorized', { errorCode: KafkaRestCode.FORBIDDEN });
    const message = typeof r?.errorMessage === 'string' && r.errorMessage ? r.errorMessage : `Kafka error ${code}`;
    throw kafkaRest.badRequest(message);
  } finally {
    conn.close();
  }
}
