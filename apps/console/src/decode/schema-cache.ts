import type { RegisteredSchema, SchemaLookup } from './wire';

/** Schemas by id, fetched once per registry key (ids never change meaning within a registry). */
export function cachedLookup(fetchSchema: (id: number) => Promise<RegisteredSchema>): SchemaLookup {
  const cache = new Map<number, Promise<RegisteredSchema>>();
  return (id) => {
    let p = cache.get(id);
    if (!p) {
      p = fetchSchema(id);
      cache.set(id, p);
      p.catch(() => cache.delete(id));
    }
    return p;
  };
}
