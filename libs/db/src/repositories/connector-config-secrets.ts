// PASSWORD values of a connector's stored config are SecretBox envelopes bound to (connector, key):
// how they are recognised and opened, shared by the API and the runtime.
/** AAD binding a connector config secret envelope to that connector and property. */
export const connectorSecretAad = (connectorId: string, key: string): string =>
  `connector-config:${connectorId}:${key}`;

const ENVELOPE = /^v1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]*:[A-Za-z0-9_-]+$/;
export const looksLikeSecretEnvelope = (v: unknown): v is string => typeof v === 'string' && ENVELOPE.test(v);

/** Plaintext of a stored connector config: every envelope sealed for (connector, key) is opened. */
export function openConnectorConfig(
  box: { decrypt(envelope: string, aad: string): string },
  connectorId: string,
  stored: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(stored)) {
    if (looksLikeSecretEnvelope(v)) {
      try {
        out[k] = box.decrypt(v, connectorSecretAad(connectorId, k));
        continue;
      } catch {
        // not ours: a plain value that happens to look like an envelope
      }
    }
    out[k] = v;
  }
  return out;
}
