import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useCloud, useSchemaRegistry } from '../api/hooks';
import type { Credentials } from '../api/session';
import { ResourceKeyGate } from '../components/ResourceKeyGate';
import { Empty, ErrorBox, Loading } from '../components/ui';

function SubjectList({ srKey, env }: { srKey: Credentials; env: string }) {
  const sr = useSchemaRegistry(srKey)!;
  const subjects = useQuery({ queryKey: ['subjects', srKey.key], queryFn: () => sr.subjects() });
  if (subjects.isPending) return <Loading what="Loading subjects" />;
  if (subjects.error) return <ErrorBox error={subjects.error} />;
  if (subjects.data.length === 0)
    return <Empty>No subject yet: a connector writing AVRO, JSON_SR or PROTOBUF registers its schemas here.</Empty>;
  return (
    <ul className="list" aria-label="Subjects">
      {subjects.data.map((s) => (
        <li key={s}>
          <Link to={`/environments/${env}/schema-registry/subjects/${encodeURIComponent(s)}`}>{s}</Link>
        </li>
      ))}
    </ul>
  );
}

/** Wraps a Schema Registry page: finds the environment's registry and its key. */
export function WithRegistry({ env, children }: { env: string; children: (key: Credentials) => React.ReactNode }) {
  const cloud = useCloud();
  const sr = useQuery({ queryKey: ['srcm', env], queryFn: () => cloud.schemaRegistries(env) });
  if (sr.isPending) return <Loading />;
  if (sr.error) return <ErrorBox error={sr.error} />;
  const lsrc = sr.data.data[0]?.id;
  if (!lsrc) return <Empty>This environment has no Schema Registry.</Empty>;
  return (
    <>
      <p className="muted">
        Registry <code>{lsrc}</code> · endpoint <code>{sr.data.data[0]?.spec.http_endpoint}</code>
      </p>
      <ResourceKeyGate resourceId={lsrc} environment={env} what="Schema Registry">
        {(key) => children(key)}
      </ResourceKeyGate>
    </>
  );
}

export default function Subjects() {
  const env = useParams().env ?? '';
  return (
    <section>
      <nav className="crumbs">
        <Link to="/environments">Environments</Link> / <Link to={`/environments/${env}`}>{env}</Link>
      </nav>
      <h1>Schema Registry subjects</h1>
      <WithRegistry env={env}>{(key) => <SubjectList srKey={key} env={env} />}</WithRegistry>
    </section>
  );
}
