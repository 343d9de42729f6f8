// Kafka REST and Schema Registry take a key of their own resource, not the cloud key. As Confluent's
// console does, the console asks for one or creates one (owned by the signed-in key's owner) and
// says so; the key stays in this tab's session storage.
import { useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { useCloud, useCloudKey } from '../api/hooks';
import { session, type Credentials } from '../api/session';
import { ErrorBox } from './ui';

/** A new API key of the resource, owned by the owner of the signed-in cloud key. */
export async function createResourceKey(
  cloud: ReturnType<typeof useCloud>,
  cloudKey: Credentials,
  resourceId: string,
  environment: string,
  what: string,
): Promise<Credentials> {
  const mine = await cloud.apiKey(cloudKey.key);
  const created = await cloud.createApiKey(
    mine.spec.owner.id,
    { id: resourceId, environment },
    `Created by the web console for ${what}`,
  );
  return { key: created.id, secret: created.spec.secret ?? '' };
}

export function ResourceKeyGate({
  resourceId,
  environment,
  what,
  children,
}: {
  resourceId: string;
  environment: string;
  what: string;
  children: (key: Credentials, forget: () => void) => ReactNode;
}) {
  const cloud = useCloud();
  const cloudKey = useCloudKey();
  const [key, setKey] = useState(() => session.resourceKey(resourceId));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const form = useForm<Credentials>({ defaultValues: { key: '', secret: '' } });
  if (key) {
    const forget = () => {
      session.forgetResourceKey(resourceId);
      setKey(undefined);
    };
    return <>{children(key, forget)}</>;
  }
  const use = (c: Credentials) => {
    session.setResourceKey(resourceId, c);
    setKey(c);
  };
  const create = async () => {
    setBusy(true);
    setError(undefined);
    try {
      use(await createResourceKey(cloud, cloudKey, resourceId, environment, what));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card gate" aria-labelledby="gate-title">
      <h2 id="gate-title">An API key of {resourceId} is needed</h2>
      <p>
        {what} calls are authenticated with an API key of <code>{resourceId}</code>, not with your cloud API key. The
        console can create one owned by your account (it appears under API keys and you can delete it there), or you can
        paste an existing one. It is kept in this browser tab only.
      </p>
      <button type="button" className="primary" onClick={() => void create()} disabled={busy}>
        {busy ? 'Creating…' : `Create an API key for ${resourceId}`}
      </button>
      {error !== undefined && <ErrorBox error={error} title="Could not create the key" />}
      <form className="inline-form" onSubmit={form.handleSubmit(use)}>
        <label>
          API key
          <input {...form.register('key', { required: true })} autoComplete="off" />
        </label>
        <label>
          API secret
          <input type="password" {...form.register('secret', { required: true })} autoComplete="off" />
        </label>
        <button type="submit">Use this key</button>
      </form>
    </section>
  );
}
