import { useMemo } from 'react';
import { useParams } from 'react-router';
import { cloudApi, connectApi, kafkaApi, schemaRegistryApi } from './endpoints';
import { session, type Credentials } from './session';

/** The signed-in cloud key (Layout redirects to sign-in when there is none). */
export function useCloudKey(): Credentials {
  const c = session.cloud();
  if (!c) throw new Error('Not signed in');
  return c;
}

export function useCloud() {
  const c = useCloudKey();
  return useMemo(() => cloudApi(c), [c.key, c.secret]);
}

export function useClusterParams(): { env: string; lkc: string } {
  const { env, lkc } = useParams();
  return { env: env ?? '', lkc: lkc ?? '' };
}

export function useConnect() {
  const c = useCloudKey();
  const { env, lkc } = useClusterParams();
  return useMemo(() => connectApi(c, env, lkc), [c.key, c.secret, env, lkc]);
}

export function useKafka(key: Credentials, lkc: string) {
  return useMemo(() => kafkaApi(key, lkc), [key.key, key.secret, lkc]);
}

export function useSchemaRegistry(key: Credentials | undefined) {
  return useMemo(() => (key ? schemaRegistryApi(key) : undefined), [key?.key, key?.secret]);
}
