// One canonical form of a JSON value for the whole code base: equal values give equal text. Used
// for source partitions as keys (Kafka Connect stores them as serialized JSON) and for Schema
// Registry schema identity (key order is not part of a schema's meaning).

/** The same JSON value with every object's keys in sorted order, recursively; arrays keep their order. */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeysDeep) as T;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    // fromEntries defines own properties: a "__proto__" key (JSON.parse makes one) stays a key
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, sortKeysDeep(o[k])]),
    ) as T;
  }
  return value;
}

/** JSON text with sorted keys and no whitespace (undefined, like JSON.stringify, is left out or null). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value)) ?? 'null';
}
