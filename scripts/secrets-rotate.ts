// `npm run secrets:rotate [-- --new-key]`: re-encrypts every stored secret under the newest key of
// the keyring. With --new-key (dev keyring file only) a fresh key is appended first; in production
// add the new key at the end of SECRETS_KEY, restart, then run this.
import { randomBytes } from 'node:crypto';
import { loadConfig, writeSecretFile } from '@libs/config';
import { PlatformRepository, PrismaService, connectorSecretAad, looksLikeSecretEnvelope } from '@libs/db';
import { externalPasswordAad } from '@libs/kafka-clients';
import { SecretBox, formatKeyring, parseKeyring } from '@libs/secrets';

async function main(): Promise<void> {
  const config = loadConfig();
  let keyring = config.secretsKeyring;
  if (process.argv.includes('--new-key')) {
    if (config.SECRETS_KEY)
      throw new Error(
        '--new-key manages the dev keyring file; with SECRETS_KEY set, append the new key there yourself',
      );
    const parsed = parseKeyring(keyring);
    const kid = `k${parsed.byKid.size + 1}-${Date.now().toString(36)}`;
    keyring = formatKeyring([...[...parsed.byKid].map(([k, key]) => ({ kid: k, key })), { kid, key: randomBytes(32) }]);
    writeSecretFile(config.dataDir, 'secrets.key', keyring);
    console.log(`added key ${kid} to ${config.dataDir}/secrets.key`);
  }
  const box = new SecretBox(keyring);
  const db = new PrismaService(config);
  // every tenant's secrets: the platform repository's rotation part
  const store = new PlatformRepository(db).secrets;
  let moved = 0;
  for (const c of await store.externalClusterPasswords()) {
    if (!c.externalPassword) continue;
    const next = box.reencrypt(c.externalPassword, externalPasswordAad(c.id));
    if (next) {
      await store.setExternalClusterPassword(c.id, next);
      moved++;
    }
  }
  // Connector PASSWORD values: the connector's config and the task configs copied from it.
  const reseal = (connectorId: string, config: unknown): Record<string, string> | null => {
    let changed = false;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries((config ?? {}) as Record<string, string>)) {
      const next = looksLikeSecretEnvelope(v) ? box.reencrypt(v, connectorSecretAad(connectorId, k)) : null;
      out[k] = next ?? v;
      if (next) changed = true;
    }
    return changed ? out : null;
  };
  for (const c of await store.connectorConfigs()) {
    const next = reseal(c.id, c.config);
    if (next) {
      await store.replaceConnectorConfig(c.id, next);
      moved++;
    }
  }
  for (const t of await store.taskConfigs()) {
    const next = reseal(t.connectorId, t.config);
    if (next) {
      await store.replaceTaskConfig(t.connectorId, t.taskId, next);
      moved++;
    }
  }
  await db.$disconnect();
  console.log(`re-encrypted ${moved} record(s) with secrets under key ${box.currentKid}`);
}

main().catch((err) => {
  console.error(`secrets:rotate failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
