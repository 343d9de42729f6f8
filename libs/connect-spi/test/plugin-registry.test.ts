// The explicit plugin list: every mistake in it stops start-up with a message naming the entry.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PluginListError, PluginRegistry, SourceConnector, type ConnectorPlugin } from '@libs/connect-spi';

const plugin = (alias: string, className = `io.example.${alias}Connector`): ConnectorPlugin => ({
  alias,
  className,
  type: 'source',
  version: '1.0',
  create: () => ({}) as SourceConnector,
});

describe('PluginRegistry.fromLists', () => {
  it('registers every listed plugin under its alias and class name', () => {
    const a = plugin('A');
    const registry = PluginRegistry.fromLists({ A: a }, { B: plugin('B') });
    assert.equal(registry.find('A'), a);
    assert.equal(registry.find('io.example.AConnector'), a);
    assert.deepEqual(
      registry.list().map((p) => p.alias),
      ['A', 'B'],
    );
  });

  it('refuses a name the list promises but no plugin provides', () => {
    assert.throws(
      () => PluginRegistry.fromLists({ A: plugin('A'), Missing: undefined }),
      (e: unknown) =>
        e instanceof PluginListError && /Missing is listed but no plugin provides it/.test((e as Error).message),
    );
  });

  it('refuses an entry holding a plugin of another alias', () => {
    assert.throws(
      () => PluginRegistry.fromLists({ A: plugin('B') }),
      (e: unknown) => e instanceof PluginListError && /A holds the plugin B/.test((e as Error).message),
    );
  });

  it('refuses the same alias in two lists', () => {
    assert.throws(
      () => PluginRegistry.fromLists({ A: plugin('A') }, { A: plugin('A', 'io.example.Other') }),
      (e: unknown) => e instanceof PluginListError && /A is registered twice/.test((e as Error).message),
    );
  });

  it('refuses two plugins with the same class name', () => {
    assert.throws(
      () => PluginRegistry.fromLists({ A: plugin('A', 'io.example.Same'), B: plugin('B', 'io.example.Same') }),
      (e: unknown) =>
        e instanceof PluginListError &&
        /io\.example\.Same is registered twice: by A \(io\.example\.Same\) and B/.test((e as Error).message),
    );
  });
});
