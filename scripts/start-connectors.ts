// `npm start` with CONNECTPLANE_CONNECTORS_FILE=connectors.yaml|json: once the API is ready, the
// file is applied as `connectplane connect apply -f` would (same use case, through the public
// Connect API) with the admin cloud API key. A bad file, a missing key or an API error is reported
// on stderr and leaves the system running: the connectors are a convenience, not a start condition.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyConnectors, connectBase } from '../apps/cli/src/apply/apply-connectors';
import { readConnectorsFile } from '../apps/cli/src/apply/connectors-file';
import { ApiClient, type Credentials } from '../apps/cli/src/http/api-client';

export interface StartConnectorsInput {
  file: string;
  /** The API's base URL as this machine reaches it. */
  apiUrl: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const ADMIN_KEY_FILE = 'admin-api-key.json'; // written by the API's bootstrap in dev mode

/** The admin key: CONNECTPLANE_API_KEY/SECRET, else BOOTSTRAP_API_KEY/SECRET, else the dev-mode key file. */
export function adminCredentials(env: NodeJS.ProcessEnv, dataDir: string): Credentials {
  if (env.CONNECTPLANE_API_KEY && env.CONNECTPLANE_API_SECRET)
    return { key: env.CONNECTPLANE_API_KEY, secret: env.CONNECTPLANE_API_SECRET };
  if (env.BOOTSTRAP_API_KEY && env.BOOTSTRAP_API_SECRET)
    return { key: env.BOOTSTRAP_API_KEY, secret: env.BOOTSTRAP_API_SECRET };
  const path = join(dataDir, ADMIN_KEY_FILE);
  if (existsSync(path)) {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { api_key?: string; api_secret?: string };
    if (saved.api_key && saved.api_secret) return { key: saved.api_key, secret: saved.api_secret };
  }
  throw new Error(
    `no API key to apply it with: set CONNECTPLANE_API_KEY and CONNECTPLANE_API_SECRET (or BOOTSTRAP_API_KEY/SECRET); ${path} exists only in dev mode`,
  );
}

/** Applies the file; true when it was applied, false (reported on stderr) when not. Never throws. */
export async function applyConnectorsFileAtStart(input: StartConnectorsInput): Promise<boolean> {
  const { file, env } = input;
  try {
    const wanted = readConnectorsFile(file);
    const environment = wanted.environment ?? env.CONNECTPLANE_ENVIRONMENT;
    const cluster = wanted.cluster ?? env.CONNECTPLANE_CLUSTER;
    if (!environment || !cluster)
      throw new Error(
        'no target cluster: give `environment` and `cluster` ids in the file ({environment, cluster, connectors: [...]}) or set CONNECTPLANE_ENVIRONMENT and CONNECTPLANE_CLUSTER',
      );
    input.stdout(`Applying connectors file ${file} to ${environment}/${cluster}:\n`);
    const client = new ApiClient(input.apiUrl, adminCredentials(env, input.dataDir));
    const prune = /^(1|true|yes)$/i.test(env.CONNECTPLANE_CONNECTORS_PRUNE ?? '');
    await applyConnectors({ client, base: connectBase(environment, cluster) }, wanted.connectors, { prune }, (t) =>
      input.stdout(t),
    );
    return true;
  } catch (e) {
    input.stderr(
      `Connectors file ${file} was not applied (the system keeps running): ${e instanceof Error ? e.message : String(e)}\n`,
    );
    return false;
  }
}
