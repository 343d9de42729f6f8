import { Injectable } from '@nestjs/common';
import { connectorSecretAad, openConnectorConfig } from '@libs/db';
import { SecretBox } from '@libs/secrets';

/** PASSWORD-typed config values at rest: AES-256-GCM envelopes bound to (connector id, property). */
@Injectable()
export class ConnectorSecrets {
  constructor(private readonly box: SecretBox) {}

  seal(connectorId: string, config: Record<string, string>, passwordKeys: Set<string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(config))
      out[k] = passwordKeys.has(k) ? this.box.encrypt(v, connectorSecretAad(connectorId, k)) : v;
    return out;
  }

  open(c: { id: string; config: unknown }): Record<string, string> {
    return openConnectorConfig(this.box, c.id, c.config as Record<string, string>);
  }
}
