/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON in tests */
// KIP-618 preflight through the Connect API's validate (issue 14 point 3): with
// exactly.once.source.support=enabled and exactly.once.support=required, a connector that answers
// UNSUPPORTED for its configuration (Postgres CDC with a data snapshot) or does not answer
// (SecretSource) is refused on exactly.once.support; one that answers SUPPORTED (Datagen, Postgres
// CDC with snapshot.mode=no_data) is not; "requested" never is.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startApi, type ApiHarness } from '../../support/api-harness';
import {
  connectRequest,
  connectTenant,
  kafkaCredentials,
  registerTestPlugins,
  sourceConfig,
  type ConnectTenant,
} from './support';

describe('Connect v1 validate: exactly.once.support=required', () => {
  let api: ApiHarness;
  let t: ConnectTenant;
  const validate = async (plugin: string, config: Record<string, string>): Promise<string[]> => {
    const res = await connectRequest(api, 'PUT', `${t.base}/connector-plugins/${plugin}/config/validate`, {
      auth: t.admin,
      body: config,
    });
    assert.equal(res.status, 200, res.text);
    const entry = res.body.configs.find((c: any) => c.value.name === 'exactly.once.support');
    assert.ok(entry, `validate of ${plugin} lists exactly.once.support`);
    return entry.value.errors as string[];
  };
  const eos = (level: 'required' | 'requested') => ({
    'exactly.once.source.support': 'enabled',
    'exactly.once.support': level,
  });
  const postgresCdc = (snapshotMode: string) => ({
    'connector.class': 'PostgresCdcSourceV2',
    name: 'pg-eos',
    ...kafkaCredentials(t),
    'database.hostname': '127.0.0.1',
    'database.port': '5432',
    'database.user': 'cdc',
    'database.password': 'cdc-secret',
    'database.dbname': 'inv',
    'topic.prefix': 'shop',
    'table.include.list': 'public\\.items',
    'snapshot.mode': snapshotMode,
    'tasks.max': '1',
  });

  before(async () => {
    api = await startApi();
    registerTestPlugins(api);
    t = await connectTenant(api);
  });
  after(() => api.close());

  it('refuses an UNSUPPORTED configuration and a connector that does not say; accepts SUPPORTED ones', async () => {
    assert.deepEqual(await validate('PostgresCdcSourceV2', { ...postgresCdc('initial'), ...eos('required') }), [
      'The connector does not support exactly-once semantics with the provided configuration.',
    ]);
    assert.deepEqual(await validate('PostgresCdcSourceV2', { ...postgresCdc('no_data'), ...eos('required') }), []);
    const secret = await validate('SecretSource', { ...sourceConfig(t, 'secret-eos'), ...eos('required') });
    assert.equal(secret.length, 1);
    assert.match(secret[0], /does not implement the API required for preflight validation/);
    const datagen = {
      'connector.class': 'DatagenSource',
      name: 'datagen-eos',
      ...kafkaCredentials(t),
      'kafka.topic': 'orders',
      quickstart: 'orders',
      'output.data.format': 'JSON',
      'tasks.max': '1',
    };
    assert.deepEqual(await validate('DatagenSource', { ...datagen, ...eos('required') }), []);
    // requested: no preflight, the UNSUPPORTED configuration runs (at its own risk)
    assert.deepEqual(await validate('PostgresCdcSourceV2', { ...postgresCdc('initial'), ...eos('requested') }), []);
    // without exactly.once.source.support=enabled the level is not checked (as with Kafka's worker switch off)
    assert.deepEqual(
      await validate('PostgresCdcSourceV2', { ...postgresCdc('initial'), 'exactly.once.support': 'required' }),
      [],
    );
  });
});
