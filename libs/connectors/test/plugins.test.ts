// The platform's plugin list: the managed connectors for tenants, the runtime's test plugins only
// when the test harness asks (CONNECT_TEST_PLUGINS=true, accepted with NODE_ENV=test only).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, parseEnv } from '@libs/config';
import { CONNECTOR_PLUGINS, connectorPluginRegistry, TEST_CONNECTOR_PLUGINS } from '@libs/connectors';

const aliases = (r: ReturnType<typeof connectorPluginRegistry>) => r.list().map((p) => p.alias);

describe('connector plugin list', () => {
  it('lists only the managed connectors by default', () => {
    assert.deepEqual(aliases(connectorPluginRegistry()), [
      'DatagenSource',
      'MySqlSink',
      'PostgresSink',
      'HttpSinkV2',
      'S3_SINK',
      'MySqlCdcSourceV2',
      'MariaDbCdcSource',
      'PostgresCdcSourceV2',
      'MySqlSource',
      'PostgresSource',
    ]);
    assert.equal(connectorPluginRegistry().find('CounterSource'), undefined);
    assert.equal(connectorPluginRegistry().find('io.connectplane.connect.builtin.CollectSinkConnector'), undefined);
  });

  it('adds CounterSource and CollectSink for the test harness', () => {
    assert.deepEqual(aliases(connectorPluginRegistry({ testPlugins: true })), [
      'DatagenSource',
      'MySqlSink',
      'PostgresSink',
      'HttpSinkV2',
      'S3_SINK',
      'MySqlCdcSourceV2',
      'MariaDbCdcSource',
      'PostgresCdcSourceV2',
      'MySqlSource',
      'PostgresSource',
      'CounterSource',
      'CollectSink',
    ]);
  });

  it('every entry is a plugin listed under its own alias', () => {
    for (const [name, p] of Object.entries({ ...CONNECTOR_PLUGINS, ...TEST_CONNECTOR_PLUGINS })) {
      assert.ok(p, `${name} has a plugin`);
      assert.equal(p.alias, name);
      assert.equal(typeof p.create().config, 'function', `${name} creates a connector`);
    }
  });

  it('CONNECT_TEST_PLUGINS is refused outside NODE_ENV=test', () => {
    assert.equal(parseEnv({ NODE_ENV: 'test', CONNECT_TEST_PLUGINS: 'true' }).CONNECT_TEST_PLUGINS, true);
    assert.equal(parseEnv({ NODE_ENV: 'production' }).CONNECT_TEST_PLUGINS, false);
    for (const NODE_ENV of ['production', 'development'])
      assert.throws(
        () => parseEnv({ NODE_ENV, CONNECT_TEST_PLUGINS: 'true' }),
        (e: unknown) =>
          e instanceof ConfigError && /CONNECT_TEST_PLUGINS: is for the test harness only/.test(String(e)),
      );
  });
});
