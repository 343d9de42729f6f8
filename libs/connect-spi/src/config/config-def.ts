// Kafka's ConfigDef: key definitions (type, default, validator, importance, docs, grouping for
// UIs, dependents, recommenders), parse() into typed values, validate() into per-key
// ConfigValues that feed the Connect validate response.
import { ConfigException } from '../errors';
import { buildConfigInfos, type ConfigInfos } from './config-infos';
import { ConfigValue } from './config-value';
import { parseType } from './parse-type';
import { type ConfigType, type Importance, NO_DEFAULT_VALUE, type NoDefault, type Width } from './types';
import type { Recommender, Validator } from './validators';

export type ParsedConfig = Record<string, unknown>;
export type ConfigProps = Readonly<Record<string, unknown>>;

export interface ConfigKeyDefinition {
  name: string;
  type: ConfigType;
  /** Omit (or pass NO_DEFAULT_VALUE) for a required key. */
  defaultValue?: unknown;
  validator?: Validator | null;
  importance: Importance;
  documentation: string;
  group?: string | null;
  orderInGroup?: number;
  width?: Width;
  displayName?: string;
  dependents?: string[];
  recommender?: Recommender | null;
  internalConfig?: boolean;
}

export class ConfigKey {
  readonly name: string;
  readonly type: ConfigType;
  readonly defaultValue: unknown;
  readonly validator: Validator | null;
  readonly importance: Importance;
  readonly documentation: string;
  readonly group: string | null;
  readonly orderInGroup: number;
  readonly width: Width;
  readonly displayName: string;
  readonly dependents: readonly string[];
  readonly recommender: Recommender | null;
  readonly internalConfig: boolean;

  constructor(def: ConfigKeyDefinition) {
    this.name = def.name;
    this.type = def.type;
    this.validator = def.validator ?? null;
    // undefined (or an omitted key) means required, like NO_DEFAULT_VALUE; null is a real default.
    const hasDefault = def.defaultValue !== undefined && def.defaultValue !== NO_DEFAULT_VALUE;
    // Kafka parses and validates defaults at definition time, so a bad default fails fast.
    this.defaultValue = hasDefault ? parseType(def.name, def.defaultValue, def.type) : NO_DEFAULT_VALUE;
    if (hasDefault && this.validator) {
      try {
        this.validator.ensureValid(def.name, this.defaultValue);
      } catch (e) {
        throw new ConfigException(`Invalid default value for configuration ${def.name}: ${(e as Error).message}`);
      }
    }
    this.importance = def.importance;
    this.documentation = def.documentation;
    this.group = def.group ?? null;
    this.orderInGroup = def.orderInGroup ?? -1;
    this.width = def.width ?? 'NONE';
    this.displayName = def.displayName ?? def.name;
    this.dependents = Object.freeze([...(def.dependents ?? [])]);
    this.recommender = def.recommender ?? null;
    this.internalConfig = def.internalConfig ?? false;
  }

  hasDefault(): boolean {
    return this.defaultValue !== NO_DEFAULT_VALUE;
  }
}

export interface ParseResult {
  values: ParsedConfig;
  /** Per-key error messages; empty when every key parsed and validated. */
  errors: Record<string, string[]>;
}

export class ConfigDef {
  private readonly keys = new Map<string, ConfigKey>();
  private readonly groupList: string[] = [];

  static readonly NO_DEFAULT_VALUE: NoDefault = NO_DEFAULT_VALUE;

  constructor(base?: ConfigDef) {
    if (base) for (const k of base.keys.values()) this.defineKey(k);
  }

  define(def: ConfigKeyDefinition): this {
    return this.defineKey(new ConfigKey(def));
  }

  defineKey(key: ConfigKey): this {
    if (this.keys.has(key.name)) throw new ConfigException(`Configuration ${key.name} is defined twice.`);
    if (key.group !== null && !this.groupList.includes(key.group)) this.groupList.push(key.group);
    this.keys.set(key.name, key);
    return this;
  }

  /** Adds `child`'s keys under `prefix`, in `group`, ordered after `startingOrd` (ConfigDef.embed). */
  embed(prefix: string, group: string, startingOrd: number, child: ConfigDef): this {
    let ord = startingOrd;
    for (const k of child.configKeys.values()) {
      this.define({
        name: prefix + k.name,
        type: k.type,
        ...(k.hasDefault() ? { defaultValue: k.defaultValue } : {}),
        validator: k.validator,
        importance: k.importance,
        documentation: k.documentation,
        group,
        orderInGroup: ++ord,
        width: k.width,
        displayName: k.displayName,
        dependents: k.dependents.map((d) => prefix + d),
        recommender: k.recommender,
        internalConfig: k.internalConfig,
      });
    }
    return this;
  }

  get configKeys(): ReadonlyMap<string, ConfigKey> {
    return this.keys;
  }

  names(): string[] {
    return [...this.keys.keys()];
  }

  groups(): string[] {
    return [...this.groupList];
  }

  defaultValues(): ParsedConfig {
    const out: ParsedConfig = {};
    for (const k of this.keys.values()) if (k.hasDefault()) out[k.name] = k.defaultValue;
    return out;
  }

  /** Typed values for every defined key; throws ConfigException on the first bad key. */
  parse(props: ConfigProps): ParsedConfig {
    const r = this.parseWithErrors(props);
    const first = Object.entries(r.errors)[0];
    if (first) throw ConfigException.forKey(first[0], first[1][0]);
    return r.values;
  }

  /** Like parse, but collects every key's errors instead of stopping at the first. */
  parseWithErrors(props: ConfigProps): ParseResult {
    const values: ParsedConfig = {};
    const errors: Record<string, string[]> = {};
    for (const key of this.keys.values()) {
      try {
        values[key.name] = this.parseValue(key, props[key.name], Object.prototype.hasOwnProperty.call(props, key.name));
      } catch (e) {
        (errors[key.name] ??= []).push((e as Error).message);
      }
    }
    return { values, errors };
  }

  private parseValue(key: ConfigKey, value: unknown, isSet: boolean): unknown {
    let parsed: unknown;
    if (isSet) parsed = parseType(key.name, value, key.type);
    else if (!key.hasDefault())
      throw new ConfigException(`Missing required configuration "${key.name}" which has no default value.`);
    else parsed = key.defaultValue;
    if (key.validator) key.validator.ensureValid(key.name, parsed);
    return parsed;
  }

  /**
   * Kafka's validateAll: one ConfigValue per defined key (and per undefined dependent), holding
   * the parsed value, error messages, recommended values and visibility.
   */
  validateAll(props: ConfigProps): Map<string, ConfigValue> {
    const out = new Map<string, ConfigValue>();
    for (const name of this.keys.keys()) out.set(name, new ConfigValue(name));
    for (const k of this.keys.values()) {
      for (const dep of k.dependents) {
        if (!this.keys.has(dep) && !out.has(dep)) {
          const cv = new ConfigValue(dep);
          cv.addErrorMessage(`${dep} is referred in the dependents, but not defined.`);
          out.set(dep, cv);
        }
      }
    }
    const parsed: ParsedConfig = {};
    for (const key of this.keys.values()) {
      const cv = out.get(key.name)!;
      const raw = props[key.name];
      const isSet = Object.prototype.hasOwnProperty.call(props, key.name);
      if (isSet && raw === null) {
        cv.addErrorMessage('Null value can not be supplied as the configuration value.');
        continue;
      }
      try {
        parsed[key.name] = this.parseValue(key, raw, isSet);
      } catch (e) {
        cv.addErrorMessage((e as Error).message);
      }
    }
    for (const key of this.keys.values()) {
      const cv = out.get(key.name)!;
      cv.value = key.name in parsed ? parsed[key.name] : null;
      if (key.recommender) {
        try {
          cv.recommendedValues = key.recommender.validValues(key.name, parsed);
          cv.visible = key.recommender.visible(key.name, parsed);
        } catch (e) {
          cv.addErrorMessage((e as Error).message);
        }
      }
    }
    return out;
  }

  /** The validate REST response for this ConfigDef alone (PASSWORD values masked). */
  validateToConfigInfos(name: string, props: ConfigProps, options: { passwordMask?: string } = {}): ConfigInfos {
    return buildConfigInfos(name, [{ def: this, values: this.validateAll(props).values() }], options);
  }

  /** validateAll as a list in definition order (what Connector.validate returns). */
  validate(props: ConfigProps): ConfigValue[] {
    return [...this.validateAll(props).values()];
  }
}
