import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { useCloud } from '../api/hooks';
import { ConfirmDelete, Empty, ErrorBox, Loading } from '../components/ui';

export default function Environments() {
  const cloud = useCloud();
  const qc = useQueryClient();
  const envs = useQuery({ queryKey: ['environments'], queryFn: () => cloud.environments() });
  const form = useForm<{ name: string }>({ defaultValues: { name: '' } });
  const create = useMutation({
    mutationFn: (name: string) => cloud.createEnvironment(name),
    onSuccess: () => {
      form.reset();
      void qc.invalidateQueries({ queryKey: ['environments'] });
    },
  });
  return (
    <section>
      <h1>Environments</h1>
      <form className="inline-form" onSubmit={form.handleSubmit((v) => create.mutate(v.name))}>
        <label>
          New environment name
          <input {...form.register('name', { required: true })} />
        </label>
        <button type="submit" disabled={create.isPending}>
          Add environment
        </button>
      </form>
      {create.error && <ErrorBox error={create.error} title="Could not create the environment" />}
      {envs.isPending && <Loading what="Loading environments" />}
      {envs.error && <ErrorBox error={envs.error} />}
      {envs.data && envs.data.data.length === 0 && <Empty>No environment yet: add one above.</Empty>}
      <ul className="cards">
        {envs.data?.data.map((e) => (
          <li key={e.id} className="card">
            <h2>
              <Link to={`/environments/${e.id}`}>{e.display_name}</Link>
            </h2>
            <p className="muted">
              <code>{e.id}</code>
            </p>
            <div className="actions">
              <Link to={`/environments/${e.id}/schema-registry`}>Schema Registry</Link>
              <ConfirmDelete
                what="environment"
                name={e.display_name}
                onConfirm={async () => {
                  await cloud.deleteEnvironment(e.id);
                  await qc.invalidateQueries({ queryKey: ['environments'] });
                }}
              />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
