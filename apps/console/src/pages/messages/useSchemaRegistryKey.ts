import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { schemaRegistryApi } from '../../api/endpoints';
import { useCloud, useCloudKey } from '../../api/hooks';
import { session } from '../../api/session';
import { createResourceKey } from '../../components/ResourceKeyGate';
import { cachedLookup } from '../../decode/schema-cache';

/** The environment's Schema Registry (lsrc-…, found through SRCM) and this tab's key for it, if any. */
export function useSchemaRegistryKey(env: string) {
  const cloud = useCloud();
  const cloudKey = useCloudKey();
  const sr = useQuery({ queryKey: ['srcm', env], queryFn: () => cloud.schemaRegistries(env) });
  const lsrc = sr.data?.data[0]?.id;
  const [version, setVersion] = useState(0);
  const key = useMemo(() => (lsrc ? session.resourceKey(lsrc) : undefined), [lsrc, version]);
  const lookup = useMemo(() => (key ? cachedLookup((id) => schemaRegistryApi(key).schemaById(id)) : undefined), [key]);
  const create = async () => {
    if (!lsrc) throw new Error('This environment has no Schema Registry');
    session.setResourceKey(lsrc, await createResourceKey(cloud, cloudKey, lsrc, env, 'Schema Registry'));
    setVersion((v) => v + 1);
  };
  return { lsrc, key, lookup, create, error: sr.error };
}
