// Typed access to a parsed config (Kafka's AbstractConfig), for connectors and plugins.
import { ConfigException } from '../errors';
import type { ConfigDef, ConfigProps, ParsedConfig } from './config-def';
import { Password } from './types';

export class AbstractConfig {
  readonly values: ParsedConfig;
  readonly originals: Readonly<Record<string, unknown>>;

  constructor(
    readonly definition: ConfigDef,
    props: ConfigProps,
  ) {
    this.originals = { ...props };
    this.values = definition.parse(props);
  }

  get(key: string): unknown {
    if (!(key in this.values)) throw new ConfigException(`Unknown configuration '${key}'`);
    return this.values[key];
  }
  getString(key: string): string | null {
    return this.get(key) as string | null;
  }
  getInt(key: string): number | null {
    return this.get(key) as number | null;
  }
  getShort(key: string): number | null {
    return this.get(key) as number | null;
  }
  getLong(key: string): number | null {
    return this.get(key) as number | null;
  }
  getDouble(key: string): number | null {
    return this.get(key) as number | null;
  }
  getBoolean(key: string): boolean | null {
    return this.get(key) as boolean | null;
  }
  getList(key: string): string[] | null {
    return this.get(key) as string[] | null;
  }
  getClass(key: string): string | null {
    return this.get(key) as string | null;
  }
  getPassword(key: string): Password | null {
    return this.get(key) as Password | null;
  }

  /** Original keys starting with `prefix`, with the prefix removed (originalsWithPrefix). */
  originalsWithPrefix(prefix: string, strip = true): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.originals))
      if (k.startsWith(prefix) && k.length > prefix.length) out[strip ? k.slice(prefix.length) : k] = v;
    return out;
  }
}
