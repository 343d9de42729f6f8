// Confluent's list pagination: follow `metadata.next` until it runs out.
import type { ApiClient } from '../http/api-client';

export async function listAll<T>(client: ApiClient, path: string): Promise<T[]> {
  const out: T[] = [];
  let next: string | undefined = path;
  while (next) {
    const res: { body: { data?: T[]; metadata?: { next?: string } } } = await client.get(next);
    out.push(...(res.body.data ?? []));
    next = res.body.metadata?.next || undefined;
  }
  return out;
}
