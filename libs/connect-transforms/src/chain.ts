// The transformation chain, built from a connector config exactly as Kafka Connect reads it:
//   transforms=a,b  transforms.a.type=...  transforms.a.<prop>=...
//   transforms.a.predicate=p  transforms.a.negate=true  predicates=p  predicates.p.type=...
// and the validation that reports problems per full property path (transforms.a.spec).
import {
  ConfigDef,
  ConfigException,
  ConfigValue,
  LambdaValidator,
  parseType,
  type Predicate,
  type Transformation,
} from '@libs/connect-spi';
import { defaultTransformRegistry, type TransformPlugin, type TransformPluginRegistry } from './registry';
import type { AnyRecord } from './util/requirements';

export const TRANSFORMS_CONFIG = 'transforms';
export const PREDICATES_CONFIG = 'predicates';
export const TRANSFORMS_GROUP = 'Transforms';
export const PREDICATES_GROUP = 'Predicates';

export type ConnectorProps = Readonly<Record<string, unknown>>;

/** One alias of the chain: the transform, its optional predicate, and negate. */
export class TransformationStage<R extends AnyRecord> {
  constructor(
    readonly alias: string,
    readonly className: string,
    readonly transformation: Transformation<R>,
    readonly predicate: { alias: string; className: string; predicate: Predicate<R> } | null = null,
    readonly negate = false,
  ) {}

  /** Applies the transform iff there is no predicate or predicate.test(record) XOR negate. */
  apply(record: R): R | null {
    if (this.predicate && this.predicate.predicate.test(record) === this.negate) return record;
    return this.transformation.apply(record);
  }

  close(): void {
    this.transformation.close();
    this.predicate?.predicate.close();
  }
}

export class TransformationChain<R extends AnyRecord> {
  constructor(readonly stages: readonly TransformationStage<R>[]) {}

  /** Builds and configures every stage; throws ConfigException listing all problems. */
  static fromConfig<R extends AnyRecord>(
    props: ConnectorProps,
    registry: TransformPluginRegistry = defaultTransformRegistry,
  ): TransformationChain<R> {
    const result = buildChain<R>(props, registry);
    const keys = Object.keys(result.errors);
    if (keys.length > 0) {
      for (const s of result.stages) s.close();
      const lines = keys.flatMap((k) => result.errors[k]);
      throw ConfigException.forKey(keys[0], lines.join('\n'));
    }
    return new TransformationChain(result.stages);
  }

  /** Runs the stages in order; null means the record was dropped (later stages skipped). */
  apply(record: R): R | null {
    let r: R | null = record;
    for (let i = 0; i < this.stages.length && r !== null; i++) r = this.stages[i].apply(r);
    return r;
  }

  close(): void {
    for (const s of this.stages) s.close();
  }
}

function parseAliases(props: ConnectorProps, key: string): string[] {
  const raw = props[key];
  if (raw === undefined || raw === null) return [];
  return (parseType(key, raw, 'LIST') as string[]).map((a) => a.trim()).filter((a) => a !== '');
}

function withPrefix(props: ConnectorProps, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in props) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = props[k];
  return out;
}

const uniqueAliases = LambdaValidator.with(
  (name, value) => {
    const list = (value as string[]) ?? [];
    if (new Set(list).size !== list.length) throw new ConfigException(name, value, 'Duplicate alias provided.');
  },
  () => 'unique transformation aliases',
);

/** Kafka's ConnectorConfig definitions for the chain, plus one group per alias. */
export function transformationConfigDef(
  props: ConnectorProps,
  registry: TransformPluginRegistry = defaultTransformRegistry,
): ConfigDef {
  const def = new ConfigDef()
    .define({
      name: TRANSFORMS_CONFIG,
      type: 'LIST',
      defaultValue: '',
      validator: uniqueAliases,
      importance: 'LOW',
      documentation: 'Aliases for the transformations to be applied to records.',
      group: TRANSFORMS_GROUP,
      orderInGroup: 1,
      width: 'LONG',
      displayName: 'Transforms',
    })
    .define({
      name: PREDICATES_CONFIG,
      type: 'LIST',
      defaultValue: '',
      validator: uniqueAliases,
      importance: 'LOW',
      documentation: 'Aliases for the predicates used by transformations.',
      group: PREDICATES_GROUP,
      orderInGroup: 1,
      width: 'LONG',
      displayName: 'Predicates',
    });
  let transforms: string[];
  let predicates: string[];
  try {
    transforms = [...new Set(parseAliases(props, TRANSFORMS_CONFIG))];
    predicates = [...new Set(parseAliases(props, PREDICATES_CONFIG))];
  } catch {
    return def;
  }
  for (const alias of transforms) {
    const prefix = `${TRANSFORMS_CONFIG}.${alias}.`;
    const group = `Transforms: ${alias}`;
    def.define({
      name: prefix + 'type',
      type: 'CLASS',
      importance: 'HIGH',
      documentation: `Class for the '${alias}' transformation.`,
      group,
      orderInGroup: 0,
      width: 'LONG',
      displayName: `Transformation type for ${alias}`,
    });
    def.define({
      name: prefix + 'predicate',
      type: 'STRING',
      defaultValue: null,
      importance: 'MEDIUM',
      documentation: `The alias of a predicate used to determine whether to apply the '${alias}' transformation.`,
      group,
      orderInGroup: 1,
      width: 'LONG',
      displayName: `Predicate for ${alias}`,
    });
    def.define({
      name: prefix + 'negate',
      type: 'BOOLEAN',
      defaultValue: false,
      importance: 'MEDIUM',
      documentation: `Whether the configured predicate should be negated.`,
      group,
      orderInGroup: 2,
      width: 'SHORT',
      displayName: 'Negate',
    });
    const plugin = lookup(props[prefix + 'type'], registry);
    if (plugin?.type === 'transformation') embedPluginDef(def, prefix, group, plugin, ['type', 'predicate', 'negate']);
  }
  for (const alias of predicates) {
    const prefix = `${PREDICATES_CONFIG}.${alias}.`;
    const group = `Predicates: ${alias}`;
    def.define({
      name: prefix + 'type',
      type: 'CLASS',
      importance: 'HIGH',
      documentation: `Class for the '${alias}' predicate.`,
      group,
      orderInGroup: 0,
      width: 'LONG',
      displayName: `Predicate type for ${alias}`,
    });
    const plugin = lookup(props[prefix + 'type'], registry);
    if (plugin?.type === 'predicate') embedPluginDef(def, prefix, group, plugin, ['type']);
  }
  return def;
}

function embedPluginDef(
  def: ConfigDef,
  prefix: string,
  group: string,
  plugin: TransformPlugin,
  reserved: string[],
): void {
  const child = new ConfigDef();
  const instance = plugin.create();
  // A plugin key named like an implicit key (predicate, negate, type) is masked by it.
  for (const key of instance.config().configKeys.values()) if (!reserved.includes(key.name)) child.defineKey(key);
  instance.close();
  def.embed(prefix, group, reserved.length, child);
}

function lookup(type: unknown, registry: TransformPluginRegistry): TransformPlugin | null {
  return typeof type === 'string' && type.trim() !== '' ? registry.find(type) : null;
}

interface BuildResult<R extends AnyRecord> {
  stages: TransformationStage<R>[];
  errors: Record<string, string[]>;
}

function addError(errors: Record<string, string[]>, key: string, message: string): void {
  (errors[key] ??= []).push(message);
}

/** ConfigExceptions from configure() are pinned to the offending key when it is known. */
function configureError(errors: Record<string, string[]>, prefix: string, e: unknown): void {
  const name = e instanceof ConfigException && e.configName ? e.configName : 'type';
  const msg = (e as Error).message
    .replace(`for configuration ${name}:`, `for configuration ${prefix}${name}:`)
    .replace(`configuration "${name}"`, `configuration "${prefix}${name}"`);
  addError(errors, prefix + name, msg);
}

function buildChain<R extends AnyRecord>(props: ConnectorProps, registry: TransformPluginRegistry): BuildResult<R> {
  const errors: Record<string, string[]> = {};
  const stages: TransformationStage<R>[] = [];
  let transforms: string[];
  let predicateAliases: string[];
  try {
    transforms = parseAliases(props, TRANSFORMS_CONFIG);
    predicateAliases = parseAliases(props, PREDICATES_CONFIG);
  } catch (e) {
    addError(errors, TRANSFORMS_CONFIG, (e as Error).message);
    return { stages, errors };
  }
  if (new Set(transforms).size !== transforms.length)
    addError(
      errors,
      TRANSFORMS_CONFIG,
      `Invalid value ${transforms.join(',')} for configuration ${TRANSFORMS_CONFIG}: Duplicate alias provided.`,
    );
  if (new Set(predicateAliases).size !== predicateAliases.length)
    addError(
      errors,
      PREDICATES_CONFIG,
      `Invalid value ${predicateAliases.join(',')} for configuration ${PREDICATES_CONFIG}: Duplicate alias provided.`,
    );

  const predicates = new Map<string, { className: string; predicate: Predicate<R> }>();
  for (const alias of new Set(predicateAliases)) {
    const prefix = `${PREDICATES_CONFIG}.${alias}.`;
    const plugin = resolvePlugin(props, prefix, 'predicate', registry, errors);
    if (!plugin) continue;
    const predicate = plugin.create() as Predicate<R>;
    try {
      predicate.configure(withPrefix(props, prefix));
      predicates.set(alias, { className: plugin.className, predicate });
    } catch (e) {
      configureError(errors, prefix, e);
    }
  }

  for (const alias of new Set(transforms)) {
    const prefix = `${TRANSFORMS_CONFIG}.${alias}.`;
    const plugin = resolvePlugin(props, prefix, 'transformation', registry, errors);
    const predicateAlias = props[prefix + 'predicate'];
    const hasPredicate =
      predicateAlias !== undefined && predicateAlias !== null && String(predicateAlias).trim() !== '';
    let negate = false;
    if (props[prefix + 'negate'] !== undefined) {
      try {
        negate = parseType(prefix + 'negate', props[prefix + 'negate'], 'BOOLEAN') as boolean;
      } catch (e) {
        addError(errors, prefix + 'negate', (e as Error).message);
      }
      if (!hasPredicate)
        addError(
          errors,
          prefix + 'negate',
          `Config '${prefix}negate' was provided but there is no config '${prefix}predicate' defining a predicate to be negated.`,
        );
    }
    let predicate: TransformationStage<R>['predicate'] = null;
    if (hasPredicate) {
      const p = String(predicateAlias).trim();
      const found = predicates.get(p);
      if (found) predicate = { alias: p, ...found };
      else if (!predicateAliases.includes(p))
        addError(
          errors,
          prefix + 'predicate',
          `Invalid value ${p} for configuration ${prefix}predicate: the predicate alias '${p}' is not listed in '${PREDICATES_CONFIG}'`,
        );
    }
    if (!plugin) continue;
    const transformation = plugin.create() as Transformation<R>;
    const own = withPrefix(props, prefix);
    delete own.predicate;
    delete own.negate;
    try {
      transformation.configure(own);
      stages.push(new TransformationStage(alias, plugin.className, transformation, predicate, negate));
    } catch (e) {
      configureError(errors, prefix, e);
    }
  }
  return { stages, errors };
}

function resolvePlugin(
  props: ConnectorProps,
  prefix: string,
  type: 'transformation' | 'predicate',
  registry: TransformPluginRegistry,
  errors: Record<string, string[]>,
): TransformPlugin | null {
  const key = prefix + 'type';
  const cls = props[key];
  if (cls === undefined || cls === null || String(cls).trim() === '') {
    addError(errors, key, `Missing required configuration "${key}" which has no default value.`);
    return null;
  }
  const plugin = registry.find(String(cls));
  if (!plugin) {
    addError(
      errors,
      key,
      `Invalid value ${String(cls).trim()} for configuration ${key}: Class ${String(cls).trim()} could not be found.`,
    );
    return null;
  }
  if (plugin.type !== type) {
    const iface = type === 'transformation' ? 'Transformation' : 'Predicate';
    addError(
      errors,
      key,
      `Invalid value ${plugin.className} for configuration ${key}: Class ${plugin.className} does not implement the ${iface} interface`,
    );
    return null;
  }
  return plugin;
}

export interface TransformationValidation {
  /** The dynamic definitions (transforms, predicates, per-alias groups) for the validate response. */
  configDef: ConfigDef;
  /** One ConfigValue per defined key, errors included. */
  configValues: ConfigValue[];
  /** Every error, keyed by full property path (e.g. `transforms.castIt.spec`). */
  errors: Record<string, string[]>;
}

/**
 * Validates the chain part of a connector config: per-key parse/validator errors from the
 * transforms' own ConfigDefs, unknown classes, predicate wiring, and configure() failures.
 */
export function validateTransformationConfig(
  props: ConnectorProps,
  registry: TransformPluginRegistry = defaultTransformRegistry,
): TransformationValidation {
  const configDef = transformationConfigDef(props, registry);
  const values = configDef.validateAll(props);
  const errors: Record<string, string[]> = {};
  for (const [k, v] of values) for (const m of v.errorMessages) addError(errors, k, m);
  const built = buildChain<AnyRecord>(props, registry);
  for (const s of built.stages) s.close();
  for (const [k, msgs] of Object.entries(built.errors)) {
    for (const m of msgs) {
      if (errors[k]?.some((x) => x === m || sameMissing(x, m))) continue;
      // Parse errors already reported by the ConfigDef show up again from configure(); keep one.
      if (errors[k] && m.startsWith('Invalid value') && errors[k].some((x) => x.startsWith('Invalid value'))) continue;
      if (errors[k] && m.startsWith('Missing required')) continue;
      addError(errors, k, m);
      let cv = values.get(k);
      if (!cv) {
        cv = new ConfigValue(k);
        values.set(k, cv);
      }
      cv.addErrorMessage(m);
    }
  }
  return { configDef, configValues: [...values.values()], errors };
}

function sameMissing(a: string, b: string): boolean {
  return a.startsWith('Missing required') && b.startsWith('Missing required');
}
