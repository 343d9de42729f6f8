import { Logger } from 'nestjs-pino';
import { createApiApp } from './create-api-app';
import { BootstrapService } from './bootstrap/bootstrap.service';
import { ConfigError, loadConfig } from '@libs/config';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApiApp();
  await app.init();
  // Runtime logs go through pino (JSON, request ids); Nest's start-up chatter stayed out of them.
  app.useLogger(app.get(Logger));
  await app.listen(config.PORT, config.HOST);
  const boot = app.get(BootstrapService).announcement;
  const lines = [`connectplane API listening on ${config.publicUrl} (OpenAPI ${config.publicUrl}/openapi.json, Swagger UI ${config.publicUrl}/docs)`];
  if (boot?.apiSecret) {
    lines.push(`Created the default organization ${boot.organizationId} and its admin cloud API key (shown once):`);
    lines.push(`  API key:    ${boot.apiKey}`, `  API secret: ${boot.apiSecret}`);
    if (boot.file) lines.push(`  (dev mode: also saved to ${boot.file}, mode 0600)`);
  } else if (boot) {
    lines.push(`Bootstrap API key ${boot.apiKey} is in place for organization ${boot.organizationId}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : (err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
