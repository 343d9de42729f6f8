// Converter plugins by class name or alias (the simple class name), as Kafka's Plugins resolves
// `key.converter` / `value.converter`.
import { ConfigException, type Converter, type HeaderConverter } from '@libs/connect-spi';
import { ByteArrayConverter } from './byte-array-converter';
import { JsonConverter } from './json/json-converter';
import { SimpleHeaderConverter } from './simple-header-converter';
import { StringConverter } from './string-converter';

export type ConverterPluginType = 'converter' | 'header_converter';

export interface ConverterPlugin {
  className: string;
  alias: string;
  version: string;
  /** The /connector-plugins types this class is listed under. */
  types: ConverterPluginType[];
  create(): Converter & HeaderConverter;
}

export interface HeaderConverterPlugin {
  className: string;
  alias: string;
  version: string;
  create(): HeaderConverter;
}

export const CONVERTER_VERSION = '3.9.0';

export const CONVERTER_PLUGINS: readonly ConverterPlugin[] = [
  {
    className: 'org.apache.kafka.connect.json.JsonConverter',
    alias: 'JsonConverter',
    version: CONVERTER_VERSION,
    types: ['converter', 'header_converter'],
    create: () => new JsonConverter(),
  },
  {
    className: 'org.apache.kafka.connect.storage.StringConverter',
    alias: 'StringConverter',
    version: CONVERTER_VERSION,
    types: ['converter', 'header_converter'],
    create: () => new StringConverter(),
  },
  {
    className: 'org.apache.kafka.connect.converters.ByteArrayConverter',
    alias: 'ByteArrayConverter',
    version: CONVERTER_VERSION,
    types: ['converter', 'header_converter'],
    create: () => new ByteArrayConverter(),
  },
];

export const DEFAULT_HEADER_CONVERTER = 'org.apache.kafka.connect.storage.SimpleHeaderConverter';

export const HEADER_ONLY_CONVERTER_PLUGINS: readonly HeaderConverterPlugin[] = [
  {
    className: DEFAULT_HEADER_CONVERTER,
    alias: 'SimpleHeaderConverter',
    version: CONVERTER_VERSION,
    create: () => new SimpleHeaderConverter(),
  },
];

/**
 * The header converter for `header.converter` (default SimpleHeaderConverter), configured with
 * the `header.converter.` keys.
 */
export function newHeaderConverter(
  config: Readonly<Record<string, unknown>>,
  prefix = 'header.converter',
): HeaderConverter {
  const raw = config[prefix];
  const cls = raw === undefined || raw === null || raw === '' ? DEFAULT_HEADER_CONVERTER : String(raw).trim();
  const plugin =
    HEADER_ONLY_CONVERTER_PLUGINS.find((p) => p.className === cls || p.alias === cls) ?? findConverterPlugin(cls);
  if (!plugin) throw new ConfigException(prefix, cls, `Class ${cls} could not be found.`);
  const conv = plugin.create();
  const props: Record<string, unknown> = {};
  const p = prefix + '.';
  for (const [k, v] of Object.entries(config)) if (k.startsWith(p)) props[k.slice(p.length)] = v;
  props['converter.type'] = 'header';
  conv.configure(props);
  return conv;
}

export function findConverterPlugin(classOrAlias: string): ConverterPlugin | null {
  const name = classOrAlias.trim();
  return CONVERTER_PLUGINS.find((p) => p.className === name || p.alias === name) ?? null;
}

/**
 * Instantiates and configures a converter from `<prefix>` keys of a connector/worker config,
 * e.g. newConverter(config, 'value.converter', false). Returns null when the class key is absent.
 */
export function newConverter(
  config: Readonly<Record<string, unknown>>,
  prefix: string,
  isKey: boolean,
): Converter | null {
  const cls = config[prefix];
  if (cls === undefined || cls === null || cls === '') return null;
  const plugin = findConverterPlugin(String(cls));
  if (!plugin) throw new ConfigException(prefix, cls, `Class ${String(cls)} could not be found.`);
  const conv = plugin.create();
  const props: Record<string, unknown> = {};
  const p = prefix + '.';
  for (const [k, v] of Object.entries(config)) if (k.startsWith(p)) props[k.slice(p.length)] = v;
  props['converter.type'] = isKey ? 'key' : 'value';
  conv.configure(props, isKey);
  return conv;
}
