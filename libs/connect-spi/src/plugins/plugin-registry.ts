import type { ConnectorPlugin } from './connector-plugin';

/** Plugins by the alias users put in connector.class; an entry may be undefined when an export is missing. */
export type PluginList = Readonly<Record<string, ConnectorPlugin | undefined>>;

/** A plugin list that cannot be served: a duplicate, or a name without a plugin. Stops start-up. */
export class PluginListError extends Error {
  override readonly name = 'PluginListError';
}

/** Plugins by alias or class name; one registry per process, filled at start-up. */
export class PluginRegistry {
  /**
   * The registry of explicit plugin lists. Each key must hold a plugin whose alias is that key,
   * and no alias or class name may appear twice across the lists.
   */
  static fromLists(...lists: PluginList[]): PluginRegistry {
    const registry = new PluginRegistry();
    for (const list of lists) {
      for (const [name, plugin] of Object.entries(list)) {
        if (!plugin)
          throw new PluginListError(
            `connector plugin list: ${name} is listed but no plugin provides it (its export is undefined)`,
          );
        if (plugin.alias !== name)
          throw new PluginListError(
            `connector plugin list: ${name} holds the plugin ${plugin.alias} (${plugin.className}); list it under its alias`,
          );
        registry.register(plugin);
      }
    }
    return registry;
  }

  private readonly byName = new Map<string, ConnectorPlugin>();
  private readonly plugins: ConnectorPlugin[] = [];

  constructor(plugins: ConnectorPlugin[] = []) {
    for (const p of plugins) this.register(p);
  }

  register(plugin: ConnectorPlugin): void {
    for (const name of [plugin.alias, plugin.className]) {
      const taken = this.byName.get(name);
      if (taken)
        throw new PluginListError(
          `connector plugin ${name} is registered twice: by ${taken.alias} (${taken.className}) and ${plugin.alias} (${plugin.className})`,
        );
      this.byName.set(name, plugin);
    }
    this.plugins.push(plugin);
  }

  find(connectorClass: string): ConnectorPlugin | undefined {
    return this.byName.get(connectorClass);
  }

  list(): readonly ConnectorPlugin[] {
    return this.plugins;
  }
}
