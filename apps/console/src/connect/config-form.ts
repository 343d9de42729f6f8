// The add-connector wizard's form, generated from the plugin's validate answer (Kafka Connect
// ConfigInfos): groups in the answer's order, fields by their order in the group, a widget per
// definition type, recommended values as choices, the field's own errors, hidden when not visible.
import type { ConfigInfos } from '../api/types';

export type Widget = 'text' | 'password' | 'select' | 'toggle' | 'number' | 'list';

export interface FormField {
  name: string;
  label: string;
  widget: Widget;
  required: boolean;
  documentation: string;
  defaultValue: string | null;
  value: string | null;
  options: string[];
  errors: string[];
  importance: string;
  order: number;
}

export interface FormGroup {
  name: string;
  fields: FormField[];
}

export type StepId = 'topic' | 'credentials' | 'configuration' | 'advanced' | 'sizing' | 'review';

function widgetOf(type: string, options: string[]): Widget {
  if (type === 'PASSWORD') return 'password';
  if (type === 'BOOLEAN') return 'toggle';
  if (options.length > 0) return 'select';
  if (type === 'INT' || type === 'LONG' || type === 'SHORT' || type === 'DOUBLE') return 'number';
  if (type === 'LIST') return 'list';
  return 'text';
}

/** Groups with their visible fields, in the answer's order; transform and predicate groups excluded (the SMT editor shows them). */
export function buildForm(infos: ConfigInfos): FormGroup[] {
  const byGroup = new Map<string, FormField[]>();
  for (const g of infos.groups) byGroup.set(g, []);
  for (const { definition: d, value: v } of infos.configs) {
    if (v.visible === false) continue;
    const group = d.group ?? 'Other';
    if (/^(Transforms|Predicates)(: |$)/.test(group) || d.name === 'transforms' || d.name === 'predicates') continue;
    const options = v.recommended_values ?? [];
    const field: FormField = {
      name: d.name,
      label: d.display_name || d.name,
      widget: widgetOf(d.type, options),
      required: d.required === true,
      documentation: d.documentation ?? '',
      defaultValue: d.default_value ?? null,
      value: v.value,
      options,
      errors: v.errors ?? [],
      importance: d.importance ?? 'LOW',
      order: d.order ?? -1,
    };
    if (!byGroup.has(group)) byGroup.set(group, []);
    byGroup.get(group)!.push(field);
  }
  return [...byGroup.entries()]
    .map(([name, fields]) => ({
      name,
      fields: fields.sort((a, b) => (a.order < 0 ? 1e9 : a.order) - (b.order < 0 ? 1e9 : b.order)),
    }))
    .filter((g) => g.fields.length > 0);
}

const FIELD_STEPS: Record<string, StepId> = {
  'kafka.topic': 'topic',
  topics: 'topic',
  'topics.regex': 'topic',
  'kafka.auth.mode': 'credentials',
  'kafka.api.key': 'credentials',
  'kafka.api.secret': 'credentials',
  'kafka.service.account.id': 'credentials',
  'tasks.max': 'sizing',
  'connector.class': 'review',
  name: 'review',
};

/** Which wizard step a group belongs to (Confluent's steps map onto the validate groups). */
export function stepOf(group: FormGroup): StepId {
  const names = group.fields.map((f) => f.name);
  if (names.includes('kafka.topic') || names.includes('topics') || names.includes('topics.regex')) return 'topic';
  if (names.includes('kafka.auth.mode')) return 'credentials';
  if (names.includes('tasks.max')) return 'sizing';
  if (names.includes('connector.class') || names.includes('name')) return 'review';
  // fields without an order in their group are the templates' advanced ones
  return group.fields.every((f) => f.importance === 'LOW') ? 'advanced' : 'configuration';
}

/**
 * The groups of each step. The well-known framework keys (topic, credentials, tasks, name) go to their
 * own step even when a plugin declares them in its own group (our Datagen has a single "Datagen" group
 * holding kafka.topic and tasks.max next to its own keys); the rest of a group follows stepOf.
 */
export function groupsByStep(groups: FormGroup[]): Record<StepId, FormGroup[]> {
  const out: Record<StepId, FormGroup[]> = {
    topic: [],
    credentials: [],
    configuration: [],
    advanced: [],
    sizing: [],
    review: [],
  };
  for (const g of groups) {
    const split = new Map<StepId, FormField[]>();
    const rest: FormField[] = [];
    for (const f of g.fields) {
      const step = FIELD_STEPS[f.name];
      if (step === undefined) rest.push(f);
      else split.set(step, [...(split.get(step) ?? []), f]);
    }
    if (rest.length > 0) {
      const step = stepOf({ name: g.name, fields: rest });
      split.set(step, [...(split.get(step) ?? []), ...rest]);
    }
    for (const [step, fields] of split) out[step].push({ name: g.name, fields });
  }
  return out;
}

/** Errors per field name, from a validate answer (the wizard shows each on its own field). */
export function fieldErrors(infos: ConfigInfos): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { value } of infos.configs) if (value.errors && value.errors.length > 0) out[value.name] = value.errors;
  return out;
}

/** The config to send: only the keys the user set (empty values dropped), as strings. */
export function cleanConfig(values: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null || v === '') continue;
    out[k] = typeof v === 'boolean' ? String(v) : String(v);
  }
  return out;
}

/** Confluent's default connector name: `<Plugin>Connector_<n>`, the first n not taken. */
export function defaultConnectorName(plugin: string, taken: string[]): string {
  const base = `${plugin}Connector`;
  for (let n = 0; ; n++) if (!taken.includes(`${base}_${n}`)) return `${base}_${n}`;
}
