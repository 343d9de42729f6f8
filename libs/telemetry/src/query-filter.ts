// The Metrics API's filter: a field comparison (EQ, GT, GTE; lexicographic on the label's value),
// AND/OR of filters, or NOT. Every query must pin the resources it reads (`resource.connector.id`
// or `resource.kafka.id` EQ …) as Confluent's does: authorization and the store's index work per
// resource.
import { MetricsQueryError } from './query-error';

export type FieldOp = 'EQ' | 'GT' | 'GTE';

export type QueryFilter =
  | { field: string; op: FieldOp; value: string }
  | { op: 'AND' | 'OR'; filters: QueryFilter[] }
  | { op: 'NOT'; filter: QueryFilter };

/** A series' labels as filters and group_by name them: `resource.connector.id`, `metric.topic`. */
export type SeriesLabels = Record<string, string>;

const MAX_DEPTH = 8;

export function parseFilter(raw: unknown, pointer: string, depth = 0): QueryFilter {
  if (depth > MAX_DEPTH) throw new MetricsQueryError('filter is nested too deeply', pointer);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new MetricsQueryError('filter must be an object', pointer);
  const f = raw as { field?: unknown; op?: unknown; value?: unknown; filters?: unknown; filter?: unknown };
  switch (f.op) {
    case 'EQ':
    case 'GT':
    case 'GTE':
      if (typeof f.field !== 'string' || f.field === '')
        throw new MetricsQueryError(
          'field must be a label name such as resource.connector.id or metric.topic',
          `${pointer}/field`,
        );
      if (typeof f.value !== 'string' && !(typeof f.value === 'number' && Number.isFinite(f.value)))
        throw new MetricsQueryError('value must be a string or a number', `${pointer}/value`);
      return { field: f.field, op: f.op, value: String(f.value) };
    case 'AND':
    case 'OR':
      if (!Array.isArray(f.filters) || f.filters.length === 0)
        throw new MetricsQueryError(`${f.op} needs a non-empty filters list`, `${pointer}/filters`);
      return { op: f.op, filters: f.filters.map((x, i) => parseFilter(x, `${pointer}/filters/${i}`, depth + 1)) };
    case 'NOT':
      return { op: 'NOT', filter: parseFilter(f.filter, `${pointer}/filter`, depth + 1) };
    default:
      throw new MetricsQueryError('op must be one of EQ, GT, GTE, AND, OR, NOT', `${pointer}/op`);
  }
}

export function matches(f: QueryFilter, labels: SeriesLabels): boolean {
  if ('field' in f) {
    // Own labels only: an inherited member ('toString', '__proto__') is not a label of the series.
    const v = Object.hasOwn(labels, f.field) ? labels[f.field] : undefined;
    if (v === undefined) return false;
    return f.op === 'EQ' ? v === f.value : f.op === 'GT' ? v > f.value : v >= f.value;
  }
  if (f.op === 'NOT') return !matches(f.filter, labels);
  return f.op === 'AND' ? f.filters.every((x) => matches(x, labels)) : f.filters.some((x) => matches(x, labels));
}

const isResourceId = (field: string) => /^resource\.[a-z_]+\.id$/.test(field);

/**
 * The resource ids a filter can match, or null when it does not pin them (a series of any resource
 * could match). AND takes the narrowest pinned child, OR needs every child pinned.
 */
export function pinnedResourceIds(f: QueryFilter): string[] | null {
  if ('field' in f) return f.op === 'EQ' && isResourceId(f.field) ? [f.value] : null;
  if (f.op === 'NOT') return null;
  const children = f.filters.map(pinnedResourceIds);
  if (f.op === 'AND') {
    const pinned = children.filter((c): c is string[] => c !== null);
    return pinned.length === 0 ? null : pinned.reduce((a, b) => (b.length < a.length ? b : a));
  }
  if (children.some((c) => c === null)) return null;
  return [...new Set(children.flat() as string[])];
}
