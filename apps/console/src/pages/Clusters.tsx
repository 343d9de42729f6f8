import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { Link, useParams } from 'react-router';
import { useCloud } from '../api/hooks';
import { ConfirmDelete, Empty, ErrorBox, Loading, StateBadge } from '../components/ui';

export default function Clusters() {
  const env = useParams().env ?? '';
  const cloud = useCloud();
  const qc = useQueryClient();
  const clusters = useQuery({
    queryKey: ['clusters', env],
    queryFn: () => cloud.clusters(env),
    // a new cluster is PROVISIONING for a moment
    refetchInterval: (q) => (q.state.data?.data.some((c) => c.status?.phase === 'PROVISIONING') ? 1000 : false),
  });
  const form = useForm<{ name: string }>({ defaultValues: { name: '' } });
  const create = useMutation({
    mutationFn: (name: string) => cloud.createCluster(env, name),
    onSuccess: () => {
      form.reset();
      void qc.invalidateQueries({ queryKey: ['clusters', env] });
    },
  });
  return (
    <section>
      <nav className="crumbs" aria-label="Breadcrumbs">
        <Link to="/environments">Environments</Link> / <code>{env}</code>
      </nav>
      <h1>Clusters</h1>
      <p>
        <Link to={`/environments/${env}/schema-registry`}>Schema Registry of this environment</Link>
      </p>
      <form className="inline-form" onSubmit={form.handleSubmit((v) => create.mutate(v.name))}>
        <label>
          New cluster name
          <input {...form.register('name', { required: true })} />
        </label>
        <button type="submit" disabled={create.isPending}>
          Create cluster
        </button>
      </form>
      {create.error && <ErrorBox error={create.error} title="Could not create the cluster" />}
      {clusters.isPending && <Loading what="Loading clusters" />}
      {clusters.error && <ErrorBox error={clusters.error} />}
      {clusters.data && clusters.data.data.length === 0 && <Empty>No cluster in this environment yet.</Empty>}
      <ul className="cards">
        {clusters.data?.data.map((c) => (
          <li key={c.id} className="card">
            <h2>
              <Link to={`/environments/${env}/clusters/${c.id}`}>{c.spec.display_name}</Link>
            </h2>
            <p className="muted">
              <code>{c.id}</code> · {c.spec.config?.kind} · {c.spec.cloud} {c.spec.region}{' '}
              <StateBadge state={c.status?.phase ?? 'UNKNOWN'} />
            </p>
            <div className="actions">
              <Link to={`/environments/${env}/clusters/${c.id}/topics`}>Topics</Link>
              <Link to={`/environments/${env}/clusters/${c.id}/connectors`}>Connectors</Link>
              <ConfirmDelete
                what="cluster"
                name={c.spec.display_name}
                onConfirm={async () => {
                  await cloud.deleteCluster(env, c.id);
                  await qc.invalidateQueries({ queryKey: ['clusters', env] });
                }}
              />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
