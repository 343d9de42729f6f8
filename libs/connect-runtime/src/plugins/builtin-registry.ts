// The connector plugins shipped in this repository, as one registry for the API (listing,
// validation) and the worker (instantiation).
//
// Plugins live in ./builtin (the runtime's test plugins) and libs/connectors (managed connectors).
// They are discovered from those modules' exports, so a plugin added there shows up without
// touching this file: every exported ConnectorPlugin object, array of them, or zero-argument
// function named *plugin(s) returning either is registered.
import { PluginRegistry, type ConnectorPlugin } from '@libs/connect-spi';

function isPlugin(v: unknown): v is ConnectorPlugin {
  const p = v as Partial<ConnectorPlugin> | null;
  return (
    !!p &&
    typeof p === 'object' &&
    typeof p.alias === 'string' &&
    typeof p.className === 'string' &&
    (p.type === 'source' || p.type === 'sink') &&
    typeof p.create === 'function'
  );
}

function pluginsIn(v: unknown): ConnectorPlugin[] {
  if (isPlugin(v)) return [v];
  if (Array.isArray(v)) return v.filter(isPlugin);
  return [];
}

function loadOptional(specifier: string, load: () => unknown): Record<string, unknown> | null {
  try {
    return load() as Record<string, unknown>;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err.code === 'MODULE_NOT_FOUND' && (err.message ?? '').includes(`'${specifier}'`)) return null;
    throw e;
  }
}

function pluginsOf(mod: Record<string, unknown> | null): ConnectorPlugin[] {
  const found: ConnectorPlugin[] = [];
  for (const [name, value] of Object.entries(mod ?? {})) {
    let v = value;
    // Factories such as builtinPlugins(): called only when they take no argument and are not classes.
    if (
      typeof v === 'function' &&
      v.length === 0 &&
      !/^class\b/.test(Function.prototype.toString.call(v)) &&
      /plugins?$/i.test(name)
    ) {
      try {
        v = (v as () => unknown)();
      } catch {
        continue;
      }
    }
    for (const p of pluginsIn(v)) if (!found.some((f) => f.alias === p.alias)) found.push(p);
  }
  return found;
}

/**
 * Plugins exported by ./builtin (test plugins of the runtime) and by libs/connectors (the managed
 * connectors: DatagenSource, MySqlSink, …); a module that does not exist (yet) contributes none.
 */
export function discoverBuiltinPlugins(): ConnectorPlugin[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional modules, see above
  const builtin = loadOptional('./builtin', () => require('./builtin'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional modules, see above
  const managed = loadOptional('../../../connectors/src', () => require('../../../connectors/src'));
  return [...pluginsOf(managed), ...pluginsOf(builtin)];
}

/** A registry holding every built-in plugin, plus `extra` (tests, embedders). */
export function createBuiltinRegistry(extra: ConnectorPlugin[] = []): PluginRegistry {
  const registry = new PluginRegistry();
  for (const p of [...discoverBuiltinPlugins(), ...extra]) {
    if (registry.find(p.alias) || registry.find(p.className)) continue;
    registry.register(p);
  }
  return registry;
}
