// `npm start` with CONNECTPLANE_CONNECTORS_FILE: scripts/start.ts hands the file to
// applyConnectorsFileAtStart once the API is ready. Here that function runs against the real API
// (no start-up of its own processes): the plan and the result are printed, a second start is a
// no-op, and a bad file or an invalid connector is reported without throwing and changes nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { provisionCluster, startStack, type ProvisionedCluster, type Stack } from '../../support/stack-harness';
import type { Tenant } from '../../support/api-harness';
import { applyConnectorsFileAtStart } from '../../../scripts/start-connectors';

describe('npm start: CONNECTPLANE_CONNECTORS_FILE', () => {
  let stack: Stack;
  let t: Tenant;
  let c: ProvisionedCluster;
  const dir = mkdtempSync(join(tmpdir(), 'cp-start-connectors-'));
  const file = join(dir, 'connectors.yaml');
  const datagen = (name: string, extra: Record<string, string | number> = {}) => ({
    name,
    config: {
      'connector.class': 'DatagenSource',
      'kafka.auth.mode': 'KAFKA_API_KEY',
      'kafka.api.key': c.key.key,
      'kafka.api.secret': c.key.secret,
      'kafka.topic': 'pageviews',
      'output.data.format': 'JSON',
      quickstart: 'PAGEVIEWS',
      'tasks.max': 1,
      ...extra,
    },
  });

  /** What `npm start` prints: the function's stdout and stderr, and whether it applied the file. */
  const start = async (env: NodeJS.ProcessEnv, dataDir = dir) => {
    const out = { stdout: '', stderr: '' };
    const applied = await applyConnectorsFileAtStart({
      file,
      apiUrl: stack.api.baseUrl,
      dataDir,
      env,
      stdout: (x) => void (out.stdout += x),
      stderr: (x) => void (out.stderr += x),
    });
    return { applied, ...out };
  };
  const adminEnv = () => ({ CONNECTPLANE_API_KEY: t.admin.key, CONNECTPLANE_API_SECRET: t.admin.secret });
  const names = async () => {
    const r = await stack.api.request(
      'GET',
      `/connect/v1/environments/${c.environmentId}/clusters/${c.clusterId}/connectors`,
      { auth: t.admin },
    );
    return (r.body as string[]).sort();
  };

  before(async () => {
    stack = await startStack();
    t = await stack.api.newTenant('start-connectors');
    c = await provisionCluster(stack.api, t, 'start-connectors');
  });
  after(async () => {
    await stack?.close();
  });

  it('applies the file with the admin key: plan, then what was created; a second start is a no-op', async () => {
    writeFileSync(
      file,
      stringify({
        environment: c.environmentId,
        cluster: c.clusterId,
        connectors: [datagen('boot-a'), datagen('boot-b')],
      }),
    );
    const first = await start(adminEnv());
    assert.equal(first.stderr, '');
    assert.equal(first.applied, true);
    assert.equal(
      first.stdout,
      `Applying connectors file ${file} to ${c.environmentId}/${c.clusterId}:\n` +
        '+ create connector "boot-a"\n+ create connector "boot-b"\nPlan: 2 to create, 0 to update, 0 to delete, 0 unchanged.\n' +
        'Created connector "boot-a".\nCreated connector "boot-b".\n',
    );
    assert.deepEqual(await names(), ['boot-a', 'boot-b']);

    const second = await start(adminEnv());
    assert.equal(second.applied, true);
    assert.match(second.stdout, /\nPlan: 0 to create, 0 to update, 0 to delete, 2 unchanged\.\n$/);
  });

  it('the key from the data directory (dev mode) and the target from CONNECTPLANE_ENVIRONMENT/CLUSTER; prune on request', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cp-start-data-'));
    writeFileSync(
      join(dataDir, 'admin-api-key.json'),
      JSON.stringify({ organization_id: t.organizationId, api_key: t.admin.key, api_secret: t.admin.secret }),
    );
    writeFileSync(file, stringify([datagen('boot-a', { 'max.interval': 500 })]));
    const r = await start(
      {
        CONNECTPLANE_ENVIRONMENT: c.environmentId,
        CONNECTPLANE_CLUSTER: c.clusterId,
        CONNECTPLANE_CONNECTORS_PRUNE: 'true',
      },
      dataDir,
    );
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /~ update connector "boot-a"\n {4}\+ max\.interval: "500"\n- delete connector "boot-b"\n/);
    assert.match(r.stdout, /Updated connector "boot-a"\.\nDeleted connector "boot-b"\.\n$/);
    assert.deepEqual(await names(), ['boot-a']);
  });

  it('a bad file, no target, no key or an invalid connector: one clear line on stderr, nothing changed, no throw', async () => {
    const target = { environment: c.environmentId, cluster: c.clusterId };
    writeFileSync(file, 'connectors: [ {name: x');
    let r = await start(adminEnv());
    assert.equal(r.applied, false);
    assert.match(
      r.stderr,
      new RegExp(
        `^Connectors file ${file} was not applied \\(the system keeps running\\): unable to read connectors file`,
      ),
    );

    writeFileSync(file, stringify([datagen('boot-c')]));
    r = await start(adminEnv());
    assert.equal(r.applied, false);
    assert.match(r.stderr, /no target cluster: give `environment` and `cluster` ids in the file/);

    writeFileSync(file, stringify({ ...target, connectors: [datagen('boot-c')] }));
    r = await start({}, mkdtempSync(join(tmpdir(), 'cp-start-empty-')));
    assert.equal(r.applied, false);
    assert.match(r.stderr, /no API key to apply it with: set CONNECTPLANE_API_KEY and CONNECTPLANE_API_SECRET/);

    writeFileSync(
      file,
      stringify({ ...target, connectors: [datagen('boot-a'), datagen('boot-c', { 'tasks.max': 0 })] }),
    );
    r = await start(adminEnv());
    assert.equal(r.applied, false);
    assert.match(r.stdout, /\+ create connector "boot-c"\n/, 'the plan is printed before validation');
    assert.match(r.stderr, /invalid connector configuration, nothing was changed:\nconnector "boot-c": tasks\.max: /);
    assert.deepEqual(await names(), ['boot-a']);

    r = await start({ CONNECTPLANE_API_KEY: t.admin.key, CONNECTPLANE_API_SECRET: 'wrong' });
    assert.equal(r.applied, false);
    assert.match(r.stderr, /was not applied \(the system keeps running\): \S/);
  });
});
