// The connector plugins shipped in this repository, as one registry for the API (listing,
// validation) and the worker (instantiation).
//
// Built-in plugins live in ./builtin (owned by the runtime). They are discovered from that
// module's exports, so a plugin added there shows up without touching this file: every exported
// ConnectorPlugin object, array of them, or zero-argument function returning either is registered.
import type { ConnectorPlugin } from './connector-plugin';
import { PluginRegistry } from './plugin-registry';

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

/** Plugins exported by ./builtin; none when that module does not exist (yet). */
export function discoverBuiltinPlugins(): ConnectorPlugin[] {
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional module, see above
    mod = require('./builtin') as Record<string, unknown>;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err.code === 'MODULE_NOT_FOUND' && /['"]\.\/builtin['"]/.test(err.message ?? '')) return [];
    throw e;
  }
  const found: ConnectorPlugin[] = [];
  for (const [name, value] of Object.entries(mod)) {
    let v = value;
    // Factories such as builtinPlugins(): called only when they take no argument and are not classes.
    if (typeof v === 'function' && v.length === 0 && !/^class\b/.test(Function.prototype.toString.call(v)) && /plugins?$/i.test(name)) {
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

/** A registry holding every built-in plugin, plus `extra` (tests, embedders). */
export function createBuiltinRegistry(extra: ConnectorPlugin[] = []): PluginRegistry {
  const registry = new PluginRegistry();
  for (const p of [...discoverBuiltinPlugins(), ...extra]) {
    if (registry.find(p.alias) || registry.find(p.className)) continue;
    registry.register(p);
  }
  return registry;
}
