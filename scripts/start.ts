// `npm start`: api + worker + broker on one machine with the embedded defaults (migrations already
// ran in `prestart`). Output is prefixed per process; a process that exits is restarted with
// backoff (scripts/supervisor.ts) while the others keep serving; Ctrl-C / SIGTERM stops all three.
// CONNECTPLANE_CONNECTORS_FILE names a connectors.yaml|json applied once the API is ready
// (scripts/start-connectors.ts).
import { ConfigError, loadConfig } from '@libs/config';
import { PROCESSES } from './processes';
import { applyConnectorsFileAtStart } from './start-connectors';
import { Supervisor } from './supervisor';

function run(): void {
  const config = loadConfig(); // validates the environment once, before anything starts
  const supervisor = new Supervisor(
    PROCESSES.map((p) => ({
      name: p.name,
      // Compiled by `npm run build` (prestart): nothing is transpiled at start-up.
      command: process.execPath,
      args: ['--enable-source-maps', ...p.nodeArgs, p.entry],
    })),
  );
  supervisor.start();
  let stopping = false;
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(code), 6000).unref();
    void supervisor.stop().then(() => process.exit(code));
  };
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
  waitForApi(config.publicUrl, config.PORT).then(
    async () => {
      process.stdout.write(
        [
          '',
          'connectplane is up:',
          `  REST APIs (Org, IAM, CMK, Connect, Kafka REST, Schema Registry): ${config.publicUrl}  (Swagger UI ${config.publicUrl}/docs)`,
          `  Web console: ${config.publicUrl}/console  (sign in with a cloud API key)`,
          `  Kafka bootstrap (embedded broker): SASL_PLAINTEXT://${config.BROKER_ADVERTISED_HOST}:${config.BROKER_ADVERTISED_PORT ?? config.BROKER_PORT}`,
          `  Admin API key: printed above by [api] on first start; in dev mode also in ${config.dataDir}/admin-api-key.json`,
          '  Stop with Ctrl-C.',
          '',
        ].join('\n'),
      );
      const file = process.env.CONNECTPLANE_CONNECTORS_FILE;
      if (file)
        await applyConnectorsFileAtStart({
          file,
          apiUrl: `http://127.0.0.1:${config.PORT}`,
          dataDir: config.dataDir,
          env: process.env,
          stdout: (t) => void process.stdout.write(t),
          stderr: (t) => void process.stderr.write(t),
        });
    },
    (err) => process.stdout.write(`API did not become ready: ${(err as Error).message}\n`),
  );
}

async function waitForApi(publicUrl: string, port: number): Promise<void> {
  const url = `http://127.0.0.1:${port}/readyz`;
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${publicUrl} not ready after 60 s`);
}

try {
  run();
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exit(1);
}
