import type { ConnectorPlugin } from './connector-plugin';

/** Plugins by alias or class name; one registry per process, filled at start-up. */
export class PluginRegistry {
  private readonly byName = new Map<string, ConnectorPlugin>();
  private readonly plugins: ConnectorPlugin[] = [];

  constructor(plugins: ConnectorPlugin[] = []) {
    for (const p of plugins) this.register(p);
  }

  register(plugin: ConnectorPlugin): void {
    for (const name of [plugin.alias, plugin.className]) {
      if (this.byName.has(name)) throw new Error(`connector plugin ${name} is registered twice`);
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
