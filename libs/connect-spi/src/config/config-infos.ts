// The body of PUT /connector-plugins/{plugin}/config/validate (Kafka's ConfigInfos), built from
// ConfigDefs and ConfigValues. PASSWORD values are masked; "order" is the JSON name of
// orderInGroup, as Kafka serialises it.
import type { ConfigDef, ConfigKey } from './config-def';
import type { ConfigValue } from './config-value';
import { convertToString } from './parse-type';
import { type ConfigType, HIDDEN } from './types';

export interface ConfigKeyInfo {
  name: string;
  type: ConfigType;
  required: boolean;
  default_value: string | null;
  importance: string;
  documentation: string;
  group: string | null;
  order: number;
  width: string;
  display_name: string;
  dependents: string[];
}

export interface ConfigValueInfo {
  name: string;
  value: string | null;
  recommended_values: string[];
  errors: string[];
  visible: boolean;
}

export interface ConfigInfo {
  definition: ConfigKeyInfo | null;
  value: ConfigValueInfo;
}

export interface ConfigInfos {
  name: string;
  error_count: number;
  groups: string[];
  configs: ConfigInfo[];
}

export function configKeyInfo(key: ConfigKey): ConfigKeyInfo {
  return {
    name: key.name,
    type: key.type,
    required: !key.hasDefault(),
    default_value: key.hasDefault() ? convertToString(key.defaultValue, key.type) : null,
    importance: key.importance,
    documentation: key.documentation,
    group: key.group,
    order: key.orderInGroup,
    width: key.width,
    display_name: key.displayName,
    dependents: [...key.dependents],
  };
}

export function configValueInfo(cv: ConfigValue, type: ConfigType | null, mask = HIDDEN): ConfigValueInfo {
  const isSecret = type === 'PASSWORD';
  const str = convertToString(cv.value, type);
  return {
    name: cv.name,
    value: isSecret && str !== null ? mask : str,
    recommended_values: cv.recommendedValues.map((v) => convertToString(v, type) ?? 'null'),
    errors: [...cv.errorMessages],
    visible: cv.visible,
  };
}

/** One ConfigDef plus the values it (and possibly a connector's validate()) produced. */
export interface ValidationPart {
  def: ConfigDef;
  values: Iterable<ConfigValue>;
}

/**
 * Merges parts in order (framework keys first, then the connector's, then transforms ...).
 * A key defined twice keeps the later definition, as Kafka lets a plugin's definitions win.
 * Values with no definition in any part appear with `definition: null`.
 */
export function buildConfigInfos(
  name: string,
  parts: ValidationPart[],
  options: { passwordMask?: string } = {},
): ConfigInfos {
  const defs = new Map<string, ConfigKey>();
  const groups: string[] = [];
  for (const p of parts) {
    for (const g of p.def.groups()) if (!groups.includes(g)) groups.push(g);
    for (const [k, key] of p.def.configKeys) defs.set(k, key);
  }
  const values = new Map<string, ConfigValue>();
  for (const p of parts) for (const v of p.values) values.set(v.name, v);

  const configs: ConfigInfo[] = [];
  let errorCount = 0;
  const emit = (cv: ConfigValue, key: ConfigKey | null) => {
    errorCount += cv.errorMessages.length;
    configs.push({
      definition: key ? configKeyInfo(key) : null,
      value: configValueInfo(cv, key ? key.type : null, options.passwordMask),
    });
  };
  for (const [k, key] of defs) {
    if (key.internalConfig) continue;
    const cv = values.get(k);
    if (cv) emit(cv, key);
  }
  for (const [k, cv] of values) if (!defs.has(k)) emit(cv, null);
  return { name, error_count: errorCount, groups, configs };
}

/** Kafka's 400 message on create/update with an invalid config. */
export function invalidConfigMessage(infos: ConfigInfos, connectorType: string): string {
  const lines: string[] = [];
  for (const c of infos.configs) for (const e of c.value.errors) lines.push(e);
  return (
    `Connector configuration is invalid and contains the following ${infos.error_count} error(s):\n` +
    lines.join('\n') +
    `\nYou can also find the above list of errors at the endpoint \`/connector-plugins/${connectorType}/config/validate\``
  );
}
